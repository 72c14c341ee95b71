import Foundation
import ParleySupport

/// AgentK, winner of ANAC 2010 (Kawaguchi, Fujita & Ito, "Compromising strategy based on
/// estimated maximum utility for automated negotiation agents", in *New Trends in Agent-Based
/// Complex Automated Negotiations*, 2012).
///
/// From the utilities of the offers it received (mean μ, variance σ²) it estimates the most
/// the opponent will give, `emax = μ + (1 − μ) · d` with `d = √(12σ²)` (the width of a uniform
/// distribution of that variance), and concedes toward it:
/// `target = 1 − t^α · (1 − emax)` with `α = 1 + τ + 10μ − 2τμ` (τ = 2, its "tremor"), scaled by
/// the ratio `(d + 0.1) / (1 − target)` (at most 2) and pulled toward `emax` late. It accepts an
/// offer of utility `u` with probability `P = t^α / 5 + (u − emax) + (u − target)` (0 when
/// below 0.1, certain from 1). It offers the best offer it received that is worth its bidding
/// target (whose exponent β = α + τ·(r − ½) trembles with a seeded draw r), else an outcome
/// drawn uniformly among those worth the bidding target.
///
/// Utilities are taken relative to its best utility (GENIUS's are in [0, 1]); it never offers
/// or accepts below its reservation value. Every other party's offer counts as received.
public struct AgentK: PreferenceDrivenNegotiator, SynchronousNegotiator {
    /// The tremor τ (2 in the paper).
    public var tremor = 2.0
    /// Its own preferences, set up in `start`.
    public private(set) var preferences: OwnPreferences?
    private var random = SeededGenerator(seed: 0)
    private var sum = 0.0
    private var sumOfSquares = 0.0
    private var receivedCount = 0
    /// The best offer received so far and its (relative) utility.
    private var bestReceived: (outcome: Outcome, utility: Double)?
    private var acceptTarget = 1.0

    /// AgentK.
    public init() {}
    /// `agentk`.
    public var strategy: String { "agentk" }

    /// Ranks its outcomes and seeds its draws.
    public mutating func start(_ context: NegotiatorContext) throws {
        preferences = try OwnPreferences(context)
        random = SeededGenerator(seed: context.seed)
        (sum, sumOfSquares, receivedCount, bestReceived, acceptTarget) = (0, 0, 0, nil, 1)
    }

    /// Its current acceptance target in its own utility (its best utility before any offer).
    public func target(at time: Double) -> Double {
        guard let own = preferences else { return 1 }
        return own.clampedTarget(acceptTarget * scale(own))
    }

    private func scale(_ own: OwnPreferences) -> Double { own.bestUtility > 0 ? own.bestUtility : 1 }

    /// Counts another party's offer into the statistics.
    public mutating func observe(_ event: TraceEvent) {
        guard let own = preferences, event.kind == .offer, event.actor != own.context.name, let outcome = event.outcome else { return }
        let utility = min(1, own.utility(of: outcome) / scale(own))
        sum += utility
        sumOfSquares += utility * utility
        receivedCount += 1
        if bestReceived.map({ utility > $0.utility }) ?? true { bestReceived = (outcome, utility) }
    }

    /// The targets of the paper at `time`, from the received offers' mean and variance and the
    /// bidding exponent's tremble `beta`: the estimated maximum, α, the acceptance target and
    /// the bidding target, all relative to the best utility.
    public static func targets(mean: Double, variance: Double, time: Double, tremor: Double, tremble: Double)
        -> (estimatedMaximum: Double, alpha: Double, target: Double, bidTarget: Double)
    {
        let deviation = variance > 0 ? (variance * 12).squareRoot() : 0
        let estimatedMaximum = mean + (1 - mean) * deviation
        let alpha = 1 + tremor + 10 * mean - 2 * tremor * mean
        let beta = alpha + tremble * tremor - tremor / 2
        let cubic = time * time * time
        func target(_ exponent: Double) -> Double {
            let pre = 1 - Double.pow(time, exponent) * (1 - estimatedMaximum)
            var ratio = (deviation + 0.1) / (1 - pre)
            if ratio.isNaN || ratio > 2 { ratio = 2 }
            let raw = ratio * pre + 1 - ratio
            guard raw > estimatedMaximum else { return estimatedMaximum }
            // Late in the session the target is pulled down toward the estimated maximum.
            let gap = raw - estimatedMaximum
            let limit = cubic * -300 + 400
            var pull = 1 / (gap * gap)
            if pull > limit || pull.isNaN { pull = limit }
            return raw - gap * pull / limit
        }
        return (estimatedMaximum, alpha, target(alpha), target(beta))
    }

    /// The acceptance probability `P = t^α / 5 + (u − emax) + (u − target)`, 0 below 0.1 and
    /// at most 1.
    public static func acceptanceProbability(utility: Double, time: Double, alpha: Double, estimatedMaximum: Double, target: Double) -> Double {
        let p = Double.pow(time, alpha) / 5 + (utility - estimatedMaximum) + (utility - target)
        return p < 0.1 ? 0 : min(1, p)
    }

    /// Accepts with the paper's probability (never below its reservation value); otherwise
    /// offers the best received offer worth its bidding target, or a random outcome worth it.
    public mutating func act(_ turn: Turn) throws -> Action {
        let own = try own()
        let scale = scale(own)
        let reservation = own.context.profile.reservationValue
        guard receivedCount > 0 else { return .offer(own.best) }
        let mean = sum / Double(receivedCount)
        let variance = sumOfSquares / Double(receivedCount) - mean * mean
        let values = Self.targets(mean: mean, variance: variance, time: turn.time, tremor: tremor, tremble: random.unit())
        acceptTarget = values.target
        if let offer = turn.offer, turn.offeredBy != own.context.party {
            let utility = own.utility(of: offer)
            let p = Self.acceptanceProbability(
                utility: min(1, utility / scale), time: turn.time, alpha: values.alpha, estimatedMaximum: values.estimatedMaximum,
                target: values.target)
            if utility >= reservation && p > 0 && random.unit() < p { return .accept }
        }
        let bidTarget = own.clampedTarget(values.bidTarget * scale)
        if let best = bestReceived, best.utility * scale >= bidTarget { return .offer(best.outcome) }
        guard own.isRanked else { return .offer(own.outcome(atLeast: bidTarget)) }
        let first = min(own.firstRank(atLeast: bidTarget), own.count - 1)
        return .offer(own.outcome(atRank: first + random.uniform(below: own.count - first)))
    }
}
