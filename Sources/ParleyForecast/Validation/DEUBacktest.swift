import Foundation

/// A named way to predict the outcome of a DEU III issue, for the backtest.
package struct BacktestPredictor: Sendable {
    /// A short name for the table.
    package var name: String
    /// How actors' capability is set.
    package var capability: DEUDataset.Capability
    /// The prediction from the issue's stakeholder table.
    package var predict: @Sendable (ForecastIssue) -> Double

    /// A predictor named `name` that reads tables built with `capability`.
    package init(name: String, capability: DEUDataset.Capability, predict: @escaping @Sendable (ForecastIssue) -> Double) {
        self.name = name
        self.capability = capability
        self.predict = predict
    }
}

/// One line of the backtest table: mean absolute errors on the 0–100 scale.
package struct BacktestResult: Hashable, Sendable {
    /// The predictor's name.
    package var name: String
    /// Every scoreable issue.
    package var all: Double
    /// The training half of the split (what tuned models were chosen on).
    package var training: Double
    /// The test half (never used for tuning).
    package var test: Double
    /// Whether the row's settings were chosen on the training half.
    package var tuned: Bool

    /// A line of the table.
    package init(name: String, all: Double, training: Double, test: Double, tuned: Bool = false) {
        self.name = name
        self.all = all
        self.training = training
        self.test = test
        self.tuned = tuned
    }
}

/// The Monte Carlo line of the backtest: the error of the distribution's median and how often
/// the adopted outcome fell between its 10th and 90th percentiles.
package struct MonteCarloBacktestResult: Hashable, Sendable {
    /// The model's name.
    package var name: String
    /// Draws per issue.
    package var draws: Int
    /// The mean absolute error of the distribution's median, on 0–100.
    package var medianError: Double
    /// The share of issues whose outcome lies within [p10, p90].
    package var coverage: Double
    /// The mean width of [p10, p90].
    package var meanWidth: Double
}

/// Backtests of stakeholder models on the DEU III extract.
package enum DEUBacktest {
    /// The untuned predictors: the two cross-check figures first, then each Parley model.
    package static func standardPredictors(rounds: Int) -> [BacktestPredictor] {
        let eu = ExpectedUtilityModel(options: .init(reading: .swapped))
        return [
            BacktestPredictor(name: "mean, salience-weighted (equal capability)", capability: .equal) {
                CompromiseModel().run($0).forecast
            },
            BacktestPredictor(name: "mean, unweighted", capability: .equal) {
                CompromiseModel(capabilityExponent: 0, salienceExponent: 0).run($0).forecast
            },
            BacktestPredictor(name: "median of positions, unweighted", capability: .equal) { issue in
                PositionSummary.median(issue.stakeholders.map(\.position), weights: issue.stakeholders.map { _ in 1 })
            },
            BacktestPredictor(name: "compromise (GDP capability × salience)", capability: .gdp) { CompromiseModel().run($0).forecast },
            BacktestPredictor(name: "weighted median (salience)", capability: .equal) { WeightedMedianModel().run($0).forecast },
            BacktestPredictor(name: "weighted median (GDP capability × salience)", capability: .gdp) {
                WeightedMedianModel().run($0).forecast
            },
            BacktestPredictor(name: "expected utility, swapped reading (salience)", capability: .equal) { eu.run($0, rounds: rounds).forecast },
            BacktestPredictor(name: "expected utility, swapped reading (GDP capability)", capability: .gdp) {
                eu.run($0, rounds: rounds).forecast
            },
        ]
    }

    /// Mean absolute errors of each predictor on every issue, the training half and the test half.
    package static func evaluate(
        _ dataset: DEUDataset, _ predictors: [BacktestPredictor], tuned: Bool = false, trainingOnly: Bool = false
    ) async -> [BacktestResult] {
        let split = dataset.split
        let trainingIDs = Set(split.training.map(\.line))
        let issues = trainingOnly ? split.training : dataset.issues
        var results: [BacktestResult] = []
        for predictor in predictors {
            let errors = await parallelMap(issues.count) { index in
                let issue = issues[index]
                return abs(predictor.predict(dataset.stakeholderIssue(issue, capability: predictor.capability)) - issue.outcome)
            }
            var sums = (all: 0.0, training: 0.0, test: 0.0)
            for (issue, error) in zip(issues, errors) {
                sums.all += error
                if trainingIDs.contains(issue.line) { sums.training += error } else { sums.test += error }
            }
            results.append(
                BacktestResult(
                    name: predictor.name, all: sums.all / Double(issues.count),
                    training: sums.training / Double(max(split.training.count, 1)), test: sums.test / Double(max(split.test.count, 1)),
                    tuned: tuned))
        }
        return results
    }

    /// The candidates the tuning step chooses among: weighted means with other exponents and a
    /// blend toward the weighted median, and every reading of the expected-utility model.
    package static func tuningCandidates(rounds: Int) -> (compromise: [BacktestPredictor], expectedUtility: [BacktestPredictor]) {
        var compromise: [BacktestPredictor] = []
        for capability in DEUDataset.Capability.allCases {
            for capabilityExponent in capability == .equal ? [0.0] : [0.25, 0.5, 1] {
                for salienceExponent in [0.0, 0.5, 1, 2, 3] {
                    for blend in [0.0, 0.25, 0.5] {
                        let model = CompromiseModel(capabilityExponent: capabilityExponent, salienceExponent: salienceExponent)
                        compromise.append(
                            BacktestPredictor(
                                name:
                                    "tuned mean (\(capability.rawValue) capability^\(capabilityExponent), salience^\(salienceExponent), \(Int(blend * 100)) % toward weighted median)",
                                capability: capability
                            ) { issue in
                                let mean = model.run(issue).forecast
                                guard blend > 0 else { return mean }
                                return (1 - blend) * mean + blend * WeightedMedianModel().run(issue).forecast
                            })
                    }
                }
            }
        }
        var expectedUtility: [BacktestPredictor] = []
        for capability in DEUDataset.Capability.allCases {
            for security in ExpectedUtilityModel.SecurityTerm.allCases {
                for compromiseRule in ExpectedUtilityModel.CompromiseRule.allCases {
                    for choice in ExpectedUtilityModel.OfferChoice.allCases {
                        for (q, t) in [(1.0, 1.0), (0.5, 0.5), (0.5, 1.0)] {
                            for forecast in ExpectedUtilityModel.Summary.allCases {
                                let options = ExpectedUtilityModel.Options(
                                    reading: .swapped, security: security, compromise: compromiseRule, offerChoice: choice, statusQuoProbability: q,
                                    improvementProbability: t, forecast: forecast)
                                let model = ExpectedUtilityModel(options: options)
                                expectedUtility.append(
                                    BacktestPredictor(
                                        name:
                                            "tuned expected utility (\(capability.rawValue), \(security.rawValue), \(compromiseRule.rawValue), \(choice.rawValue), Q=\(q), T=\(t), \(forecast.rawValue))",
                                        capability: capability
                                    ) { model.run($0, rounds: rounds).forecast })
                            }
                        }
                    }
                }
            }
        }
        return (compromise, expectedUtility)
    }

    /// Picks, in each family, the candidate with the lowest training error; ties go to the
    /// earlier candidate. Only the training half is looked at to choose.
    package static func tune(_ dataset: DEUDataset, rounds: Int) async -> [BacktestResult] {
        let candidates = tuningCandidates(rounds: rounds)
        var chosen: [BacktestResult] = []
        for family in [candidates.compromise, candidates.expectedUtility] {
            let results = await evaluate(dataset, family, tuned: true, trainingOnly: true)
            if let best = results.enumerated().min(by: { ($0.element.training, $0.offset) < ($1.element.training, $1.offset) }) {
                chosen.append(contentsOf: await evaluate(dataset, [family[best.offset]], tuned: true))
            }
        }
        return chosen
    }

    /// Runs the Monte Carlo wrapper on every issue with `draws` draws.
    package static func monteCarlo<Model: StakeholderModel>(
        _ dataset: DEUDataset, name: String, model: Model, capability: DEUDataset.Capability, draws: Int, rounds: Int, seed: UInt64
    ) async -> MonteCarloBacktestResult {
        let issues = dataset.issues
        let wrapper = MonteCarloForecast(model: model, draws: draws, seed: seed)
        let finals = await parallelMap(issues.count) { index in
            wrapper.run(dataset.stakeholderIssue(issues[index], capability: capability), rounds: rounds).final
        }
        var error = 0.0
        var covered = 0
        var width = 0.0
        for (issue, final) in zip(issues, finals) {
            error += abs(final.median - issue.outcome)
            if final.p10 <= issue.outcome && issue.outcome <= final.p90 { covered += 1 }
            width += final.p90 - final.p10
        }
        let count = Double(max(issues.count, 1))
        return MonteCarloBacktestResult(
            name: name, draws: draws, medianError: error / count, coverage: Double(covered) / count, meanWidth: width / count)
    }
}

/// `body(0..<count)` on every core, results in index order.
func parallelMap<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) -> T) async -> [T] {
    let chunks = min(count, max(1, ProcessInfo.processInfo.activeProcessorCount) * 8)
    guard chunks > 1 else { return (0..<count).map(body) }
    return await withTaskGroup(of: (Int, [T]).self) { group in
        for chunk in 0..<chunks {
            let range = (chunk * count / chunks)..<((chunk + 1) * count / chunks)
            group.addTask { (chunk, range.map(body)) }
        }
        var parts = Array(repeating: [T](), count: chunks)
        for await (chunk, part) in group { parts[chunk] = part }
        return parts.flatMap { $0 }
    }
}
