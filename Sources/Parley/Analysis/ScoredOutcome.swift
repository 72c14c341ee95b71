/// An outcome with every party's utility for it.
public struct ScoredOutcome: Hashable, Sendable {
    public var outcome: Outcome
    public var utilities: [Double]

    public init(outcome: Outcome, utilities: [Double]) {
        self.outcome = outcome
        self.utilities = utilities
    }

    /// The sum of utilities.
    public var welfare: Double { utilities.reduce(0, +) }
}
