/// An outcome with every party's utility for it.
public struct ScoredOutcome: Hashable, Sendable {
    /// The outcome.
    public var outcome: Outcome
    /// Each party's utility for it, in party order.
    public var utilities: [Double]

    /// Pairs an outcome with its utilities; nothing checks that they match.
    public init(outcome: Outcome, utilities: [Double]) {
        self.outcome = outcome
        self.utilities = utilities
    }

    /// The sum of utilities.
    public var welfare: Double { utilities.reduce(0, +) }
}
