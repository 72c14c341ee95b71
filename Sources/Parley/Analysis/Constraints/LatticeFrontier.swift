import Dispatch
import Foundation
import Synchronization

/// Exact two-party frontiers of hyper-rectangle utilities whose box weights are whole
/// multiples of one unit (the ANAC 2014 domains use integers), by the epsilon-constraint
/// method with LP-based branch and bound.
///
/// With weights on a lattice, every party's constraint sum is an integer number of units, so
/// the frontier is found one point at a time: maximise party 1 subject to party 2 reaching a
/// level, then maximise party 2 holding party 1 at what was found; the next level is one unit
/// above. Each maximisation is a branch and bound over the cells (`CellDecomposition`) whose
/// bound is the linear relaxation of the boxes: a column `y_k ≤ Σ x` per box and issue.
/// That relaxation is far tighter than splitting weights statically (on these domains it is
/// usually integral), and since values are integers a node is closed as soon as its bound is
/// under the incumbent plus one unit.
///
/// Nothing rests on the simplex's arithmetic: a node is pruned by a bound computed from the
/// rows with its multipliers (`LinearProgram.lagrangianBound`), which holds for any
/// multipliers, or dropped as infeasible only when phase 1's multipliers prove it; outcomes
/// are evaluated from the boxes themselves.
struct LatticeFrontier: Sendable {
    /// One box in cell coordinates: the cells inside it, per issue it bounds.
    struct Box: Sendable {
        var party: Int
        /// In lattice units; negative for the inside of an exclusive box.
        var weight: Int
        var ranges: [(issue: Int, cells: UInt64)]
    }

    let decomposition: CellDecomposition
    let cellCounts: [Int]
    let boxes: [Box]
    /// Per party: the exclusive boxes' weights, paid unless the outcome is inside.
    let constants: [Int]
    /// Per party: the lattice value from which the utility is capped at 1.
    let caps: [Int]
    /// How far rounding can move a computed bound: sums of up to a few thousand terms, none
    /// larger than the total weight, each off by at most one part in 2^52.
    let rounding: Double
    /// Counts the nodes and frontier points of the search as it runs, when set.
    var progress: SearchProgress?

    /// The lattice form of `utilities`, or nil when the method does not apply: two parties,
    /// constraint terms only, box weights on a common unit, at most 64 cells per issue.
    init?(space: OutcomeSpace, utilities: [CompiledUtility]) {
        guard utilities.count == 2, !space.radices.isEmpty, !space.radices.contains(0) else { return nil }
        for utility in utilities {
            guard utility.constraintScale > 0, !utility.constraints.isEmpty, !utility.table.contains(where: { $0 != 0 }) else {
                return nil
            }
        }
        let weights = utilities.flatMap { $0.constraints.map(\.utility) }
        guard let unit = Self.unit(of: weights) else { return nil }
        let decomposition = CellDecomposition(space: space, utilities: utilities)
        let cellCounts = decomposition.cellStarts.map(\.count)
        guard cellCounts.allSatisfy({ $0 <= 64 }) else { return nil }

        var boxes = [Box]()
        var constants = [0, 0]
        var caps = [0, 0]
        for (party, utility) in utilities.enumerated() {
            for box in utility.constraints {
                let weight = Int((box.utility / unit).rounded())
                var masks = [Int: UInt64]()
                for bound in box.bounds {
                    let cellOf = decomposition.cellOfOption[bound.issue]
                    var mask: UInt64 = 0
                    for cell in cellOf[bound.options.lowerBound]...cellOf[bound.options.upperBound] { mask |= 1 << UInt64(cell) }
                    masks[bound.issue] = (masks[bound.issue] ?? ~0) & mask
                }
                if box.isExclusive { constants[party] += weight }
                // A box that holds no outcome never pays (an exclusive one always does).
                if masks.values.contains(0) || weight == 0 { continue }
                let ranges = masks.map { (issue: $0.key, cells: $0.value) }.sorted { $0.issue < $1.issue }
                boxes.append(Box(party: party, weight: box.isExclusive ? -weight : weight, ranges: ranges))
            }
            caps[party] = Int((utility.constraintScale / unit - 1e-9).rounded(.up))
        }
        self.decomposition = decomposition
        self.cellCounts = cellCounts
        self.boxes = boxes
        self.constants = constants
        self.caps = caps
        rounding = 1e-6 + 1e-12 * (boxes.reduce(0.0) { $0 + Double(abs($1.weight)) } + Double(constants.map(abs).reduce(0, +)))
    }

    /// The largest of a few decimal units on which every weight lies, if any, with under a
    /// billion units in all (so that rounding stays far below one unit).
    static func unit(of weights: [Double]) -> Double? {
        for unit in [1, 0.5, 0.25, 0.2, 0.1, 0.05, 0.02, 0.01, 0.001] {
            let onLattice = weights.allSatisfy { weight in
                let scaled = weight / unit
                return abs(scaled - scaled.rounded()) <= 1e-9 * max(1, abs(scaled))
            }
            let total = weights.reduce(0) { $0 + abs($1) } / unit
            if onLattice && total < 1e9 { return unit }
        }
        return nil
    }

    /// Both parties' lattice values of a cell assignment.
    func values(cells: [Int]) -> [Int] {
        var result = constants
        for box in boxes where box.ranges.allSatisfy({ $0.cells & (1 << UInt64(cells[$0.issue])) != 0 }) {
            result[box.party] += box.weight
        }
        return result
    }

    // MARK: - The frontier

    struct Frontier: Sendable {
        /// Cell assignments (natural issue order) of the frontier points, by rising value of
        /// the second party.
        var points: [[Int]]
        var isExact: Bool
        var nodes: Int
    }

    /// Every non-dominated vector of capped values, one cell assignment each, unless the
    /// deadline comes first (then `isExact` is false and `points` holds those proven so far).
    func frontier(deadline: ContinuousClock.Instant, nodeLimit: Int = .max, workers: Int) -> Frontier {
        var points = [[Int]]()
        var nodes = 0
        var level: Int?
        while true {
            let first = maximise(
                party: 0, holding: level.map { (1, $0) }, incumbent: nil, deadline: deadline, nodeLimit: nodeLimit - nodes, workers: workers)
            nodes += first.nodes
            if first.aborted { return Frontier(points: points, isExact: false, nodes: nodes) }
            guard let best = first.cells else { break }
            let reached = min(values(cells: best)[0], caps[0])
            let second = maximise(
                party: 1, holding: (0, reached), incumbent: best, deadline: deadline, nodeLimit: nodeLimit - nodes, workers: workers)
            nodes += second.nodes
            if second.aborted { return Frontier(points: points, isExact: false, nodes: nodes) }
            guard let point = second.cells else { break }
            points.append(point)
            progress?.setPoints(points.count)
            let value = values(cells: point)[1]
            if value >= caps[1] { break }
            level = value + 1
        }
        return Frontier(points: points, isExact: true, nodes: nodes)
    }

    var fullDomains: [UInt64] { cellCounts.map { $0 == 64 ? ~0 : (1 << UInt64($0)) - 1 } }

    // MARK: - Branch and bound

    /// A subproblem: the cells still allowed per issue, and the boxes set aside (counted as
    /// paying nothing: the outcomes inside them are searched in the sibling that keeps them).
    struct Node: Sendable {
        var domains: [UInt64]
        var excluded: [Bool]
    }

    struct Search: Sendable {
        var cells: [Int]?
        var nodes: Int
        var aborted: Bool
    }

    /// The best value of `party` (capped, and at most `goal`) over the outcomes within
    /// `domains` where the other party keeps at least `holding.level`, with an outcome
    /// reaching it; nil cells when there is none.
    func maximise(
        party: Int, holding: (party: Int, level: Int)?, incumbent start: [Int]?, within domains: [UInt64]? = nil, goal: Int? = nil,
        deadline: ContinuousClock.Instant, nodeLimit: Int = .max, workers: Int
    ) -> Search {
        let root = Node(domains: domains ?? fullDomains, excluded: [Bool](repeating: false, count: boxes.count))
        // Values past the cap (or the goal) are all the same to this search.
        let cap = min(caps[party], goal ?? .max)
        let shared = Mutex(
            SharedBranchAndBound(stack: [root], best: start.map { min(values(cells: $0)[party], cap) } ?? Int.min, cells: start))
        DispatchQueue.concurrentPerform(iterations: max(1, workers)) { _ in
            var warm = WarmRelaxation(lattice: self, root: root, party: party, holding: holding)
            var working = false
            while true {
                let next: Take = shared.withLock { state in
                    if working {
                        state.active -= 1
                        working = false
                    }
                    if state.aborted || state.best >= cap { return .stop }
                    if state.nodes >= nodeLimit || ContinuousClock.now >= deadline {
                        state.aborted = true
                        return .stop
                    }
                    // An empty stack while others work: they may still push children.
                    guard let node = state.stack.popLast() else { return state.active == 0 ? .stop : .wait }
                    state.active += 1
                    state.nodes += 1
                    working = true
                    return .explore(node, best: state.best)
                }
                switch next {
                case .stop: return
                case .wait: usleep(50)
                case .explore(let node, let best):
                    let result = explore(node, party: party, holding: holding, best: best, cap: cap, warm: &warm)
                    progress?.countNode()
                    shared.withLock { state in
                        if let found = result.found, found.value > state.best {
                            state.best = found.value
                            state.cells = found.cells
                        }
                        state.stack.append(contentsOf: result.children)
                    }
                }
            }
        }
        return shared.withLock { state in
            let aborted = state.aborted && state.best < cap
            return Search(cells: state.cells, nodes: state.nodes, aborted: aborted)
        }
    }

    /// Bounds one node: an outcome found by rounding, and the children to search (none when
    /// the bound cannot beat `best` by a unit). `warm` holds the relaxation of the search's
    /// root, solved last at another node of the same search.
    func explore(
        _ node: Node, party: Int, holding: (party: Int, level: Int)?, best: Int, cap: Int, warm: inout WarmRelaxation
    ) -> (found: (value: Int, cells: [Int])?, children: [Node]) {
        let relaxation = warm.relaxation
        let upper = warm.upper(for: node)
        // Stop the dual simplex once the node is sure to be cut (then confirmed below).
        let cutoff = best == Int.min ? -Double.infinity : Double(best) + 1 - rounding - Double(relaxation.constant)
        var solution = warm.program.solve(upper: upper, cutoff: cutoff)
        var bound = 0.0
        for attempt in 0..<2 {
            let program = warm.program.program
            if solution.status == .infeasible {
                let certificate = program.lagrangianBound(
                    duals: solution.farkas, choiceRows: relaxation.choiceRows, objective: [Double](repeating: 0, count: program.columnCount))
                if certificate < -rounding { return (nil, []) }
            }
            let duals = solution.duals.isEmpty ? [Double](repeating: 0, count: program.rows.count) : solution.duals
            bound = Double(relaxation.constant) + program.lagrangianBound(duals: duals, choiceRows: relaxation.choiceRows)
            if best != Int.min && bound < Double(best) + 1 - rounding { return (nil, []) }
            // The cut was not confirmed: solve to the end.
            guard solution.status == .cutOff, attempt == 0 else { break }
            solution = warm.program.solve(upper: upper)
        }
        // Cut only when the bound is under the next lattice value by more than its rounding.
        func beats(_ value: Int) -> Bool { bound >= Double(value) + 1 - rounding }

        // Round: each open issue takes its heaviest cell.
        var cells = [Int](repeating: 0, count: cellCounts.count)
        var heaviest = [Double](repeating: -1, count: cellCounts.count)
        for (issue, domain) in node.domains.enumerated() { cells[issue] = domain.trailingZeroBitCount }
        if solution.status == .optimal || solution.status == .iterationLimit {
            for (issue, columns) in relaxation.xColumnOf.enumerated() {
                for (cell, column) in columns.enumerated()
                where column >= 0 && node.domains[issue] & (1 << UInt64(cell)) != 0 && solution.values[column] > heaviest[issue] + 1e-9 {
                    heaviest[issue] = solution.values[column]
                    cells[issue] = cell
                }
            }
        }
        var found: (value: Int, cells: [Int])?
        let reached = values(cells: cells)
        if holding.map({ reached[$0.party] >= $0.level }) ?? true {
            let value = min(reached[party], cap)
            if value > best { found = (value, cells) }
        }
        let incumbent = max(best, found?.value ?? Int.min)
        if incumbent != Int.min && (!beats(incumbent) || incumbent >= cap) { return (found, []) }

        // Branch on the most fractional box, weighted by its weight; else split an issue.
        var choice: (box: Int, value: Double)?
        var score = 0.0
        if solution.status == .optimal {
            for (column, box) in relaxation.yColumns {
                let value = solution.values[column]
                var fraction = min(value, 1 - value)
                if boxes[box].weight < 0 {
                    // The inside of an exclusive box is undecided while every issue keeps
                    // some weight inside it and the relaxation does not count it in full.
                    let inside = boxes[box].ranges.map { relaxation.mass(of: $0, in: solution.values) }.min() ?? 0
                    fraction = min(inside, 1 - value)
                }
                if fraction > 1e-6 && Double(abs(boxes[box].weight)) * fraction > score {
                    score = Double(abs(boxes[box].weight)) * fraction
                    choice = (box, value)
                }
            }
        }
        if let (box, value) = choice {
            var inside = node
            var empty = false
            for range in boxes[box].ranges {
                inside.domains[range.issue] &= range.cells
                if inside.domains[range.issue] == 0 { empty = true }
            }
            if boxes[box].weight < 0 {
                // Inside on every issue, or outside first on issue j: a partition on which
                // the box is exact in every child.
                var children = empty ? [] : [inside]
                var prefix = node
                for range in boxes[box].ranges {
                    var outside = prefix
                    outside.domains[range.issue] &= ~range.cells
                    if outside.domains[range.issue] != 0 { children.append(outside) }
                    prefix.domains[range.issue] &= range.cells
                    if prefix.domains[range.issue] == 0 { break }
                }
                return (found, children)
            }
            var outside = node
            outside.excluded[box] = true
            // The stack pops the last child first: the side the relaxation leans to.
            if empty { return (found, [outside]) }
            return (found, value >= 0.5 ? [outside, inside] : [inside, outside])
        }
        // Split the open issue whose relaxed choice is least settled: its heaviest cell
        // against the rest.
        var split = -1
        var least = 2.0
        for (issue, domain) in node.domains.enumerated() where domain.nonzeroBitCount > 1 {
            let weight = heaviest[issue] < 0 ? 0 : heaviest[issue]
            if weight < least {
                least = weight
                split = issue
            }
        }
        guard split >= 0 else { return (found, []) }
        var alone = node
        alone.domains[split] = 1 << UInt64(cells[split])
        var rest = node
        rest.domains[split] &= ~(1 << UInt64(cells[split]))
        return (found, [rest, alone])
    }
}

/// What a worker does next.
private enum Take {
    case explore(LatticeFrontier.Node, best: Int)
    case wait
    case stop
}

private struct SharedBranchAndBound {
    var stack: [LatticeFrontier.Node]
    var best: Int
    var cells: [Int]?
    var active = 0
    var nodes = 0
    var aborted = false
}

/// The relaxation of a search's root, re-solved at each node under the node's bounds: a node
/// only narrows the root's domains and sets boxes aside, which is the root's program with the
/// columns of the cells it drops and of the boxes it sets aside fixed at zero (an issue down to
/// one cell keeps that cell's column at one through its choice row; a box with an issue outside
/// it has `y ≤ 0`). Every outcome of the node, valued with its boxes as they pay in the node,
/// is a solution of that program, so the program bounds the node.
struct WarmRelaxation {
    let relaxation: Relaxation
    var program: WarmStartedProgram

    init(lattice: LatticeFrontier, root: LatticeFrontier.Node, party: Int, holding: (party: Int, level: Int)?) {
        relaxation = Relaxation(lattice: lattice, node: root, party: party, holding: holding)
        program = WarmStartedProgram(relaxation.program)
    }

    /// The program's column bounds at `node`, a descendant of the root.
    func upper(for node: LatticeFrontier.Node) -> [Double] {
        var upper = [Double](repeating: 1, count: relaxation.program.columnCount)
        for (issue, columns) in relaxation.xColumnOf.enumerated() {
            for (cell, column) in columns.enumerated() where column >= 0 && node.domains[issue] & (1 << UInt64(cell)) == 0 { upper[column] = 0 }
        }
        for (column, box) in relaxation.yColumns where node.excluded[box] { upper[column] = 0 }
        return upper
    }
}

/// The linear relaxation of one node: columns `x` for the allowed cells of open issues (one
/// chosen per issue) and `y` for boxes still undecided over two or more open issues;
/// boxes decided by the domains are constants or per-cell terms.
struct Relaxation {
    var program: LinearProgram
    var choiceRows: [Int] = []
    /// Issue → cell → column (-1 for cells not allowed; empty for settled issues).
    var xColumnOf: [[Int]] = []
    /// (column, box) of the `y` columns.
    var yColumns: [(column: Int, box: Int)] = []
    /// The objective party's value fixed by the domains.
    var constant: Int

    init(lattice: LatticeFrontier, node: LatticeFrontier.Node, party: Int, holding: (party: Int, level: Int)?) {
        var xColumn = [[Int]](repeating: [], count: node.domains.count)
        var xCount = 0
        for (issue, domain) in node.domains.enumerated() where domain.nonzeroBitCount > 1 {
            xColumn[issue] = [Int](repeating: -1, count: lattice.cellCounts[issue])
            for cell in 0..<lattice.cellCounts[issue] where domain & (1 << UInt64(cell)) != 0 {
                xColumn[issue][cell] = xCount
                xCount += 1
            }
        }
        var constants = lattice.constants
        var objective = [Double](repeating: 0, count: xCount)
        var holdingEntries = [(column: Int, value: Double)]()
        var rows = [(entries: [(column: Int, value: Double)], sense: LinearProgram.Sense, rhs: Double)]()
        var yColumns = [(column: Int, box: Int)]()
        var yObjective = [Double]()
        for (index, box) in lattice.boxes.enumerated() where !node.excluded[index] {
            // The box's issues that are still open, with the allowed cells inside.
            var open = [(issue: Int, cells: UInt64)]()
            var dead = false
            for range in box.ranges {
                let domain = node.domains[range.issue]
                if domain & range.cells == 0 {
                    dead = true
                    break
                }
                if domain & ~range.cells != 0 { open.append((range.issue, domain & range.cells)) }
            }
            if dead { continue }
            let weight = Double(box.weight)
            let counts = box.party == party || box.party == holding?.party
            if open.isEmpty {
                constants[box.party] += box.weight
                continue
            }
            guard counts else { continue }
            if open.count == 1 {
                let range = open[0]
                for cell in 0..<lattice.cellCounts[range.issue] where range.cells & (1 << UInt64(cell)) != 0 {
                    let column = xColumn[range.issue][cell]
                    if box.party == party { objective[column] += weight } else { holdingEntries.append((column, weight)) }
                }
                continue
            }
            let y = xCount + yColumns.count
            yColumns.append((y, index))
            yObjective.append(box.party == party ? weight : 0)
            if box.party != party { holdingEntries.append((y, weight)) }
            if box.weight > 0 {
                // y ≤ Σ x over the cells inside, for each open issue.
                for range in open {
                    var entries = [(column: Int, value: Double)]([(y, 1)])
                    for cell in 0..<lattice.cellCounts[range.issue] where range.cells & (1 << UInt64(cell)) != 0 {
                        entries.append((xColumn[range.issue][cell], -1))
                    }
                    rows.append((entries, .lessOrEqual, 0))
                }
            } else {
                // y ≥ Σ_issues Σ x inside − (issues − 1): inside on every open issue forces y.
                var entries = [(column: Int, value: Double)]([(y, 1)])
                for range in open {
                    for cell in 0..<lattice.cellCounts[range.issue] where range.cells & (1 << UInt64(cell)) != 0 {
                        entries.append((xColumn[range.issue][cell], -1))
                    }
                }
                rows.append((entries, .greaterOrEqual, -Double(open.count - 1)))
            }
        }
        var program = LinearProgram(columns: xCount + yColumns.count)
        program.objective = objective + yObjective
        var choiceRows = [Int]()
        for issue in 0..<node.domains.count where !xColumn[issue].isEmpty {
            choiceRows.append(program.rows.count)
            program.addRow(xColumn[issue].filter { $0 >= 0 }.map { (column: $0, value: 1.0) }, .equal, 1)
        }
        for row in rows { program.addRow(row.entries, row.sense, row.rhs) }
        if let holding {
            program.addRow(holdingEntries, .greaterOrEqual, Double(holding.level - constants[holding.party]))
        }
        self.program = program
        self.choiceRows = choiceRows
        self.xColumnOf = xColumn
        self.yColumns = yColumns
        self.constant = constants[party]
    }

    /// How much of an issue's relaxed choice lies in a box's cells (1 for a settled issue
    /// whose cell is inside, 0 outside).
    func mass(of range: (issue: Int, cells: UInt64), in values: [Double]) -> Double {
        let columns = xColumnOf[range.issue]
        if columns.isEmpty { return 1 }
        var total = 0.0
        for (cell, column) in columns.enumerated() where column >= 0 && range.cells & (1 << UInt64(cell)) != 0 { total += values[column] }
        return total
    }
}
