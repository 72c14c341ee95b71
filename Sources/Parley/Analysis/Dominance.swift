/// The tolerance below which two utilities count as equal when deciding dominance: sums of the
/// same values in another order differ in their last bits, and such near-ties are not
/// frontier points of their own.
public let dominanceTolerance = 1e-12

/// Whether `a` Pareto-dominates `b`: no worse for anyone, strictly better for someone, both
/// beyond `dominanceTolerance`. The vectors are slices of flat arrays of `count` values.
@inlinable
func dominates(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Bool {
    var better = false
    for party in 0..<count {
        if a[party] < b[party] - dominanceTolerance { return false }
        if a[party] > b[party] + dominanceTolerance { better = true }
    }
    return better
}

/// Whether `a` and `b` are equal within `dominanceTolerance` for every party.
@inlinable
func coincides(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Bool {
    for party in 0..<count where abs(a[party] - b[party]) > dominanceTolerance { return false }
    return true
}
