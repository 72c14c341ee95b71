import Foundation
import ParleySupport

/// A voter for single-text mediation after Klein et al. (2003): it always votes for a change
/// that does not lower its utility and, while the temperature is high, sometimes for one that
/// does — with probability `exp(-loss / temperature)`, the temperature falling linearly from
/// `initialTemperature` to 0 at the deadline. Early tolerance lets the text leave local optima
/// that unanimous hill-climbing would be stuck in. Elsewhere it behaves as a linear
/// time-based negotiator.
public struct AnnealingVoter: PreferenceDrivenNegotiator {
    public var initialTemperature: Double
    public private(set) var preferences: OwnPreferences?
    private var concession = TimeBasedNegotiator.linear
    private var random = SeededGenerator(seed: 0)

    public init(initialTemperature: Double = 0.1) { self.initialTemperature = initialTemperature }
    public var strategy: String { "annealer" }

    public mutating func start(_ context: NegotiatorContext) throws {
        try concession.start(context)
        preferences = concession.preferences
        random = SeededGenerator(seed: context.seed)
    }

    public func target(at time: Double) -> Double { concession.target(at: time) }

    public mutating func act(_ turn: Turn) throws -> Action { try concession.act(turn) }

    public mutating func vote(on proposal: Outcome, replacing draft: Outcome, turn: Turn) throws -> Bool {
        let own = try own()
        let loss = own.utility(of: draft) - own.utility(of: proposal)
        if loss <= 0 { return true }
        let temperature = initialTemperature * (1 - turn.time)
        // Draw even when the answer is certain, so the stream of draws does not depend on it.
        let draw = random.unit()
        return temperature > 0 && draw < exp(-loss / temperature)
    }
}
