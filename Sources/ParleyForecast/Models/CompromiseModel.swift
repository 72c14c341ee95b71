import Foundation

/// The compromise model: the outcome is the mean of the positions weighted by capability ×
/// salience (Achen's "compromise model"; van den Bos 1991).
///
/// It is the benchmark the literature finds hard to beat on EU legislative data. It has no
/// dynamics: the trace has the opening round only.
public struct CompromiseModel: StakeholderModel {
    /// Exponent of capability in the weight (1: capability × salience; 0: salience only).
    public var capabilityExponent: Double
    /// Exponent of salience in the weight.
    public var salienceExponent: Double

    /// The model with weights capability^`capabilityExponent` × salience^`salienceExponent`.
    public init(capabilityExponent: Double = 1, salienceExponent: Double = 1) {
        self.capabilityExponent = capabilityExponent
        self.salienceExponent = salienceExponent
    }

    /// `mean`.
    public var name: String { "mean" }

    /// Forecasts the weighted mean of the opening positions; one round, whatever `rounds`.
    public func run(_ issue: ForecastIssue, rounds: Int = 0) -> ForecastTrace {
        let positions = issue.stakeholders.map(\.position)
        let weights = issue.stakeholders.map(weight)
        let opening = ForecastRound(
            positions: positions, median: PositionSummary.median(positions, weights: issue.stakeholders.map(\.weight)),
            mean: PositionSummary.mean(positions, weights: issue.stakeholders.map(\.weight)))
        return ForecastTrace(model: name, rounds: [opening], forecasts: [PositionSummary.mean(positions, weights: weights)])
    }

    func weight(_ actor: Stakeholder) -> Double {
        power(actor.capability, capabilityExponent) * power(actor.salience, salienceExponent)
    }
}

/// The weighted median (capability × salience): the Condorcet winner when every actor's utility
/// falls linearly with distance from its position (Black's median voter theorem).
public struct WeightedMedianModel: StakeholderModel {
    /// The weighted median model.
    public init() {}

    /// `median`.
    public var name: String { "median" }

    /// Forecasts the weighted median of the opening positions; one round, whatever `rounds`.
    public func run(_ issue: ForecastIssue, rounds: Int = 0) -> ForecastTrace {
        let positions = issue.stakeholders.map(\.position)
        let weights = issue.stakeholders.map(\.weight)
        let median = PositionSummary.median(positions, weights: weights)
        let opening = ForecastRound(positions: positions, median: median, mean: PositionSummary.mean(positions, weights: weights))
        return ForecastTrace(model: name, rounds: [opening], forecasts: [median])
    }
}

/// `base` to the power `exponent`, exact for the common exponents 0, 1 and 2 (0⁰ = 1).
func power(_ base: Double, _ exponent: Double) -> Double {
    switch exponent {
    case 0: 1
    case 1: base
    case 2: base * base
    default: base > 0 ? pow(base, exponent) : 0
    }
}
