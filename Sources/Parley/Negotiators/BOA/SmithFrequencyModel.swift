/// Smith's frequency model (van Galen Last 2012, "Agent Smith: opponent model estimation in
/// bilateral multi-issue negotiation", in *New Trends in Agent-Based Complex Automated
/// Negotiations*): an option is worth its count over the issue's highest count, and an issue
/// weighs its highest count over the sum of every issue's highest count, so an issue the
/// opponent keeps fixed weighs most. Before any offer every outcome is worth 0.
public struct SmithFrequencyModel: OpponentModel {
    /// Per issue, per option, how often the opponent offered it.
    public private(set) var counts: [[Double]] = []
    private var highest: [Double] = []

    /// A model with no offers seen.
    public init() {}
    /// `smith`.
    public var spec: String { "smith" }

    /// Clears the counts.
    public mutating func start(_ space: OutcomeSpace) {
        counts = space.radices.map { [Double](repeating: 0, count: $0) }
        highest = [Double](repeating: 0, count: space.radices.count)
    }

    /// Counts the options offered.
    public mutating func update(with outcome: Outcome, at time: Double) {
        for (issue, option) in outcome.options.enumerated() {
            counts[issue][option] += 1
            highest[issue] = max(highest[issue], counts[issue][option])
        }
    }

    /// The weight of each issue: its highest count over the sum of the highest counts.
    public var weights: [Double] {
        let total = highest.reduce(0, +)
        return highest.map { total > 0 ? $0 / total : 0 }
    }

    /// `Σ (maxᵢ / Σ max) · countᵢ(xᵢ) / maxᵢ = Σ countᵢ(xᵢ) / Σ max`.
    public func utility(of outcome: Outcome) -> Double {
        let total = highest.reduce(0, +)
        guard total > 0 else { return 0 }
        var sum = 0.0
        for (issue, option) in outcome.options.enumerated() { sum += counts[issue][option] }
        return sum / total
    }
}
