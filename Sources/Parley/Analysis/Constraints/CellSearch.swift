/// Depth-first branch and bound over cell assignments, one issue per level in the
/// decomposition's search order.
///
/// *Relaxation.* Every positive term (a weighted box) splits its weight into shares over its
/// issues (`ShareSplitting`: a Lagrangian decomposition, tuned at the root so that boxes which
/// need different cells of one issue share that issue's maximum). While the box is still
/// possible (every assigned issue falls inside it), each unassigned issue's table holds the
/// issue's share on the cells inside the box; when one of its issues is assigned inside, that
/// share moves to the box's last issue in the search order, and when one falls outside, every
/// share is withdrawn. A negative term (from an exclusive box) adds its weight to its last
/// issue only once all its other issues are assigned inside, since before that it may still
/// pay nothing. So for each unassigned issue and party there is a table over cells, and a
/// party's utility in the subtree is at most the assigned part plus, per unassigned issue,
/// the table's value at the issue's cell: a sum of independent per-issue choices. When an
/// issue is assigned, its table at the chosen cell moves to the fixed part (shares of boxes
/// still open are taken back out and moved on, as above).
///
/// *Bound.* For two parties the achievable vectors of the relaxation lie under the concave
/// hull of the Minkowski sum of the per-issue point sets (the sum of their hulls, built by
/// merging edges by slope); a subtree is cut when no point under that hull, capped at each
/// party's cap, beats a corner of the staircase found so far. For other party counts the
/// bound is the ideal point (each party's best separately).
///
/// Table updates are undone by restoring saved values, never by subtracting, so no rounding
/// drift builds up over millions of nodes; the remaining rounding of one root-to-leaf path
/// (shares moved and withdrawn included) is covered by `slack`.
struct CellSearch {
    enum Mode {
        /// Find every non-dominated vector.
        case frontier
        /// Find the first cell assignment, in the search order with cells ascending, whose
        /// outcome is at least `target - tolerance` for every party.
        case witness(target: [Double])
    }

    let decomposition: CellDecomposition
    let utilities: [CompiledUtility]
    let parties: Int
    let positions: Int
    let cellCounts: [Int]
    /// Where each position's cells start in a party's slice of `table`; the last entry is the
    /// slice length.
    let cellOffsets: [Int]
    let caps: [Double]
    /// How far rounding can move a bound: added to every comparison on the pruning side.
    let slack: Double

    // Terms, by index.
    let termParty: [Int]
    let termWeight: [Double]
    let termLastOffset: [Int]
    let termLastCells: [ClosedRange<Int>]
    let termNeeded: [Int]
    var termInside: [Int]
    var termDead: [Bool]
    /// A term at one of its issues other than its last.
    struct Occurrence {
        var term: Int
        var cells: ClosedRange<Int>
        /// The part of a positive term's weight charged to this issue (see `ShareSplitting`).
        var share: Double
        /// What the term's last issue holds just before this issue is assigned.
        var lastShare: Double
        /// The shares of the term's later issues other than the last, in `rest…` arrays.
        var rest: Range<Int>
    }
    // Occurrences of terms at the issues that are not their last: per position, a run.
    let occurrenceStarts: [Int]
    let occurrences: [Occurrence]
    let restOffsets: [Int]
    let restCells: [ClosedRange<Int>]
    let restShares: [Double]

    /// `table[party * stride + cellOffsets[position] + cell]`.
    var table: [Double]
    let stride: Int
    var fixed: [Double]
    var cells: [Int]
    private var savedIndices: [Int] = []
    private var savedValues: [Double] = []
    private var termTrail: [Int] = []

    var staircase: Staircase
    var mode: Mode = .frontier
    /// The first witness found in witness mode.
    var found: ScoredOutcome?

    // Budget.
    var nodes = 0
    var nodeLimit = Int.max
    var deadline: ContinuousClock.Instant?
    var aborted = false
    /// When aborted: the largest amount by which an unexplored outcome may beat the staircase
    /// for every party at once (see `ConstraintFrontier.Result.gap`).
    var gap = 0.0
    /// Levels below an unexplored node whose relaxations bound the gap after an abort.
    var gapDepth = 3
    /// Bound evaluations allowed for the gap after an abort, and those spent.
    var gapNodeLimit = 30_000
    var gapNodes = 0
    /// Called every few thousand nodes to exchange the staircase with other workers.
    var synchronise: ((inout Staircase) -> Void)?
    /// Counts the nodes explored, 1,024 at a time, when set.
    var progress: SearchProgress?

    // Scratch buffers for the hull.
    private var edges: [(dx: Double, dy: Double)] = []
    private var hull: [(x: Double, y: Double)] = []
    private var scratch: [(x: Double, y: Double)] = []

    init(decomposition: CellDecomposition, utilities: [CompiledUtility]) {
        self.decomposition = decomposition
        self.utilities = utilities
        let d = utilities.count
        parties = d
        positions = decomposition.issueCount
        cellCounts = (0..<positions).map { decomposition.cellCount(atPosition: $0) }
        var offsets = [0]
        for count in cellCounts { offsets.append(offsets.last! + count) }
        cellOffsets = offsets
        stride = offsets.last!
        caps = decomposition.caps

        var table = [Double](repeating: 0, count: d * offsets.last!)
        for party in 0..<d {
            for position in 0..<positions {
                for cell in 0..<cellCounts[position] {
                    table[party * offsets.last! + offsets[position] + cell] = decomposition.linear[party][position][cell]
                }
            }
        }
        var fixed = decomposition.constants
        var party = [Int]()
        var weight = [Double]()
        var lastOffset = [Int]()
        var lastCells = [ClosedRange<Int>]()
        var needed = [Int]()
        var occurrences = [[Occurrence]](repeating: [], count: positions)
        var restOffsets = [Int]()
        var restCells = [ClosedRange<Int>]()
        var restShares = [Double]()
        let shares = ShareSplitting.shares(decomposition: decomposition, cellCounts: cellCounts)
        var magnitude = fixed.map(abs).reduce(0, +)
        var operations = decomposition.terms.count + positions + d + 8
        for (termIndex, term) in decomposition.terms.enumerated() {
            magnitude += abs(term.weight)
            operations += 2 * term.bounds.count
            guard let last = term.bounds.last else {
                fixed[term.party] += term.weight
                continue
            }
            let index = party.count
            party.append(term.party)
            weight.append(term.weight)
            lastOffset.append(term.party * offsets.last! + offsets[last.position])
            lastCells.append(last.cells)
            needed.append(term.bounds.count - 1)
            let others = Array(term.bounds.dropLast())
            let termShares = term.weight > 0 ? shares[termIndex] : [Double](repeating: 0, count: others.count)
            // The last issue holds the weight not split off to the others; an assigned issue's
            // share moves there, so `lastShare` is what it holds just before that issue is assigned.
            let initial = term.weight > 0 ? max(0, term.weight - termShares.reduce(0, +)) : (term.bounds.count == 1 ? term.weight : 0)
            var lastShare = initial
            for (occurrence, bound) in others.enumerated() {
                let share = termShares[occurrence]
                // The later issues (other than the last) whose shares a dead box withdraws.
                let rest = restOffsets.count
                for later in (occurrence + 1)..<others.count where termShares[later] > 0 {
                    restOffsets.append(term.party * offsets.last! + offsets[others[later].position])
                    restCells.append(others[later].cells)
                    restShares.append(termShares[later])
                }
                occurrences[bound.position].append(
                    Occurrence(term: index, cells: bound.cells, share: share, lastShare: lastShare, rest: rest..<restOffsets.count))
                lastShare += share
                if share > 0 {
                    for cell in bound.cells { table[term.party * offsets.last! + offsets[bound.position] + cell] += share }
                }
            }
            // A positive term may pay from the start; a negative one only once it is certain
            // that the other issues fall inside, which with no other issue is now.
            if initial != 0 {
                for cell in last.cells { table[term.party * offsets.last! + offsets[last.position] + cell] += initial }
            }
        }
        magnitude += decomposition.linear.flatMap { $0.flatMap { $0 } }.map(abs).reduce(0, +)
        self.table = table
        self.fixed = fixed
        termParty = party
        termWeight = weight
        termLastOffset = lastOffset
        termLastCells = lastCells
        termNeeded = needed
        termInside = [Int](repeating: 0, count: party.count)
        termDead = [Bool](repeating: false, count: party.count)
        var starts = [0]
        var flat = [Occurrence]()
        for list in occurrences {
            flat += list
            starts.append(flat.count)
        }
        occurrenceStarts = starts
        self.occurrences = flat
        self.restOffsets = restOffsets
        self.restCells = restCells
        self.restShares = restShares
        cells = [Int](repeating: 0, count: positions)
        staircase = Staircase(parties: d)
        // Each value in a bound is a sum of at most (terms + issues + parties) rounded
        // operations on numbers no larger than `magnitude`.
        slack = 4 * Double(operations) * magnitude.ulp + 1e-15
    }

    // MARK: Assignment

    private mutating func save(_ index: Int) {
        savedIndices.append(index)
        savedValues.append(table[index])
    }

    /// Assigns `cell` to the issue at `position`; returns the marks `undo` needs.
    mutating func assign(position: Int, cell: Int) -> (tableMark: Int, termMark: Int) {
        let marks = (savedIndices.count, termTrail.count)
        cells[position] = cell
        for party in 0..<parties { fixed[party] += table[party * stride + cellOffsets[position] + cell] }
        for index in occurrenceStarts[position]..<occurrenceStarts[position + 1] {
            let occurrence = occurrences[index]
            let term = occurrence.term
            if termDead[term] { continue }
            let weight = termWeight[term]
            let party = termParty[term]
            if occurrence.cells.contains(cell) {
                termInside[term] += 1
                termTrail.append(term << 1)
                if weight < 0 && termInside[term] == termNeeded[term] {
                    for last in termLastCells[term] {
                        save(termLastOffset[term] + last)
                        table[termLastOffset[term] + last] += weight
                    }
                } else if occurrence.share > 0 {
                    // The box is still open: its share here moves to its last issue.
                    fixed[party] -= occurrence.share
                    for last in termLastCells[term] {
                        save(termLastOffset[term] + last)
                        table[termLastOffset[term] + last] += occurrence.share
                    }
                }
            } else {
                termDead[term] = true
                termTrail.append(term << 1 | 1)
                if weight > 0 {
                    if occurrence.lastShare > 0 {
                        for last in termLastCells[term] {
                            save(termLastOffset[term] + last)
                            table[termLastOffset[term] + last] -= occurrence.lastShare
                        }
                    }
                    for rest in occurrence.rest {
                        for cell in restCells[rest] {
                            save(restOffsets[rest] + cell)
                            table[restOffsets[rest] + cell] -= restShares[rest]
                        }
                    }
                }
            }
        }
        return marks
    }

    mutating func undo(_ marks: (tableMark: Int, termMark: Int), fixed saved: [Double]) {
        while savedIndices.count > marks.tableMark {
            table[savedIndices.removeLast()] = savedValues.removeLast()
        }
        while termTrail.count > marks.termMark {
            let entry = termTrail.removeLast()
            if entry & 1 == 1 { termDead[entry >> 1] = false } else { termInside[entry >> 1] -= 1 }
        }
        fixed = saved
    }

    // MARK: Bounds

    /// Each party's best utility in the subtree below `position`, capped.
    func idealPoint(from position: Int) -> [Double] {
        (0..<parties).map { party in
            var total = fixed[party]
            for next in position..<positions {
                let base = party * stride + cellOffsets[next]
                var best = -Double.infinity
                for cell in 0..<cellCounts[next] { best = max(best, table[base + cell]) }
                total += best
            }
            return min(total, caps[party])
        }
    }

    /// Builds the merged hull of the relaxation below `position` (two parties) into `edges`
    /// and returns its start (each issue at its best cell for party 1).
    private mutating func buildHull(from position: Int) -> (x: Double, y: Double) {
        edges.removeAll(keepingCapacity: true)
        var startX = fixed[0]
        var startY = fixed[1]
        for next in position..<positions {
            let base = cellOffsets[next]
            let count = cellCounts[next]
            var topY = -Double.infinity
            var xAtTop = -Double.infinity
            var rightX = -Double.infinity
            var yAtRight = -Double.infinity
            for cell in 0..<count {
                let x = table[base + cell]
                let y = table[stride + base + cell]
                if y > topY || (y == topY && x > xAtTop) { (topY, xAtTop) = (y, x) }
                if x > rightX || (x == rightX && y > yAtRight) { (rightX, yAtRight) = (x, y) }
            }
            startX += xAtTop
            startY += topY
            if rightX == xAtTop { continue }
            scratch.removeAll(keepingCapacity: true)
            for cell in 0..<count {
                let x = table[base + cell]
                let y = table[stride + base + cell]
                if x >= xAtTop && y >= yAtRight { scratch.append((x, y)) }
            }
            scratch.sort { $0.x < $1.x || ($0.x == $1.x && $0.y > $1.y) }
            hull.removeAll(keepingCapacity: true)
            for point in scratch {
                if let last = hull.last, last.x == point.x { continue }
                while hull.count >= 2 {
                    let a = hull[hull.count - 2]
                    let b = hull[hull.count - 1]
                    let cross = (b.x - a.x) * (point.y - a.y) - (b.y - a.y) * (point.x - a.x)
                    if cross >= 0 { hull.removeLast() } else { break }
                }
                hull.append(point)
            }
            for index in 1..<hull.count {
                edges.append((hull[index].x - hull[index - 1].x, hull[index].y - hull[index - 1].y))
            }
        }
        // Flattest first: the hull of a sum is its edges merged by slope.
        edges.sort { $0.dy * $1.dx > $1.dy * $0.dx }
        return (startX, startY)
    }

    /// Whether the subtree below `position` may hold a vector the staircase does not cover.
    mutating func mayImprove(from position: Int) -> Bool {
        if staircase.count == 0 { return true }
        let ideal = idealPoint(from: position)
        if parties != 2 {
            return !staircase.covers(ideal.map { $0 + slack })
        }
        let corners = staircase.corners(slack: -slack)
        let open = corners.filter { $0.a < ideal[0] && $0.b < ideal[1] }
        if open.isEmpty { return false }
        let start = buildHull(from: position)
        var x = start.x
        var y = start.y
        var edge = 0
        for corner in open {
            // The hull's height at corner.a (it falls from left to right).
            var height: Double
            if corner.a <= x {
                height = y
            } else {
                while edge < edges.count && corner.a > x + edges[edge].dx {
                    x += edges[edge].dx
                    y += edges[edge].dy
                    edge += 1
                }
                if edge == edges.count { return false }  // past the hull's right end
                height = y + edges[edge].dy * (corner.a - x) / edges[edge].dx
            }
            height = min(height, caps[1])
            if height > corner.b { return true }
        }
        return false
    }

    /// Witness mode: whether the subtree may reach `target - tolerance` for every party.
    mutating func mayReach(_ target: [Double], from position: Int) -> Bool {
        let ideal = idealPoint(from: position)
        for party in 0..<parties where ideal[party] + slack < target[party] - dominanceTolerance { return false }
        if parties != 2 { return true }
        let a = target[0] - dominanceTolerance - slack
        let start = buildHull(from: position)
        var x = start.x
        var y = start.y
        if a <= x { return y + slack >= target[1] - dominanceTolerance }
        for (dx, dy) in edges {
            if a <= x + dx { return y + dy * (a - x) / dx + slack >= target[1] - dominanceTolerance }
            x += dx
            y += dy
        }
        return false
    }

    // MARK: Search

    /// Searches the subtree below `position` (the issues before it assigned).
    mutating func search(from position: Int) {
        nodes += 1
        if nodes >= nodeLimit { aborted = true }
        if nodes & 1023 == 0 {
            progress?.addNodes(1024)
            if let synchronise { synchronise(&staircase) }
            if deadline.map({ ContinuousClock.now >= $0 }) ?? false { aborted = true }
        }
        if aborted {
            if case .frontier = mode { gap = max(gap, refinedGap(from: position, depth: gapDepth)) }
            return
        }
        if position == positions {
            visitLeaf()
            return
        }
        switch mode {
        case .frontier:
            if !mayImprove(from: position) { return }
        case .witness(let target):
            if found != nil || !mayReach(target, from: position) { return }
        }
        let count = cellCounts[position]
        var order = Array(0..<count)
        if case .frontier = mode, count > 1 {
            // Promising cells first: good points early make the cuts sharp.
            let base = cellOffsets[position]
            let score = (0..<count).map { cell in (0..<parties).reduce(0.0) { $0 + table[$1 * stride + base + cell] } }
            order.sort { score[$0] > score[$1] || (score[$0] == score[$1] && $0 < $1) }
        }
        let saved = fixed
        for cell in order {
            let marks = assign(position: position, cell: cell)
            search(from: position + 1)
            undo(marks, fixed: saved)
            if case .witness = mode, found != nil { return }
        }
    }

    private mutating func visitLeaf() {
        let options = decomposition.outcome(cells: cells)
        let vector = utilities.map { $0.utility(of: options) }
        switch mode {
        case .frontier:
            staircase.insert(vector, witness: options)
        case .witness(let target):
            if zip(vector, target).allSatisfy({ $0 >= $1 - dominanceTolerance }) {
                found = ScoredOutcome(outcome: Outcome(options), utilities: vector)
            }
        }
    }

    /// After an abort: a bound on how far the unexplored subtree below `position` may reach
    /// past the staircase, from the relaxations of its subtrees `depth` levels down (a
    /// subtree the staircase covers adds nothing). Deeper relaxations are tighter; the depth
    /// drops to 0 once `gapNodeLimit` bound evaluations are spent, so stopping stays quick.
    mutating func refinedGap(from position: Int, depth: Int) -> Double {
        gapNodes += 1
        if depth == 0 || position == positions || gapNodes > gapNodeLimit {
            if position == positions {
                visitLeaf()
                return 0
            }
            return gapBound(from: position)
        }
        if !mayImprove(from: position) { return 0 }
        var worst = 0.0
        let saved = fixed
        for cell in 0..<cellCounts[position] {
            let marks = assign(position: position, cell: cell)
            worst = max(worst, refinedGap(from: position + 1, depth: depth - 1))
            undo(marks, fixed: saved)
        }
        return worst
    }

    /// After an abort: how far the unexplored subtree below `position` may reach past the
    /// staircase: the largest `t` such that some vector of the relaxation, lowered by `t` for
    /// every party, is still uncovered. Two parties use the hull; others the ideal point.
    mutating func gapBound(from position: Int) -> Double {
        let ideal = idealPoint(from: position).map { $0 + slack }
        var excess = Double.infinity
        for index in 0..<staircase.count {
            let point = staircase.point(index)
            excess = min(excess, zip(ideal, point).map { max(0, $0 - $1) }.max() ?? 0)
        }
        if parties == 2 && staircase.count > 0 {
            excess = min(excess, hullExcess(from: position))
        }
        return excess
    }

    /// Two parties: the largest `min(v.0 - a, v.1 - b)` over the relaxation's vectors `v`
    /// (under the capped hull) and the staircase's corners `(a, b)`, at least 0.
    private mutating func hullExcess(from position: Int) -> Double {
        // Corners at the kept points themselves (no tolerance), as the gap is measured from them.
        let corners = staircase.corners(slack: -dominanceTolerance)
        let start = buildHull(from: position)
        // The hull's vertices, from the top-left one rightwards, lifted by `slack`.
        var vertices = [(x: start.x + slack, y: start.y + slack)]
        for (dx, dy) in edges { vertices.append((vertices[vertices.count - 1].x + dx, vertices[vertices.count - 1].y + dy)) }
        let capX = caps[0] + slack
        let capY = caps[1] + slack
        func height(_ x: Double) -> Double {
            // Non-increasing in x; -inf past the right end.
            if x <= vertices[0].x { return min(vertices[0].y, capY) }
            for index in 1..<vertices.count where x <= vertices[index].x {
                let a = vertices[index - 1]
                let b = vertices[index]
                let y = b.x == a.x ? b.y : a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x)
                return min(y, capY)
            }
            return -.infinity
        }
        let right = min(vertices[vertices.count - 1].x, capX)
        var worst = 0.0
        for corner in corners {
            let value: Double
            if corner.a == -.infinity {
                value = height(-.infinity) - corner.b
            } else if corner.b == -.infinity {
                value = right - corner.a
            } else {
                // x - a rises and height(x) - b falls: bisect for the crossing.
                var low = corner.a
                var high = right
                if high <= low { continue }
                for _ in 0..<60 {
                    let middle = (low + high) / 2
                    if middle - corner.a < height(middle) - corner.b { low = middle } else { high = middle }
                }
                value = min(high - corner.a, max(height(low), height(high)) - corner.b)
            }
            worst = max(worst, value)
        }
        return max(0, worst)
    }
}
