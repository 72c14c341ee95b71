import Foundation

/// A Bayesian opponent model in the manner of Hindriks & Tykhonov ("Opponent modelling in
/// automated multi-issue negotiation using Bayesian learning", AAMAS 2008), in its scalable
/// form: each issue has its own hypotheses, a weight level `l / L` (l = 1…L) crossed with a
/// triangular value function peaking at one option (the farthest option worth 0; peaks at the
/// ends are the downhill and uphill shapes), with a uniform prior.
///
/// The opponent is assumed to concede with time, so its offer at relative time `t` should be
/// worth `1 − concession · t` to it. Each offer updates every issue's hypotheses by Bayes' rule
/// with a Gaussian likelihood of that expected utility, the other issues taken at their
/// current expectations. Issues of more than `peakLimit` options have peaks on an even grid.
public struct BayesianOpponentModel: OpponentModel {
    /// The number L of weight levels per issue.
    public var weightLevels: Int
    /// The utility the opponent is assumed to concede over the whole session.
    public var concession: Double
    /// The likelihood's standard deviation.
    public var spread: Double
    /// The most peaks an issue's value hypotheses have.
    public static let peakLimit = 32

    private var radices: [Int] = []
    /// Per issue, the options where the hypotheses' value functions peak.
    private var peaks: [[Int]] = []
    /// Per issue, the posterior over (level, peak), level-major.
    private var posterior: [[Double]] = []
    /// Per issue, the expected weight.
    private var expectedWeight: [Double] = []
    /// Per issue, per option, the expected weight × value.
    private var expectedTerm: [[Double]] = []

    /// A model with `weightLevels` levels, the opponent assumed to concede `concession` over the
    /// session, likelihood spread `spread`.
    public init(weightLevels: Int = 5, concession: Double = 0.2, spread: Double = 0.15) {
        self.weightLevels = weightLevels
        self.concession = concession
        self.spread = spread
    }

    /// `bayesian`.
    public var spec: String { "bayesian" }

    /// The value of `option` under the triangular function peaking at `peak` of `radix` options.
    static func triangular(_ option: Int, peak: Int, radix: Int) -> Double {
        let reach = max(peak, radix - 1 - peak)
        guard reach > 0 else { return 1 }
        return 1 - Double(abs(option - peak)) / Double(reach)
    }

    /// Uniform priors.
    public mutating func start(_ space: OutcomeSpace) {
        radices = space.radices
        peaks = radices.map { radix in
            guard radix > Self.peakLimit else { return Array(0..<radix) }
            return (0..<Self.peakLimit).map { $0 * (radix - 1) / (Self.peakLimit - 1) }
        }
        posterior = peaks.map { [Double](repeating: 1 / Double(weightLevels * $0.count), count: weightLevels * $0.count) }
        refresh()
    }

    private func weight(level: Int) -> Double { Double(level + 1) / Double(weightLevels) }

    private mutating func refresh() {
        expectedWeight = []
        expectedTerm = []
        for issue in radices.indices {
            let count = peaks[issue].count
            var weightSum = 0.0
            var terms = [Double](repeating: 0, count: radices[issue])
            for peakIndex in 0..<count {
                var mass = 0.0
                for level in 0..<weightLevels {
                    let p = posterior[issue][level * count + peakIndex]
                    mass += p * weight(level: level)
                }
                weightSum += mass
                let peak = peaks[issue][peakIndex]
                for option in 0..<radices[issue] { terms[option] += mass * Self.triangular(option, peak: peak, radix: radices[issue]) }
            }
            expectedWeight.append(weightSum)
            expectedTerm.append(terms)
        }
    }

    /// Bayes' rule on every issue's hypotheses, the others at their expectations.
    public mutating func update(with outcome: Outcome, at time: Double) {
        let expected = 1 - concession * min(1, max(0, time))
        let allTerms = outcome.options.enumerated().reduce(0.0) { $0 + expectedTerm[$1.offset][$1.element] }
        let allWeights = expectedWeight.reduce(0, +)
        for issue in radices.indices {
            let option = outcome.options[issue]
            let restTerms = allTerms - expectedTerm[issue][option]
            let restWeights = allWeights - expectedWeight[issue]
            let count = peaks[issue].count
            var updated = posterior[issue]
            var total = 0.0
            for level in 0..<weightLevels {
                let w = weight(level: level)
                for peakIndex in 0..<count {
                    let value = Self.triangular(option, peak: peaks[issue][peakIndex], radix: radices[issue])
                    let utility = (w * value + restTerms) / (w + restWeights)
                    let deviation = (utility - expected) / spread
                    let index = level * count + peakIndex
                    updated[index] *= exp(-0.5 * deviation * deviation)
                    total += updated[index]
                }
            }
            guard total > 0, total.isFinite else { continue }
            posterior[issue] = updated.map { $0 / total }
        }
        refresh()
    }

    /// `Σ E[wᵢ vᵢ(xᵢ)] / Σ E[wᵢ]`.
    public func utility(of outcome: Outcome) -> Double {
        let weights = expectedWeight.reduce(0, +)
        guard weights > 0 else { return 0 }
        var total = 0.0
        for (issue, option) in outcome.options.enumerated() { total += expectedTerm[issue][option] }
        return total / weights
    }

    /// The expected value (weight-free) of each option of `issue`, for inspection.
    public func expectedValues(of issue: Int) -> [Double] {
        let w = expectedWeight[issue]
        return expectedTerm[issue].map { w > 0 ? $0 / w : 0 }
    }
}
