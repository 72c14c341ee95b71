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
        _ u: UnsafePointer<Double>, count n: Int, parties d: Int, leafSize: Int = defaultLeafSize
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
        let tolerance = dominanceTolerance
        var stack = [(node: Int, lower: Int, upper: Int)]()
        stack.reserveCapacity(2 * depth + 4)
        var floorValues = [Double](repeating: 0, count: d)
        var strictValues = [Double](repeating: 0, count: d)
        for p in 0..<n {
            let point = u + p * d
            for party in 0..<d {
                floorValues[party] = point[party] - tolerance
                strictValues[party] = point[party] + tolerance
            }
            stack.removeAll(keepingCapacity: true)
            stack.append((0, 0, n))
            var found = false
            search: while let entry = stack.popLast() {
                let (node, lower, upper) = entry
                let top = high.baseAddress! + node * d
                let bottom = low.baseAddress! + node * d
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
                    for q in lower..<upper where dominates(points.baseAddress! + q * d, point, count: d) {
                        found = true
                        break search
                    }
                    continue
                }
                let middle = (lower + upper) / 2
                // The upper half on the split party is the likelier to dominate: visit it first.
                stack.append((2 * node + 1, lower, middle))
                stack.append((2 * node + 2, middle, upper))
            }
            flags[p] = found
        }
        return flags
    }

    /// Builds the subtree of `node` over `order[range]`: its bounding box, then, above a leaf,
    /// a split at the middle position along the party of widest spread.
    private static func build(
        _ u: UnsafePointer<Double>, parties d: Int, leaf: Int, order: UnsafeMutableBufferPointer<Int32>,
        low: UnsafeMutableBufferPointer<Double>, high: UnsafeMutableBufferPointer<Double>, node: Int, range: Range<Int>
    ) {
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
        if range.count <= leaf { return }
        var split = 0
        for party in 1..<d
        where high[node * d + party] - low[node * d + party] > high[node * d + split] - low[node * d + split] {
            split = party
        }
        let middle = (range.lowerBound + range.upperBound) / 2
        select(u, parties: d, party: split, order: order, range: range, nth: middle)
        build(u, parties: d, leaf: leaf, order: order, low: low, high: high, node: 2 * node + 1, range: range.lowerBound..<middle)
        build(u, parties: d, leaf: leaf, order: order, low: low, high: high, node: 2 * node + 2, range: middle..<range.upperBound)
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
