import Foundation

/// Exact Gaussian-process regression on a few points of one input (IAMhaggler2011's predictor of
/// the opponent's concession), with a fixed Matérn-3/2 kernel
/// `k(r) = s² · (1 + √3·r/ℓ) · exp(−√3·r/ℓ)`, observation noise `σn²` on the diagonal, and the
/// observations' mean as the prior mean. Fitting is a Cholesky factorisation, `O(n³)`, so callers
/// keep `n` small (IAMhaggler2011 fits at most one point per time slot).
public struct GaussianProcessRegression: Sendable {
    /// The kernel's length scale ℓ, in the units of the inputs.
    public var lengthScale: Double
    /// The kernel's signal variance s².
    public var signalVariance: Double
    /// The observation noise variance σn².
    public var noiseVariance: Double
    private var inputs: [Double] = []
    private var mean = 0.0
    /// The lower-triangular Cholesky factor of `K + σn²I`, row-major n × n.
    private var factor: [Double] = []
    /// `(K + σn²I)⁻¹ (y − mean)`.
    private var weights: [Double] = []

    /// A process with the given kernel; it predicts its prior (mean 0, variance s²) until fitted.
    public init(lengthScale: Double = 0.2, signalVariance: Double = 0.04, noiseVariance: Double = 0.0025) {
        self.lengthScale = lengthScale
        self.signalVariance = signalVariance
        self.noiseVariance = noiseVariance
    }

    /// The kernel between inputs `a` and `b`.
    public func covariance(_ a: Double, _ b: Double) -> Double {
        let scaled = 3.0.squareRoot() * abs(a - b) / lengthScale
        return signalVariance * (1 + scaled) * exp(-scaled)
    }

    /// Conditions the process on `values` observed at `inputs` (the same count).
    public mutating func fit(inputs: [Double], values: [Double]) {
        let n = min(inputs.count, values.count)
        self.inputs = Array(inputs.prefix(n))
        mean = n == 0 ? 0 : values.prefix(n).reduce(0, +) / Double(n)
        var matrix = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                matrix[i * n + j] = covariance(inputs[i], inputs[j]) + (i == j ? noiseVariance : 0)
            }
        }
        // Cholesky, in place in the lower triangle; the noise keeps the matrix positive definite.
        for j in 0..<n {
            var diagonal = matrix[j * n + j]
            for k in 0..<j { diagonal -= matrix[j * n + k] * matrix[j * n + k] }
            let pivot = max(diagonal, 1e-12).squareRoot()
            matrix[j * n + j] = pivot
            for i in (j + 1)..<max(j + 1, n) {
                var value = matrix[i * n + j]
                for k in 0..<j { value -= matrix[i * n + k] * matrix[j * n + k] }
                matrix[i * n + j] = value / pivot
            }
        }
        factor = matrix
        let centred = values.prefix(n).map { $0 - mean }
        weights = Self.solveTransposed(factor, n, Self.solve(factor, n, centred))
    }

    /// The posterior mean and standard deviation at `input`.
    public func predict(at input: Double) -> (mean: Double, deviation: Double) {
        let n = inputs.count
        guard n > 0 else { return (0, signalVariance.squareRoot()) }
        let cross = inputs.map { covariance($0, input) }
        var value = mean
        for i in 0..<n { value += cross[i] * weights[i] }
        let projected = Self.solve(factor, n, cross)
        var variance = signalVariance
        for entry in projected { variance -= entry * entry }
        return (value, max(variance, 1e-12).squareRoot())
    }

    /// `L x = b` by forward substitution.
    private static func solve(_ lower: [Double], _ n: Int, _ b: [Double]) -> [Double] {
        var x = b
        for i in 0..<n {
            var value = x[i]
            for k in 0..<i { value -= lower[i * n + k] * x[k] }
            x[i] = value / lower[i * n + i]
        }
        return x
    }

    /// `Lᵀ x = b` by back substitution.
    private static func solveTransposed(_ lower: [Double], _ n: Int, _ b: [Double]) -> [Double] {
        var x = b
        for i in stride(from: n - 1, through: 0, by: -1) {
            var value = x[i]
            for k in (i + 1)..<max(i + 1, n) { value -= lower[k * n + i] * x[k] }
            x[i] = value / lower[i * n + i]
        }
        return x
    }
}
