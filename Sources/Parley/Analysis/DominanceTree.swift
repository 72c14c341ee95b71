import Dispatch

/// Which candidates another candidate dominates, for four parties and more, through a static
/// k-d tree over the candidates themselves.
///
/// Each node keeps the smallest and largest utility of each party in its subtree. A query asks
/// whether some candidate `q` has `q[k] >= p[k] - tolerance` for every party and
/// `q[j] > p[j] + tolerance` for one: a subtree is skipped when its largest utility of some
/// party is under `p`'s minus the tolerance, or when none of its largest utilities beats
/// `p`'s by more than the tolerance; it answers at once when its smallest utilities already
/// dominate `p`. The answer is exactly "dominated by some candidate" (no transitivity is
/// assumed, so dominance within a tolerance needs no second pass), and the tree is built once
/// per filter: O(n log n) to build, where sort-filter-skyline compares every candidate with
/// every kept one, O(n x frontier).
enum DominanceTree {
    /// Candidates per leaf, scanned one by one.
    static let defaultLeafSize = 16

    /// Whether each of the `n` candidates (flat, stride `d`) is dominated by another one.
    static func dominated(
        _ u: UnsafePointer<Double>, count n: Int, parties d: Int, leafSize: Int = defaultLeafSize,
        workers: Int = OutcomeWalk.defaultWorkerCount
    ) -> [Bool] {
        var flags = [Bool](repeating: false, count: n)
        if n < 2 { return flags }
        precondition(n < Int(Int32.max), "too many candidates for the dominance tree's 32-bit indices")
        let leaf = max(1, leafSize)
        // Nodes in implicit layout: node i covers a range of the permutation, halved at its
        // middle between children 2i + 1 and 2i + 2.
        var depth = 0
        while (n >> depth) > leaf { depth += 1 }
        let nodeCount = (1 << (depth + 2)) - 1
        let order = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
        let points = UnsafeMutableBufferPointer<Double>.allocate(capacity: n * d)
        let low = UnsafeMutableBufferPointer<Double>.allocate(capacity: nodeCount * d)
        let high = UnsafeMutableBufferPointer<Double>.allocate(capacity: nodeCount * d)
        defer {
            order.deallocate()
            points.deallocate()
            low.deallocate()
            high.deallocate()
        }
        for i in 0..<n { order[i] = Int32(i) }
        build(u, parties: d, leaf: leaf, order: order, low: low, high: high, node: 0, range: 0..<n)
        // The candidates in tree order, so that a leaf's scan reads contiguous memory.
        for i in 0..<n {
            let source = u + Int(order[i]) * d
            for party in 0..<d { points[i * d + party] = source[party] }
        }
        // Queries are independent: chunks of candidates on every worker, each writing its
        // own flags, so the result never depends on the thread count.
        let chunk = 4096
        let chunks = (n + chunk - 1) / chunk
        flags.withUnsafeMutableBufferPointer { flags in
            let query = Query(
                candidates: u, points: UnsafePointer(points.baseAddress!), low: UnsafePointer(low.baseAddress!),
                high: UnsafePointer(high.baseAddress!), flags: flags, parties: d, leaf: leaf, depth: depth)
            if chunks == 1 || workers == 1 {
                query.flag(0..<n)
            } else {
                DispatchQueue.concurrentPerform(iterations: chunks) { index in
                    query.flag((index * chunk)..<min(n, index * chunk + chunk))
                }
            }
        }
        return flags
    }

    /// The tree and the dominance query.
    ///
    /// `@unchecked Sendable`: the candidates, points and boxes are only read once the tree is
    /// built, and each call of `flag` writes the flags of its own range of candidates only,
    /// ranges the caller keeps disjoint; every buffer outlives the concurrent calls.
    private struct Query: @unchecked Sendable {
        let candidates: UnsafePointer<Double>
        let points: UnsafePointer<Double>
        let low: UnsafePointer<Double>
        let high: UnsafePointer<Double>
        let flags: UnsafeMutableBufferPointer<Bool>
        let parties: Int
        let leaf: Int
        let depth: Int

        /// Sets `flags[p]` for each candidate `p` in `range` that another candidate dominates.
        func flag(_ range: Range<Int>) {
            let u = candidates
            let d = parties
            let n = flags.count
            let tolerance = dominanceTolerance
            // Flat buffers, not arrays: the query loop is the filter's hot path (perf: 53 %).
            // The depth-first stack holds at most one sibling per level plus the node.
            let capacity = 2 * depth + 8
            let stackNodes = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
            let stackLower = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
            let stackUpper = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
            let floorValues = UnsafeMutablePointer<Double>.allocate(capacity: d)
            let strictValues = UnsafeMutablePointer<Double>.allocate(capacity: d)
            defer {
                stackNodes.deallocate()
                stackLower.deallocate()
                stackUpper.deallocate()
                floorValues.deallocate()
                strictValues.deallocate()
            }
            for p in range {
                let point = u + p * d
                for party in 0..<d {
                    floorValues[party] = point[party] - tolerance
                    strictValues[party] = point[party] + tolerance
                }
                stackNodes[0] = 0
                stackLower[0] = 0
                stackUpper[0] = n
                var size = 1
                var found = false
                search: while size > 0 {
                    size -= 1
                    let node = stackNodes[size]
                    let lower = stackLower[size]
                    let upper = stackUpper[size]
                    let top = high + node * d
                    let bottom = low + node * d
                    var beats = false
                    var covers = true
                    var inside = false
                    for party in 0..<d {
                        if top[party] < floorValues[party] { continue search }
                        if top[party] > strictValues[party] { beats = true }
                        if bottom[party] < floorValues[party] { covers = false }
                        if bottom[party] > strictValues[party] { inside = true }
                    }
                    if !beats { continue }
                    if covers && inside {
                        found = true
                        break
                    }
                    if upper - lower <= leaf {
                        for q in lower..<upper where dominates(points + q * d, point, count: d) {
                            found = true
                            break search
                        }
                        continue
                    }
                    let middle = (lower + upper) / 2
                    // The upper half on the split party is the likelier to dominate: visit it first.
                    stackNodes[size] = 2 * node + 1
                    stackLower[size] = lower
                    stackUpper[size] = middle
                    stackNodes[size + 1] = 2 * node + 2
                    stackLower[size + 1] = middle
                    stackUpper[size + 1] = upper
                    size += 2
                }
                flags[p] = found
            }
        }
    }

    /// Builds the subtree of `node` over `order[range]`: above a leaf, a split at the middle
    /// position along the party of widest spread, then its bounding box from its children's.
    private static func build(
        _ u: UnsafePointer<Double>, parties d: Int, leaf: Int, order: UnsafeMutableBufferPointer<Int32>,
        low: UnsafeMutableBufferPointer<Double>, high: UnsafeMutableBufferPointer<Double>, node: Int, range: Range<Int>
    ) {
        if range.count <= leaf {
            for party in 0..<d {
                low[node * d + party] = .infinity
                high[node * d + party] = -.infinity
            }
            for i in range {
                let point = u + Int(order[i]) * d
                for party in 0..<d {
                    low[node * d + party] = min(low[node * d + party], point[party])
                    high[node * d + party] = max(high[node * d + party], point[party])
                }
            }
            return
        }
        // The widest spread, from a sample of the range (the box itself comes from the children).
        let stride = max(1, range.count / 64)
        var sampleLow = [Double](repeating: .infinity, count: d)
        var sampleHigh = [Double](repeating: -.infinity, count: d)
        for i in Swift.stride(from: range.lowerBound, to: range.upperBound, by: stride) {
            let point = u + Int(order[i]) * d
            for party in 0..<d {
                sampleLow[party] = min(sampleLow[party], point[party])
                sampleHigh[party] = max(sampleHigh[party], point[party])
            }
        }
        var split = 0
        for party in 1..<d where sampleHigh[party] - sampleLow[party] > sampleHigh[split] - sampleLow[split] { split = party }
        let middle = (range.lowerBound + range.upperBound) / 2
        select(u, parties: d, party: split, order: order, range: range, nth: middle)
        build(u, parties: d, leaf: leaf, order: order, low: low, high: high, node: 2 * node + 1, range: range.lowerBound..<middle)
        build(u, parties: d, leaf: leaf, order: order, low: low, high: high, node: 2 * node + 2, range: middle..<range.upperBound)
        for party in 0..<d {
            low[node * d + party] = min(low[(2 * node + 1) * d + party], low[(2 * node + 2) * d + party])
            high[node * d + party] = max(high[(2 * node + 1) * d + party], high[(2 * node + 2) * d + party])
        }
    }

    /// Reorders `order[range]` so that position `nth` holds the candidate it would hold if the
    /// range were sorted by `party`'s utility, with none greater before it and none smaller
    /// after it (quickselect, median of three).
    private static func select(
        _ u: UnsafePointer<Double>, parties d: Int, party: Int, order: UnsafeMutableBufferPointer<Int32>, range: Range<Int>,
        nth: Int
    ) {
        @inline(__always) func key(_ i: Int) -> Double { u[Int(order[i]) * d + party] }
        var lower = range.lowerBound
        var upper = range.upperBound - 1
        while lower < upper {
            let middle = (lower + upper) / 2
            // Median of three to the middle, as the pivot.
            if key(middle) < key(lower) { order.swapAt(middle, lower) }
            if key(upper) < key(lower) { order.swapAt(upper, lower) }
            if key(upper) < key(middle) { order.swapAt(upper, middle) }
            let pivot = key(middle)
            var i = lower
            var j = upper
            while i <= j {
                while key(i) < pivot { i += 1 }
                while key(j) > pivot { j -= 1 }
                if i <= j {
                    order.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if nth <= j {
                upper = j
            } else if nth >= i {
                lower = i
            } else {
                return
            }
        }
    }
}
