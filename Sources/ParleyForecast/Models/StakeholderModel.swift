/// A model that predicts where a one-dimensional dispute settles from its stakeholder table.
///
/// Static models (the compromise model, the weighted median) forecast from the opening
/// positions and report a single round; the expected-utility model moves positions round by
/// round. Every model must be deterministic: the same issue gives the same trace.
public protocol StakeholderModel: Sendable {
    /// A short name for tables and JSON, such as `eu` or `mean`.
    var name: String { get }
    /// Runs the model for at most `rounds` rounds of bargaining (static models ignore it).
    func run(_ issue: ForecastIssue, rounds: Int) -> ForecastTrace
    /// The forecast after each round only, without the positions; what the Monte Carlo wrapper
    /// needs, so a model may implement it without recording every round.
    func forecasts(_ issue: ForecastIssue, rounds: Int) -> [Double]
}

extension StakeholderModel {
    /// The forecasts of a full `run`.
    public func forecasts(_ issue: ForecastIssue, rounds: Int) -> [Double] { run(issue, rounds: rounds).forecasts }
}

/// The positions of one round and the outcome each summary predicts from them.
public struct ForecastRound: Hashable, Sendable {
    /// Each actor's position, in table order and in the issue's units.
    public var positions: [Double]
    /// The weighted median of the positions (weights: capability × salience).
    public var median: Double
    /// The weighted mean of the positions (weights: capability × salience).
    public var mean: Double

    /// A round with these positions and summaries.
    public init(positions: [Double], median: Double, mean: Double) {
        self.positions = positions
        self.median = median
        self.mean = mean
    }
}

/// What a model did to one issue: the rounds (round 0 is the opening table) and its forecast.
public struct ForecastTrace: Hashable, Sendable {
    /// The model's name.
    public var model: String
    /// Round 0 holds the opening positions; later rounds follow bargaining.
    public var rounds: [ForecastRound]
    /// The predicted outcome after every round (same count as `rounds`).
    public var forecasts: [Double]

    /// A trace; `forecasts` should have one value per round.
    public init(model: String, rounds: [ForecastRound], forecasts: [Double]) {
        self.model = model
        self.rounds = rounds
        self.forecasts = forecasts
    }

    /// The model's prediction: the forecast after the last round.
    public var forecast: Double { forecasts.last ?? .nan }
}

/// Weighted summaries of positions, shared by every model.
public enum PositionSummary {
    /// The weighted mean; the plain mean when every weight is zero.
    @inlinable
    public static func mean(_ positions: [Double], weights: [Double]) -> Double {
        var total = 0.0
        var weighted = 0.0
        for index in positions.indices {
            total += weights[index]
            weighted += weights[index] * positions[index]
        }
        if total > 0 { return weighted / total }
        return positions.reduce(0, +) / Double(max(positions.count, 1))
    }

    /// The weighted median: the position where half the weight lies on each side, which is the
    /// Condorcet winner when utilities fall linearly with distance. When the cumulative weight
    /// reaches exactly one half at a position, the midpoint to the next position is returned,
    /// so equal weights give the textbook median. Zero total weight falls back to equal weights.
    public static func median(_ positions: [Double], weights: [Double]) -> Double {
        guard !positions.isEmpty else { return .nan }
        let total = weights.reduce(0, +)
        let useWeights = total > 0
        let sum = useWeights ? total : Double(positions.count)
        let order = positions.indices.sorted { positions[$0] < positions[$1] || (positions[$0] == positions[$1] && $0 < $1) }
        var cumulative = 0.0
        let half = sum / 2
        let tolerance = 1e-12 * sum
        for (rank, index) in order.enumerated() {
            cumulative += useWeights ? weights[index] : 1
            if abs(cumulative - half) <= tolerance {
                // Exactly half: average with the next position that carries weight.
                var next = rank + 1
                while next < order.count, useWeights, weights[order[next]] == 0 { next += 1 }
                return next < order.count ? (positions[index] + positions[order[next]]) / 2 : positions[index]
            }
            if cumulative > half { return positions[index] }
        }
        return positions[order.last!]
    }
}
