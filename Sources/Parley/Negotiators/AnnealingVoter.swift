import Foundation
import ParleySupport

/// A voter for single-text mediation after Klein et al. (2003): it always votes for a change
/// that does not lower its utility and, while the temperature is high, sometimes for one that
/// does — with probability `exp(-loss / temperature)`, the temperature falling linearly from
/// `initialTemperature` to 0 at the deadline. Early tolerance lets the text leave local optima
/// that unanimous hill-climbing would be stuck in. Elsewhere it behaves as a linear
/// time-based negotiator.
public struct AnnealingVoter: PreferenceDrivenNegotiator, SynchronousNegotiator {
    /// The temperature at time 0, in utility: a loss this large then gets a vote with
    /// probability 1/e.
    public var initialTemperature: Double
    /// Its own preferences, set up in `start`.
    public private(set) var preferences: OwnPreferences?
    private var concession = TimeBasedNegotiator.linear
    private var random = SeededGenerator(seed: 0)

    /// A voter starting at `initialTemperature` (0.1 by default).
    public init(initialTemperature: Double = 0.1) { self.initialTemperature = initialTemperature }
    /// `annealer`.
    public var strategy: String { "annealer" }
    /// False: it decides from its own preferences and the offer on the table alone.
    public var observesEvents: Bool { false }

    /// Sets up its linear concession and seeds its draws from the context.
    public mutating func start(_ context: NegotiatorContext) throws {
        try concession.start(context)
        preferences = concession.preferences
        random = SeededGenerator(seed: context.seed)
    }

    /// The linear time-based target.
    public func target(at time: Double) -> Double { concession.target(at: time) }

    /// Acts as a linear time-based negotiator.
    public mutating func act(_ turn: Turn) throws -> Action { try concession.act(turn) }

    /// Votes for a change that costs it nothing; for one that costs `loss`, with probability
    /// `exp(-loss / temperature)`. Each such vote takes one draw, so a seed replays the votes.
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
