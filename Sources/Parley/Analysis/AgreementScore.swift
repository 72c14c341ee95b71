/// How a result scores against the analysis: the distance in utility space to the nearest
/// frontier point and to the Nash point, the welfare, and each party's gain over its
/// reservation value.
public struct AgreementScore: Hashable, Sendable {
    /// Each party's utility for the result, in party order.
    public var utilities: [Double]
    /// Euclidean distance to the nearest Pareto-frontier outcome (0 on the frontier).
    public var distanceToFrontier: Double
    /// Euclidean distance to the Nash point, if there is one.
    public var distanceToNash: Double?
    /// The sum of `utilities`.
    public var welfare: Double
    /// Each party's utility minus its reservation value; negative when a party did worse than no deal.
    public var gains: [Double]
    /// Whether some outcome is better for every party (beyond the dominance tolerance).
    public var isDominated: Bool

    /// Scores `utilities` (one per party, in party order) against `analysis`.
    /// Linear in the size of the frontier.
    public init(utilities: [Double], analysis: OutcomeAnalysis) {
        func distance(_ a: [Double], _ b: [Double]) -> Double {
            zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        }
        self.utilities = utilities
        self.distanceToFrontier = analysis.frontier.map { distance($0.utilities, utilities) }.min() ?? 0
        self.distanceToNash = analysis.nash.map { distance($0.utilities, utilities) }
        self.welfare = utilities.reduce(0, +)
        self.gains = zip(utilities, analysis.reservationValues).map { $0 - $1 }
        self.isDominated = analysis.frontier.contains { point in
            zip(point.utilities, utilities).allSatisfy { $0 >= $1 - dominanceTolerance }
                && zip(point.utilities, utilities).contains { $0 > $1 + dominanceTolerance }
        }
    }
}
