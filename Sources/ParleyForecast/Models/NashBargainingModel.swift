import Foundation

/// The Nash bargaining model with the reference point as the disagreement point: the outcome
/// maximises Σ wᵢ log(uᵢ(x) − uᵢ(d)), wᵢ = capability × salience, with quadratic utilities
/// uᵢ(x) = −(x − pᵢ)² and a disagreement worth uᵢ(d) = −(r − pᵢ)² − `disagreementCost`
/// (Nash 1950; the asymmetric solution as Achen applies it to EU legislation in *The European
/// Union Decides*, 2006, ch. 4).
///
/// The cost of disagreement says how much worse than the reference point a breakdown is. Large,
/// the solution tends to the compromise model (the weighted mean, which Achen derives as its
/// limit); small, it stays near the reference point, where no actor may lose much. Without a
/// reference point the model is the compromise model.
public struct NashBargainingModel: StakeholderModel {
    /// How much worse than the reference point a breakdown is, in squared units of the scale.
    public var disagreementCost: Double
    /// The reference point (status quo) on the issue's scale; nil when unknown.
    public var referencePoint: Double?

    /// The model with a cost of disagreement (squared scale units) and a reference point.
    public init(disagreementCost: Double, referencePoint: Double?) {
        self.disagreementCost = disagreementCost
        self.referencePoint = referencePoint
    }

    /// `nash`.
    public var name: String { "nash" }

    /// The bargaining solution; one round, whatever `rounds`.
    public func run(_ issue: ForecastIssue, rounds: Int = 0) -> ForecastTrace {
        let positions = issue.stakeholders.map(\.position)
        let weights = issue.stakeholders.map(\.weight)
        let opening = ForecastRound(
            positions: positions, median: PositionSummary.median(positions, weights: weights),
            mean: PositionSummary.mean(positions, weights: weights))
        return ForecastTrace(model: name, rounds: [opening], forecasts: [solution(positions: positions, weights: weights)])
    }

    /// The maximiser of the weighted Nash product over the points every actor prefers to a breakdown.
    func solution(positions: [Double], weights: [Double]) -> Double {
        guard let r = referencePoint, disagreementCost.isFinite, disagreementCost > 0, weights.contains(where: { $0 > 0 }) else {
            return PositionSummary.mean(positions, weights: weights)
        }
        // Actor i gains where (x − pᵢ)² < (r − pᵢ)² + cost: an interval around pᵢ that holds r.
        var low = -Double.infinity
        var high = Double.infinity
        let reaches = positions.map { ((r - $0) * (r - $0) + disagreementCost).squareRoot() }
        for (position, reach) in zip(positions, reaches) {
            low = max(low, position - reach)
            high = min(high, position + reach)
        }
        // The objective is strictly concave on (low, high), which holds r: a bisection on its slope.
        func slope(_ x: Double) -> Double {
            var sum = 0.0
            for index in positions.indices where weights[index] > 0 {
                let gain = reaches[index] * reaches[index] - (x - positions[index]) * (x - positions[index])
                sum += weights[index] * -2 * (x - positions[index]) / gain
            }
            return sum
        }
        var (a, b) = (low, high)
        for _ in 0..<200 {
            let middle = (a + b) / 2
            if middle <= a || middle >= b { break }
            if slope(middle) > 0 { a = middle } else { b = middle }
        }
        return (a + b) / 2
    }
}
