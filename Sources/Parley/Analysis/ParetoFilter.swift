/// Reduces candidate outcomes to the non-dominated ones.
///
/// Candidates are kept in flat arrays (utilities with a stride of the party count, option
/// tuples with a stride of the issue count) so that filtering allocates per batch, never per
/// outcome.
///
/// Semantics, for any number of parties: a candidate survives when no other candidate
/// dominates it (`dominates`, with `dominanceTolerance`), and no other surviving candidate
/// that coincides with it (`coincides`) has a lower outcome index (a lexicographically smaller
/// option tuple).
///
/// Up to 3 parties, dominance with a tolerance is decided exactly by one sweep per party `j`: `q` dominates
/// `p` when `q[j] > p[j] + tolerance` for some `j` and `q[k] >= p[k] - tolerance` for every
/// `k`. Sweeping the candidates by falling `q[j]`, the ones that beat `p` on `j` are a prefix
/// of the sweep, and the question left is a dominance query on the other parties' utilities:
/// a running maximum for 2 parties, a Fenwick tree of maxima over ranks for 3 parties (a
/// 3-D skyline sweep): O(n log n), where the former welfare-ordered filter was
/// O(n x frontier). From 4 parties on, a k-d tree over the candidates answers one dominance
/// query per candidate (`DominanceTree`); below `Skyline.treeLimit` candidates,
/// sort-filter-skyline by falling welfare, O(n x frontier), with a check that makes it exact
/// under the tolerance (`sortFilterDominated`); divide and conquer over the extra parties was
/// measured slower there (Domain8, 6 parties: 74 ms against 12 ms; 9 parties: 30 times slower).
/// Coinciding survivors are found through a hash grid of cells wider than the tolerance.
/// Below `Skyline.pairwiseLimit` candidates every pair is compared directly.
struct ParetoFilter {
    let parties: Int

    /// The non-dominated candidates among `utilities`/`options`, as indices into them, in
    /// increasing order.
    func survivors(utilities: [Double], options: [Int32], width: Int) -> [Int] {
        let d = parties
        let count = d == 0 ? 0 : utilities.count / d
        if count == 0 { return [] }
        return utilities.withUnsafeBufferPointer { u in
            options.withUnsafeBufferPointer { o in
                let base = u.baseAddress!
                let dominated = Skyline.dominated(base, count: count, parties: d)
                let candidates = (0..<count).filter { !dominated[$0] }
                return Skyline.dropCoinciding(candidates, base, parties: d) { i, j in
                    for k in 0..<width where o[i * width + k] != o[j * width + k] {
                        return o[i * width + k] < o[j * width + k]
                    }
                    return i < j
                }
            }
        }
    }
}

/// The building blocks of `ParetoFilter`.
enum Skyline {
    /// Below this many candidates, comparing every pair is cheaper than sorting.
    static let pairwiseLimit = 48

    /// From 4 parties on, above this many candidates a dominance tree (`DominanceTree`)
    /// replaces sort-filter-skyline.
    static let treeLimit = 512

    /// Whether each candidate is dominated by another one (with the tolerance).
    static func dominated(_ u: UnsafePointer<Double>, count n: Int, parties d: Int) -> [Bool] {
        var flags = [Bool](repeating: false, count: n)
        if n <= pairwiseLimit {
            for p in 0..<n {
                for q in 0..<n where q != p && dominates(u + q * d, u + p * d, count: d) {
                    flags[p] = true
                    break
                }
            }
            return flags
        }
        if d > 3 {
            return n > treeLimit ? DominanceTree.dominated(u, count: n, parties: d) : sortFilterDominated(u, count: n, parties: d)
        }
        precondition(n < Int(Int32.max), "too many candidates for the skyline's 32-bit indices")
        // One sort per party, shared by every sweep, in flat arrays of d * n:
        // `order[j * n + k]` is the k-th candidate by falling utility of party j, `rank` the
        // first position in that order of each candidate's utility, and `reach` how many
        // candidates have a utility of at least the candidate's own minus the tolerance
        // (found by a pointer moving one way, not by a binary search per query).
        var order = [Int32](repeating: 0, count: d * n)
        var rank = [Int32](repeating: 0, count: d * n)
        var reach = [Int32](repeating: 0, count: d * n)
        var keyed = [(value: Double, candidate: Int32)](repeating: (0, 0), count: n)
        let tolerance = dominanceTolerance
        for party in 0..<d {
            for i in 0..<n { keyed[i] = (u[i * d + party], Int32(i)) }
            keyed.sort { $0.value > $1.value || ($0.value == $1.value && $0.candidate < $1.candidate) }
            var first = 0
            var end = 0
            for position in 0..<n {
                let (value, candidate) = keyed[position]
                if value != keyed[first].value { first = position }
                while end < n, keyed[end].value >= value - tolerance { end += 1 }
                order[party * n + position] = candidate
                rank[party * n + Int(candidate)] = Int32(first)
                reach[party * n + Int(candidate)] = Int32(end)
            }
        }
        order.withUnsafeBufferPointer { order in
            rank.withUnsafeBufferPointer { rank in
                reach.withUnsafeBufferPointer { reach in
                    flags.withUnsafeMutableBufferPointer { flags in
                        for j in 0..<d {
                            sweep(u, count: n, parties: d, party: j, order: order, rank: rank, reach: reach, flags: flags)
                        }
                    }
                }
            }
        }
        return flags
    }

    /// One sweep of `dominated` for 1 to 3 parties: party `j` downwards; the candidates that
    /// beat `p` on `j` by more than the tolerance are the prefix `order[j][..<next]`.
    @inline(__always)
    private static func sweep(
        _ u: UnsafePointer<Double>, count n: Int, parties d: Int, party j: Int,
        order: UnsafeBufferPointer<Int32>, rank: UnsafeBufferPointer<Int32>, reach: UnsafeBufferPointer<Int32>,
        flags: UnsafeMutableBufferPointer<Bool>
    ) {
        let tolerance = dominanceTolerance
        let sweep = UnsafeBufferPointer(rebasing: order[(j * n)..<(j * n + n)])
        var next = 0
        switch d {
        case 1:
            let top = u[Int(sweep[0])]
            for p in 0..<n where top > u[p] + tolerance { flags[p] = true }
        case 2:
            // The best utility of the other party among the prefix decides.
            let a = 1 - j
            var top = -Double.infinity
            for p32 in sweep {
                let p = Int(p32)
                let limit = u[p * d + j] + tolerance
                while next < n, u[Int(sweep[next]) * d + j] > limit {
                    top = max(top, u[Int(sweep[next]) * d + a])
                    next += 1
                }
                if next > 0, top >= u[p * d + a] - tolerance { flags[p] = true }
            }
        default:
            // A 3-D skyline sweep: a Fenwick tree over the ranks on party a keeps the best
            // utility of party b; the prefix of ranks within the tolerance on a is `reach`.
            let a = j == 0 ? 1 : 0
            let b = j == 2 ? 1 : 2
            let tree = FenwickMaximum(count: n)
            for p32 in sweep {
                let p = Int(p32)
                let limit = u[p * d + j] + tolerance
                while next < n, u[Int(sweep[next]) * d + j] > limit {
                    let q = Int(sweep[next])
                    tree.raise(at: Int(rank[a * n + q]), to: u[q * d + b])
                    next += 1
                }
                if next == 0 || flags[p] { continue }
                let prefix = Int(reach[a * n + p])
                if tree.maximum(upTo: prefix) >= u[p * d + b] - tolerance { flags[p] = true }
            }
        }
    }

    /// Four parties and more: sort-filter-skyline. Visit the candidates by falling welfare (a
    /// dominator's welfare exceeds the dominated point's, up to the tolerance) and compare
    /// each with the points kept so far. Dominance within a tolerance is not transitive, so a
    /// kept point is then checked against the dropped points of higher welfare too: the
    /// result is exactly "dominated by some candidate". O(n x frontier).
    static func sortFilterDominated(_ u: UnsafePointer<Double>, count n: Int, parties d: Int) -> [Bool] {
        var welfare = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = 0.0
            for party in 0..<d { sum += u[i * d + party] }
            welfare[i] = sum
        }
        let order = (0..<n).sorted { welfare[$0] > welfare[$1] || (welfare[$0] == welfare[$1] && $0 < $1) }
        var flags = [Bool](repeating: false, count: n)
        var kept = [Int]()
        for p in order {
            let point = u + p * d
            if kept.contains(where: { dominates(u + $0 * d, point, count: d) }) {
                flags[p] = true
                continue
            }
            kept.removeAll { q in
                let beaten = dominates(point, u + q * d, count: d)
                if beaten { flags[q] = true }
                return beaten
            }
            kept.append(p)
        }
        // A dominator has welfare above the dominated point's minus (d - 1) tolerances; the
        // margin of d tolerances also covers the rounding of the sums.
        let margin = Double(d) * dominanceTolerance
        for k in kept {
            let point = u + k * d
            for q in order {
                if welfare[q] < welfare[k] - margin { break }
                if flags[q], dominates(u + q * d, point, count: d) {
                    flags[k] = true
                    break
                }
            }
        }
        return flags
    }

    /// `candidates` without those that coincide with another candidate preceding them
    /// (`precedes(a, b)`: `a` has the lower outcome index). Sorted ascending.
    static func dropCoinciding(
        _ candidates: [Int], _ u: UnsafePointer<Double>, parties d: Int, precedes: (Int, Int) -> Bool
    ) -> [Int] {
        if candidates.count < 2 { return candidates }
        // Cells of 2^-36 (about 1.5e-11, more than the tolerance): coinciding points lie in
        // the same cell or in neighbouring ones on each axis.
        let scale = 68_719_476_736.0  // 2^36
        @inline(__always) func cell(_ value: Double) -> Int64 {
            let scaled = (value * scale).rounded(.down)
            return scaled.isFinite ? Int64(max(-9e18, min(9e18, scaled))) : (scaled > 0 ? .max : .min)
        }
        @inline(__always) func mix(_ hash: UInt64, _ cell: Int64) -> UInt64 {
            var h = hash ^ UInt64(bitPattern: cell)
            h = (h ^ (h >> 33)) &* 0xff51_afd7_ed55_8ccd
            return h ^ (h >> 29)
        }
        // Every candidate under the hash of its cell, sorted by hash: a cell's members are
        // one contiguous slice, found by binary search (no allocation per candidate).
        var cells = [(hash: UInt64, candidate: Int)]()
        cells.reserveCapacity(candidates.count)
        for candidate in candidates {
            var hash: UInt64 = 0x9e37_79b9_7f4a_7c15
            for party in 0..<d { hash = mix(hash, cell(u[candidate * d + party])) }
            cells.append((hash, candidate))
        }
        cells.sort { $0.hash < $1.hash }
        var lowCell = [Int64](repeating: 0, count: d)
        var highCell = [Int64](repeating: 0, count: d)
        var current = [Int64](repeating: 0, count: d)
        var result = [Int]()
        result.reserveCapacity(candidates.count)
        for candidate in candidates {
            let point = u + candidate * d
            for party in 0..<d {
                lowCell[party] = cell(point[party] - dominanceTolerance)
                highCell[party] = cell(point[party] + dominanceTolerance)
                current[party] = lowCell[party]
            }
            // Visit every neighbouring cell (at most 2^d: one or two cells per axis).
            var preceded = false
            cells: while true {
                var hash: UInt64 = 0x9e37_79b9_7f4a_7c15
                for party in 0..<d { hash = mix(hash, current[party]) }
                var low = 0
                var high = cells.count
                while low < high {
                    let middle = (low + high) / 2
                    if cells[middle].hash < hash { low = middle + 1 } else { high = middle }
                }
                while low < cells.count, cells[low].hash == hash {
                    let other = cells[low].candidate
                    if other != candidate, coincides(u + other * d, point, count: d), precedes(other, candidate) {
                        preceded = true
                        break cells
                    }
                    low += 1
                }
                var axis = 0
                while axis < d {
                    if current[axis] < highCell[axis] {
                        current[axis] += 1
                        break
                    }
                    current[axis] = lowCell[axis]
                    axis += 1
                }
                if axis == d { break }
            }
            if !preceded { result.append(candidate) }
        }
        return result
    }
}

/// Prefix maxima over positions 0..<count, raised one position at a time.
struct FenwickMaximum: ~Copyable {
    private let tree: UnsafeMutableBufferPointer<Double>

    init(count: Int) {
        tree = .allocate(capacity: count + 1)
        tree.initialize(repeating: -.infinity)
    }

    deinit { tree.deallocate() }

    /// Raises position `index` to at least `value`.
    @inline(__always)
    func raise(at index: Int, to value: Double) {
        var i = index + 1
        while i < tree.count {
            if tree[i] < value { tree[i] = value }
            i += i & -i
        }
    }

    /// The maximum over positions 0..<end.
    @inline(__always)
    func maximum(upTo end: Int) -> Double {
        var i = end
        var best = -Double.infinity
        while i > 0 {
            best = max(best, tree[i])
            i -= i & -i
        }
        return best
    }
}
