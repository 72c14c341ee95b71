/// The chance that talks collapse before a round (strikes, a walk-out), by round.
public enum BreakdownHazard: Hashable, Sendable {
    /// No risk: the talks never collapse.
    case none
    /// The same probability before every round.
    case constant(Double)
    /// From `start` before the first round to `end` before the last, linearly.
    case linear(start: Double, end: Double)
    /// `probability` from round `from` on (the last step that has begun applies).
    case steps([Step])

    /// A probability that applies from a round on.
    public struct Step: Hashable, Sendable {
        /// The first round (from 1) it applies to.
        public var from: Int
        /// The probability of a collapse before each such round; clamped to [0, 1] when used.
        public var probability: Double
        /// A step to `probability` from round `from`.
        public init(from: Int, probability: Double) {
            self.from = from
            self.probability = probability
        }
    }

    /// The probability of a breakdown before `round` (1-based) of `rounds`.
    public func probability(round: Int, of rounds: Int) -> Double {
        let value: Double
        switch self {
        case .none: value = 0
        case .constant(let p): value = p
        case .linear(let start, let end):
            let t = rounds <= 1 ? 0 : Double(round - 1) / Double(rounds - 1)
            value = start + (end - start) * t
        case .steps(let steps):
            value = steps.last { $0.from <= round }?.probability ?? 0
        }
        return min(1, max(0, value))
    }

    /// The chance that the talks survive rounds 1 through `round`.
    public func survival(through round: Int, of rounds: Int) -> Double {
        (1...max(1, round)).reduce(1.0) { $0 * (1 - probability(round: $1, of: rounds)) }
    }
}
