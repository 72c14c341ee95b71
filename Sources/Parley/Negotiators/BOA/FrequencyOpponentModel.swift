/// HardHeaded's frequency model (van Krimpen, Looije & Hajizadeh 2013, "HardHeaded", in
/// *Complex Automated Negotiations: Theories, Models, and Software Competitions*): issue
/// weights start equal; when the opponent keeps an issue unchanged between two consecutive
/// offers, that issue's weight grows by `learningRate / n` (n issues) and the weights are
/// normalised again. Each offered option's count grows by `valueIncrement`; an option is worth
/// its count over the issue's highest count. Utility: `Σ wᵢ · countᵢ(xᵢ) / maxⱼ countᵢ(j)`.
public struct FrequencyOpponentModel: OpponentModel {
    /// The learning coefficient (0.2 in HardHeaded).
    public var learningRate: Double
    /// What an offered option's count grows by (1 in HardHeaded).
    public var valueIncrement: Double
    /// The issue weights, summing to 1.
    public private(set) var weights: [Double] = []
    /// Per issue, per option, the option's count (every option starts at 1).
    public private(set) var counts: [[Double]] = []
    /// Per issue, the highest count, kept with the counts so that an estimate does not scan
    /// every option of every issue (the offer choosers score dozens of outcomes a turn).
    private var highest: [Double] = []
    private var previous: Outcome?

    /// A model with HardHeaded's coefficients by default.
    public init(learningRate: Double = 0.2, valueIncrement: Double = 1) {
        self.learningRate = learningRate
        self.valueIncrement = valueIncrement
    }

    /// `frequency`.
    public var spec: String { "frequency" }

    /// Equal weights, every option counted once.
    public mutating func start(_ space: OutcomeSpace) {
        let issues = space.radices.count
        weights = [Double](repeating: 1 / Double(max(issues, 1)), count: issues)
        counts = space.radices.map { [Double](repeating: 1, count: $0) }
        highest = [Double](repeating: 1, count: issues)
        previous = nil
    }

    /// Raises the weights of the issues left unchanged since the last offer and counts the options offered.
    public mutating func update(with outcome: Outcome, at time: Double) {
        if let previous {
            let step = learningRate / Double(max(weights.count, 1))
            var total = 0.0
            for issue in weights.indices {
                if previous.options[issue] == outcome.options[issue] { weights[issue] += step }
                total += weights[issue]
            }
            for issue in weights.indices { weights[issue] /= total }
        }
        for (issue, option) in outcome.options.enumerated() {
            counts[issue][option] += valueIncrement
            // A negative increment can lower the highest count: then scan the issue again.
            highest[issue] = valueIncrement >= 0 ? max(highest[issue], counts[issue][option]) : counts[issue].max() ?? 1
        }
        previous = outcome
    }

    /// `Σ wᵢ · countᵢ(xᵢ) / maxⱼ countᵢ(j)`.
    public func utility(of outcome: Outcome) -> Double {
        var total = 0.0
        for (issue, option) in outcome.options.enumerated() {
            total += weights[issue] * counts[issue][option] / highest[issue]
        }
        return total
    }
}
