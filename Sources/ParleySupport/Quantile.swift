extension Array where Element == Double {
    /// The `q` quantile (0...1) of values sorted in rising order, by linear interpolation between
    /// order statistics (Hyndman & Fan type 7, as R and NumPy compute by default); NaN when
    /// there are none.
    public func sortedQuantile(_ q: Double) -> Double {
        guard !isEmpty else { return .nan }
        let position = Double(count - 1) * q
        let below = Int(position.rounded(.down))
        let above = Swift.min(below + 1, count - 1)
        return self[below] + (position - Double(below)) * (self[above] - self[below])
    }
}
