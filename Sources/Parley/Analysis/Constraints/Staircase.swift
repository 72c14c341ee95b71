/// The non-dominated utility vectors found so far, with a witness outcome each.
///
/// A vector is *covered* when some kept vector is at least as good for every party up to the
/// dominance tolerance (it dominates it or coincides with it): covered vectors are never kept.
/// For two parties the kept vectors are sorted by the first party's utility, which gives the
/// staircase's *corners*: a vector is uncovered exactly when it beats some corner, strictly
/// beyond the tolerance, for both parties.
struct Staircase: Sendable {
    let parties: Int
    /// Utilities, `parties` values per kept point.
    private(set) var utilities: [Double] = []
    /// The witness of each kept point (options in natural issue order).
    private(set) var witnesses: [[Int]] = []
    /// Changes on every insertion, so copies can tell they are stale.
    private(set) var version = 0

    init(parties: Int) { self.parties = parties }

    var count: Int { witnesses.count }

    func point(_ index: Int) -> ArraySlice<Double> { utilities[(index * parties)..<(index * parties + parties)] }

    /// Whether some kept point is at least `vector - dominanceTolerance` for every party.
    func covers(_ vector: [Double]) -> Bool {
        let d = parties
        for index in 0..<count {
            var atLeast = true
            for party in 0..<d where utilities[index * d + party] < vector[party] - dominanceTolerance {
                atLeast = false
                break
            }
            if atLeast { return true }
        }
        return false
    }

    /// Keeps `vector` unless covered, dropping the points it dominates. Returns whether it was kept.
    @discardableResult
    mutating func insert(_ vector: [Double], witness: [Int]) -> Bool {
        if covers(vector) { return false }
        let d = parties
        var index = count - 1
        while index >= 0 {
            let dominated = vector.withUnsafeBufferPointer { v in
                utilities.withUnsafeBufferPointer { u in dominates(v.baseAddress!, u.baseAddress! + index * d, count: d) }
            }
            if dominated {
                utilities.removeSubrange((index * d)..<(index * d + d))
                witnesses.remove(at: index)
            }
            index -= 1
        }
        // Two parties: keep the order by the first party's utility.
        var slot = count
        if d == 2 {
            slot = 0
            while slot < count && utilities[slot * 2] < vector[0] { slot += 1 }
        }
        utilities.insert(contentsOf: vector, at: slot * d)
        witnesses.insert(witness, at: slot)
        version &+= 1
        return true
    }

    /// Takes every point of `other` that this staircase does not cover.
    mutating func merge(_ other: Staircase) {
        for index in 0..<other.count { insert(Array(other.point(index)), witness: other.witnesses[index]) }
    }

    /// Two parties: the corners `(a, b)` such that a vector `u` is uncovered exactly when
    /// `u.0 > a` and `u.1 > b` for some corner, by rising `a`. The first corner has `a = -inf`
    /// and the last `b = -inf`. `slack` is added to the tolerance (a negative slack widens the
    /// uncovered region, which keeps pruning on the safe side of rounding errors).
    func corners(slack: Double) -> [(a: Double, b: Double)] {
        precondition(parties == 2)
        let m = count
        var suffixBest = [Double](repeating: -.infinity, count: m + 1)
        var index = m - 1
        while index >= 0 {
            suffixBest[index] = max(suffixBest[index + 1], utilities[index * 2 + 1])
            index -= 1
        }
        let shift = dominanceTolerance + slack
        return (0...m).map { k in
            (a: k == 0 ? -.infinity : utilities[(k - 1) * 2] + shift, b: k == m ? -.infinity : suffixBest[k] + shift)
        }
    }
}
