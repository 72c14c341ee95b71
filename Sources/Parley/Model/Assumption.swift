/// A number in a scenario that is a modelling choice rather than a fact, with the range a reader
/// could defend: a party's reservation or breakdown value, an issue weight, an option's value,
/// the risk at which a held issue comes on the table, or a factor on the breakdown hazard.
///
/// An ensemble with assumptions varied (`parley run --ensemble N --vary`) draws every assumption
/// uniformly within its range for each session; a sensitivity analysis moves one assumption at a
/// time to each end of its range and ranks them by how much the chance of a deal moves.
public struct Assumption: Hashable, Sendable {
    /// What number the assumption is about.
    public enum Target: Hashable, Sendable {
        /// The reservation value of party `party`: its utility for no agreement at the deadline.
        case reservation(party: Int)
        /// The breakdown value of party `party`: its utility when the talks collapse.
        case breakdown(party: Int)
        /// The weight party `party` gives issue `issue`. The party's other weights are scaled so
        /// that the weights keep their sum.
        case weight(party: Int, issue: Int)
        /// The value party `party` gives option `option` of issue `issue` (a valued option).
        case value(party: Int, issue: Int, option: Int)
        /// The cumulative breakdown risk at which hold `hold` of the agenda lets its issues on.
        case admitAtRisk(hold: Int)
        /// A factor on every round's breakdown probability (the number itself is 1 in the scenario).
        case hazardFactor
    }

    /// The name reports show; never empty.
    public var name: String
    /// The number varied.
    public var target: Target
    /// The lowest value the assumption may take.
    public var low: Double
    /// The highest value the assumption may take.
    public var high: Double

    /// An assumption that `target` lies in `low...high`, shown as `name`.
    public init(name: String, target: Target, low: Double, high: Double) {
        self.name = name
        self.target = target
        self.low = low
        self.high = high
    }

    /// The number's value in `scenario` (1 for the hazard factor); nil when the target does not
    /// exist there (a party, issue, option or hold out of range, or an option valued by a line).
    public func value(in scenario: Scenario) -> Double? {
        switch target {
        case .reservation(let party):
            return scenario.parties.indices.contains(party) ? scenario.parties[party].profile.reservationValue : nil
        case .breakdown(let party):
            return scenario.parties.indices.contains(party) ? scenario.parties[party].profile.breakdownValue : nil
        case .weight(let party, let issue):
            guard scenario.parties.indices.contains(party) else { return nil }
            let weights = scenario.parties[party].profile.utility.weights
            return weights.indices.contains(issue) ? weights[issue] : nil
        case .value(let party, let issue, let option):
            guard scenario.parties.indices.contains(party) else { return nil }
            let valuations = scenario.parties[party].profile.utility.valuations
            guard valuations.indices.contains(issue), case .table(let values) = valuations[issue], values.indices.contains(option) else {
                return nil
            }
            return values[option]
        case .admitAtRisk(let hold):
            let holds = scenario.talks.agenda.holds
            return holds.indices.contains(hold) ? holds[hold].admitAtRisk : nil
        case .hazardFactor:
            return 1
        }
    }

    /// The values the number may take at all: probabilities and utilities in [0, 1], weights and
    /// the hazard factor at least 0.
    public var admissible: ClosedRange<Double> {
        switch target {
        case .weight, .hazardFactor: 0...Double.greatestFiniteMagnitude
        case .reservation, .breakdown, .value, .admitAtRisk: 0...1
        }
    }

    /// Why the assumption cannot be used with `scenario`, or nil: its target must exist, its range
    /// must be finite, ordered, admissible and hold the scenario's own value.
    public func problem(in scenario: Scenario) -> String? {
        guard let base = value(in: scenario) else { return "assumption '\(name)' names nothing in the scenario" }
        guard low.isFinite, high.isFinite, low <= high else { return "assumption '\(name)': the range must be [low, high] with low <= high" }
        guard admissible.contains(low), admissible.contains(high) else {
            return "assumption '\(name)': the range must lie within \(admissible.upperBound > 1 ? "[0, ∞)" : "[0, 1]")"
        }
        guard (low...high).contains(base) else {
            return "assumption '\(name)': the range [\(low), \(high)] does not hold the scenario's value \(base)"
        }
        return nil
    }

    /// `scenario` with the number set to `value` (the scenario must pass `problem(in:)`).
    public func apply(_ value: Double, to scenario: inout Scenario) {
        switch target {
        case .reservation(let party):
            scenario.parties[party].profile.reservationValue = value
        case .breakdown(let party):
            scenario.parties[party].profile.breakdownValue = value
        case .weight(let party, let issue):
            var weights = scenario.parties[party].profile.utility.weights
            let others = weights.indices.reduce(0.0) { $1 == issue ? $0 : $0 + weights[$1] }
            let total = others + weights[issue]
            // The others share what is left of the sum, in their old proportions.
            let scale = others > 0 ? max(0, total - value) / others : 0
            for index in weights.indices { weights[index] = index == issue ? value : weights[index] * scale }
            scenario.parties[party].profile.utility.weights = weights
        case .value(let party, let issue, let option):
            if case .table(var values) = scenario.parties[party].profile.utility.valuations[issue] {
                values[option] = value
                scenario.parties[party].profile.utility.valuations[issue] = .table(values)
            }
        case .admitAtRisk(let hold):
            scenario.talks.agenda.holds[hold].admitAtRisk = value
        case .hazardFactor:
            scenario.talks.hazard = scenario.talks.hazard.scaled(by: value)
        }
    }
}

extension BreakdownHazard {
    /// The hazard with every probability multiplied by `factor` (probabilities are clamped to
    /// [0, 1] when used).
    public func scaled(by factor: Double) -> BreakdownHazard {
        switch self {
        case .none: .none
        case .constant(let p): .constant(p * factor)
        case .linear(let start, let end): .linear(start: start * factor, end: end * factor)
        case .steps(let steps): .steps(steps.map { Step(from: $0.from, probability: $0.probability * factor) })
        }
    }
}
