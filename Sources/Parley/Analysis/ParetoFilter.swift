/// Reduces candidate outcomes to the non-dominated ones.
///
/// Candidates are kept in flat arrays (utilities with a stride of the party count, option
/// tuples with a stride of the issue count) so that filtering allocates per batch, never per
/// outcome. When two candidates coincide, the one with the lower outcome index (the
/// lexicographically smaller option tuple) stays.
struct ParetoFilter {
    let parties: Int

    /// The non-dominated candidates among `utilities`/`options`, as indices into them.
    func survivors(utilities: [Double], options: [Int32], width: Int) -> [Int] {
        let count = utilities.count / max(parties, 1)
        if count == 0 { return [] }
        return utilities.withUnsafeBufferPointer { u in
            options.withUnsafeBufferPointer { o in
                let base = u.baseAddress!
                func precedes(_ i: Int, _ j: Int) -> Bool {
                    for k in 0..<width where o[i * width + k] != o[j * width + k] {
                        return o[i * width + k] < o[j * width + k]
                    }
                    return false
                }
                return parties == 2
                    ? sweep2(base, count: count, precedes: precedes)
                    : skyline(base, count: count, precedes: precedes)
            }
        }
    }

    /// Two parties: sort by the first utility (descending), then keep each candidate whose
    /// second utility beats every one kept so far. Only near-ties (within the tolerance) need
    /// a closer look, so the sweep is O(n log n).
    private func sweep2(_ u: UnsafePointer<Double>, count: Int, precedes: (Int, Int) -> Bool) -> [Int] {
        let order = (0..<count).sorted { i, j in
            if u[2 * i] != u[2 * j] { return u[2 * i] > u[2 * j] }
            if u[2 * i + 1] != u[2 * j + 1] { return u[2 * i + 1] > u[2 * j + 1] }
            return precedes(i, j)
        }
        var kept = [Int]()
        var bestSecond = -Double.infinity
        candidates: for candidate in order {
            let point = u + 2 * candidate
            if bestSecond >= point[1] - dominanceTolerance {
                for (slot, other) in kept.enumerated() {
                    if coincides(u + 2 * other, point, count: 2) {
                        if precedes(candidate, other) { kept[slot] = candidate }
                        continue candidates
                    }
                    if dominates(u + 2 * other, point, count: 2) { continue candidates }
                }
            }
            // Within the tolerance the newcomer can still dominate the last points kept.
            while let last = kept.last, u[2 * last] <= point[0] + dominanceTolerance,
                dominates(point, u + 2 * last, count: 2)
            {
                kept.removeLast()
            }
            kept.append(candidate)
            bestSecond = max(bestSecond, point[1])
        }
        return kept
    }

    /// Any number of parties: visit candidates by falling welfare (a point can only be
    /// dominated by one of higher welfare) and keep those no kept point dominates.
    private func skyline(_ u: UnsafePointer<Double>, count: Int, precedes: (Int, Int) -> Bool) -> [Int] {
        let d = parties
        var welfare = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var sum = 0.0
            for k in 0..<d { sum += u[i * d + k] }
            welfare[i] = sum
        }
        let order = (0..<count).sorted { i, j in
            if welfare[i] != welfare[j] { return welfare[i] > welfare[j] }
            return precedes(i, j)
        }
        var kept = [Int]()
        for candidate in order {
            var dropped = false
            for (slot, other) in kept.enumerated() {
                if coincides(u + d * other, u + d * candidate, count: d) {
                    if precedes(candidate, other) { kept[slot] = candidate }
                    dropped = true
                    break
                }
                if dominates(u + d * other, u + d * candidate, count: d) {
                    dropped = true
                    break
                }
            }
            if !dropped {
                // Within the tolerance a later point can still dominate an earlier one.
                kept.removeAll { dominates(u + d * candidate, u + d * $0, count: d) }
                kept.append(candidate)
            }
        }
        return kept
    }
}
