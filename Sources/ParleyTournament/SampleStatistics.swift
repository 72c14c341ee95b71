import Foundation

/// The mean of a sample with its standard error and a 95 % confidence interval from Student's t
/// distribution (`mean ± t₀.₉₇₅,ₙ₋₁ · s/√n`, `s` the sample standard deviation): what ANAC-style
/// tournament reports give for each agent and opponent. One value has no interval.
public struct SampleStatistics: Hashable, Sendable {
    /// How many values.
    public var count: Int
    /// Their mean; nil for no values.
    public var mean: Double?
    /// `s/√n`; nil for fewer than two values.
    public var standardError: Double?
    /// The 95 % interval; nil for fewer than two values.
    public var interval: ClosedRange<Double>?

    /// The statistics of `values`, summed in their order (callers keep it deterministic).
    public init(_ values: [Double]) {
        count = values.count
        guard !values.isEmpty else { return }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        self.mean = mean
        guard values.count > 1 else { return }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let error = (variance / n).squareRoot()
        standardError = error
        let half = Self.studentQuantile(degreesOfFreedom: values.count - 1) * error
        interval = (mean - half)...(mean + half)
    }

    /// The 0.975 quantile of Student's t distribution with `degreesOfFreedom` (≥ 1): tabulated to
    /// 30, then the normal 1.96 corrected by `2.4/df` (within 0.003 of the exact value).
    public static func studentQuantile(degreesOfFreedom: Int) -> Double {
        let table = [
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101,
            2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
        ]
        let df = max(1, degreesOfFreedom)
        return df <= table.count ? table[df - 1] : 1.959_964 + 2.4 / Double(df)
    }
}
