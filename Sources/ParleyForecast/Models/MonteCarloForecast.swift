import Parley
import ParleySupport

/// A seeded Monte Carlo wrapper around any stakeholder model: each draw moves every position,
/// salience and capability uniformly within the issue's declared `Uncertainty` (clamped to the
/// scales), runs the model, and the distribution of forecasts is summarised by percentiles.
///
/// Draw d uses its own generator, `SeededGenerator(seed: SeededGenerator.derive(seed, d))`, so a
/// seed replays the same distribution on every platform, whatever the number of draws run before.
public struct MonteCarloForecast<Model: StakeholderModel>: Sendable {
    /// The model run on every perturbed table.
    public var model: Model
    /// How many perturbed tables to run.
    public var draws: Int
    /// The seed each draw's generator derives from.
    public var seed: UInt64

    /// A wrapper running `model` `draws` times; `draws` must not be negative.
    public init(model: Model, draws: Int, seed: UInt64 = 1) {
        self.model = model
        self.draws = draws
        self.seed = seed
    }

    /// Runs every draw for at most `rounds` rounds; shorter runs hold their last forecast.
    public func run(_ issue: ForecastIssue, rounds: Int) -> ForecastDistribution {
        let width = max(rounds, 0) + 1
        let draws = max(self.draws, 0)
        var table = Array(repeating: 0.0, count: draws * width)
        for draw in 0..<draws {
            var generator = SeededGenerator(seed: SeededGenerator.derive(seed, UInt64(draw)))
            let forecasts = model.forecasts(Self.perturb(issue, using: &generator), rounds: rounds)
            guard let last = forecasts.last else { continue }
            for round in 0..<width { table[round * draws + draw] = round < forecasts.count ? forecasts[round] : last }
        }
        let perRound = (0..<width).map { round in
            Percentiles(Array(table[(round * draws)..<((round + 1) * draws)]))
        }
        return ForecastDistribution(draws: draws, perRound: perRound)
    }

    /// One perturbed copy of the issue.
    public static func perturb(_ issue: ForecastIssue, using generator: inout SeededGenerator) -> ForecastIssue {
        var copy = issue
        let spread = issue.uncertainty
        for index in copy.stakeholders.indices {
            var actor = copy.stakeholders[index]
            actor.position = clamp(actor.position + spread.position * (2 * generator.unit() - 1), to: issue.scale)
            actor.salience = clamp(actor.salience + spread.salience * (2 * generator.unit() - 1), to: 0...1)
            actor.capability = max(0, actor.capability * (1 + spread.capability * (2 * generator.unit() - 1)))
            copy.stakeholders[index] = actor
        }
        return copy
    }

    static func clamp(_ value: Double, to range: ClosedRange<Double>) -> Double {
        min(max(value, range.lowerBound), range.upperBound)
    }
}

/// The distribution of a Monte Carlo forecast, per round and at the end.
public struct ForecastDistribution: Hashable, Sendable {
    /// How many draws were run.
    public var draws: Int
    /// Percentiles of the forecast after each round (round 0 is the opening table).
    public var perRound: [Percentiles]

    /// A distribution of `draws` draws.
    public init(draws: Int, perRound: [Percentiles]) {
        self.draws = draws
        self.perRound = perRound
    }

    /// Percentiles of the final forecast.
    public var final: Percentiles { perRound.last ?? Percentiles([]) }
}

/// The 10th, 50th and 90th percentiles of a sample (linear interpolation between order
/// statistics, Hyndman & Fan type 7, as R and NumPy compute by default).
public struct Percentiles: Hashable, Sendable {
    /// The 10th percentile.
    public var p10: Double
    /// The 50th percentile.
    public var median: Double
    /// The 90th percentile.
    public var p90: Double

    /// Percentiles with these values.
    public init(p10: Double, median: Double, p90: Double) {
        self.p10 = p10
        self.median = median
        self.p90 = p90
    }

    /// The percentiles of `values` (NaN for an empty sample).
    public init(_ values: [Double]) {
        let sorted = values.sorted()
        p10 = sorted.sortedQuantile(0.1)
        median = sorted.sortedQuantile(0.5)
        p90 = sorted.sortedQuantile(0.9)
    }
}
