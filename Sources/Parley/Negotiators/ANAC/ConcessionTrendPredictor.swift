/// OMAC's predictor of an opponent's concession, simplified: the series of the best utilities the
/// opponent offered per time interval is smoothed by a one-level Haar wavelet transform with the
/// detail coefficients dropped (each pair of neighbours replaced by its mean: the approximation
/// part of the decomposition, where Chen & Weiss use Daubechies wavelets), then fitted by a
/// least-squares cubic; beyond the last observation the fit continues along its tangent, as a
/// natural cubic smoothing spline does. Predictions are clamped to [0, 1].
public struct ConcessionTrendPredictor: Hashable, Sendable {
    /// The cubic's coefficients `c0 + c1·t + c2·t² + c3·t³`.
    public private(set) var coefficients: [Double] = [0, 0, 0, 0]
    /// The time of the last observation, after which predictions are linear.
    public private(set) var lastTime = 0.0

    /// An unfitted predictor (it predicts 0).
    public init() {}

    /// The Haar approximation of `values`: each pair `(a, b)` becomes `((a + b)/2, (a + b)/2)`;
    /// an odd last value is kept.
    public static func haarSmoothed(_ values: [Double]) -> [Double] {
        var smoothed = values
        var index = 0
        while index + 1 < values.count {
            let mean = (values[index] + values[index + 1]) / 2
            smoothed[index] = mean
            smoothed[index + 1] = mean
            index += 2
        }
        return smoothed
    }

    /// Fits the smoothed `values` observed at `times` (increasing, at least four points); returns
    /// false and stays unchanged with fewer.
    @discardableResult
    public mutating func fit(times: [Double], values: [Double]) -> Bool {
        let n = min(times.count, values.count)
        guard n >= 4 else { return false }
        let smoothed = Self.haarSmoothed(Array(values.prefix(n)))
        // Normal equations (XᵀX) c = Xᵀy of the cubic, with a tiny ridge against clustered times.
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: 5), count: 4)
        for point in 0..<n {
            var powers = [1.0, times[point], 0, 0]
            powers[2] = powers[1] * powers[1]
            powers[3] = powers[2] * powers[1]
            for row in 0..<4 {
                for column in 0..<4 { matrix[row][column] += powers[row] * powers[column] }
                matrix[row][4] += powers[row] * smoothed[point]
            }
        }
        for row in 0..<4 { matrix[row][row] += 1e-9 }
        // Gaussian elimination with partial pivoting.
        for column in 0..<4 {
            var pivot = column
            for row in (column + 1)..<4 where abs(matrix[row][column]) > abs(matrix[pivot][column]) { pivot = row }
            matrix.swapAt(column, pivot)
            let divisor = matrix[column][column]
            guard abs(divisor) > 1e-15 else { return false }
            for row in (column + 1)..<4 {
                let factor = matrix[row][column] / divisor
                for entry in column..<5 { matrix[row][entry] -= factor * matrix[column][entry] }
            }
        }
        var solution = [Double](repeating: 0, count: 4)
        for row in stride(from: 3, through: 0, by: -1) {
            var value = matrix[row][4]
            for column in (row + 1)..<4 { value -= matrix[row][column] * solution[column] }
            solution[row] = value / matrix[row][row]
        }
        coefficients = solution
        lastTime = times[n - 1]
        return true
    }

    /// The cubic at `time`.
    func cubic(_ time: Double) -> Double {
        coefficients[0] + time * (coefficients[1] + time * (coefficients[2] + time * coefficients[3]))
    }

    /// The predicted value at `time`: the cubic up to the last observation, its tangent after,
    /// clamped to [0, 1].
    public func predict(at time: Double) -> Double {
        let value: Double
        if time <= lastTime {
            value = cubic(time)
        } else {
            let slope = coefficients[1] + lastTime * (2 * coefficients[2] + 3 * lastTime * coefficients[3])
            value = cubic(lastTime) + slope * (time - lastTime)
        }
        return min(1, max(0, value))
    }
}
