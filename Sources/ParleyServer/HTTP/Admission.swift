import Crypto
import Foundation
import Synchronization

/// Who may create negotiations, how often, and how large: what `POST /api/negotiations` checks
/// before it parses a scenario's outcomes or stores anything.
public struct AdmissionPolicy: Sendable {
    /// The key a creation must present as `Authorization: Bearer KEY`; nil leaves creation
    /// open, which only a loopback-bound server allows.
    public var creationKey: String?
    /// Creations per minute per client address (a token bucket of this size, refilled evenly);
    /// nil for no limit. `parley serve` sets it whenever a creation key is required.
    public var creationsPerMinute: Int?
    /// The largest outcome space a negotiation may have. The built-in strategies rank the space
    /// once and then spend O(log N) per action (the frequency model O(N)), so this bounds the
    /// CPU a negotiation can take per action.
    public var outcomeLimit: Double

    /// The default outcome limit: every GENIUS domain up to ANAC 2013 fits.
    public static let defaultOutcomeLimit = 1e6

    /// A policy; the defaults are those of a loopback-bound `parley serve`.
    public init(creationKey: String? = nil, creationsPerMinute: Int? = nil, outcomeLimit: Double = AdmissionPolicy.defaultOutcomeLimit) {
        self.creationKey = creationKey
        self.creationsPerMinute = creationsPerMinute
        self.outcomeLimit = outcomeLimit
    }

    /// Whether `hostname` accepts only local connections.
    public static func isLoopback(_ hostname: String) -> Bool {
        hostname == "localhost" || hostname == "::1" || hostname.hasPrefix("127.")
    }

    /// Whether a presented creation key is the configured one (compared by digest, in constant time).
    func admits(key presented: String?) -> Bool {
        guard let creationKey else { return true }
        guard let presented else { return false }
        let expected = Array(SHA256.hash(data: Data(creationKey.utf8)))
        let given = Array(SHA256.hash(data: Data(presented.utf8)))
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Token buckets of creations per client address.
final class CreationLimiter: Sendable {
    private let perMinute: Double
    private let buckets = Mutex<[String: (tokens: Double, at: ContinuousClock.Instant)]>([:])
    /// Buckets kept before full ones are forgotten: a bound on memory under a flood of addresses.
    static let bucketLimit = 100_000

    init(perMinute: Int) {
        self.perMinute = Double(perMinute)
    }

    /// Takes one creation from `client`'s bucket; the seconds to wait when it is empty.
    func take(_ client: String, now: ContinuousClock.Instant = .now) -> Int? {
        buckets.withLock { buckets in
            if buckets.count >= Self.bucketLimit {
                // A full bucket is the same as no bucket.
                buckets = buckets.filter { _, bucket in bucket.tokens + refill(since: bucket.at, now: now) < perMinute }
            }
            var (tokens, at) = buckets[client] ?? (perMinute, now)
            tokens = min(perMinute, tokens + refill(since: at, now: now))
            at = now
            guard tokens >= 1 else {
                buckets[client] = (tokens, at)
                return max(1, Int(((1 - tokens) * 60 / perMinute).rounded(.up)))
            }
            buckets[client] = (tokens - 1, at)
            return nil
        }
    }

    private func refill(since then: ContinuousClock.Instant, now: ContinuousClock.Instant) -> Double {
        let elapsed = now - then
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return seconds * perMinute / 60
    }
}
