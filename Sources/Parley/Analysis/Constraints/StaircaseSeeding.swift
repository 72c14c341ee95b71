import Dispatch
import ParleySupport
import Synchronization

/// Good outcomes found before the exact search, so that its cuts are sharp from the first
/// node: iterated local search over cells for a fan of scalarisations of the parties'
/// utilities.
///
/// Only a speed-up: the points are real outcomes with exactly evaluated utilities, and the
/// search still proves (or improves on) every one of them. The walks are deterministic (own
/// generators, fixed iteration counts, merged in a fixed order), so the seed depends on timing
/// only when the time limit cuts it short.
enum StaircaseSeeding {
    /// Inserts into `staircase` good outcomes for `directions` weightings (two parties: from
    /// all-first to all-second party, then the same fan as epsilon-constraints that maximise
    /// one party while keeping the other at the levels found; otherwise each party alone and
    /// equal weights). `perturbationsPerIssue` scales the perturbations of each walk; none are
    /// started after `deadline`.
    static func seed(
        _ staircase: inout Staircase, decomposition: CellDecomposition, utilities: [CompiledUtility], directions: Int = 21,
        perturbationsPerIssue: Int = 4, workers: Int = 1, deadline: ContinuousClock.Instant? = nil
    ) {
        let d = utilities.count
        var objectives = [Objective]()
        if d == 2 {
            objectives = (0..<directions).map { step in
                let t = Double(step) / Double(max(1, directions - 1))
                return .weighted([1 - t, t])
            }
        } else {
            objectives = (0..<d).map { party in .weighted((0..<d).map { $0 == party ? 1 : 0 }) } + [.weighted([Double](repeating: 1, count: d))]
        }
        // Four perturbations per issue on the large domains (fewer leave published points
        // uncovered on y2014-30issuesDiscounted); small spaces are solved fast without them.
        let issues = decomposition.issueCount
        let perturbations = perturbationsPerIssue * (issues >= 20 ? issues : (issues + 3) / 4)
        run(
            objectives, perturbations: perturbations, into: &staircase, decomposition: decomposition, utilities: utilities, workers: workers,
            deadline: deadline)
        if d == 2 {
            // Epsilon-constraints at the levels found: fills the non-convex parts of the front
            // that no weighted sum reaches.
            var constrained = [Objective]()
            for index in 0..<staircase.count {
                let level = staircase.point(index)
                constrained.append(.constrained(party: 0, floor: level[level.startIndex + 1]))
                constrained.append(.constrained(party: 1, floor: level[level.startIndex]))
            }
            run(
                constrained, perturbations: perturbations / 4, into: &staircase, decomposition: decomposition, utilities: utilities, workers: workers,
                deadline: deadline)
        }
    }

    /// Runs each objective's walk from the current staircase, spread over `workers` threads,
    /// and merges what they find. Each walk has its own generator, seeded by its index, so the
    /// result does not depend on which thread ran it.
    private static func run(
        _ objectives: [Objective], perturbations: Int, into staircase: inout Staircase, decomposition: CellDecomposition,
        utilities: [CompiledUtility], workers: Int, deadline: ContinuousClock.Instant?
    ) {
        let start = staircase
        let found = Mutex([Staircase?](repeating: nil, count: objectives.count))
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, objectives.count))) { _ in
            var walker = LocalSearch(decomposition: decomposition, utilities: utilities)
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < objectives.count else { return }
                var local = start
                walker.random = SeededGenerator(seed: 0x5EED_CE11 &+ UInt64(index))
                walker.deadline = deadline
                walker.run(objectives[index], perturbations: perturbations, into: &local)
                found.withLock { $0[index] = local }
            }
        }
        // Merge in objective order, so the staircase does not depend on thread timing.
        for local in found.withLock({ $0 }) { if let local { staircase.merge(local) } }
    }

    enum Objective {
        /// Maximise the weighted sum of the (capped) utilities.
        case weighted([Double])
        /// Maximise `party`'s utility while the other party (two parties) keeps at least `floor`.
        case constrained(party: Int, floor: Double)

        func value(_ u: [Double]) -> Double {
            switch self {
            case .weighted(let weights):
                var total = 0.0
                for party in 0..<u.count { total += weights[party] * u[party] }
                return total
            case .constrained(let party, let floor):
                let other = u[1 - party]
                return u[party] + 0.001 * other - (other < floor ? 10 * (floor - other) + 1 : 0)
            }
        }
    }

    /// Iterated local search in cell coordinates with incremental utilities.
    struct LocalSearch {
        let decomposition: CellDecomposition
        let utilities: [CompiledUtility]
        let parties: Int
        let positions: Int
        let cellCounts: [Int]
        /// Per position, the terms bounding it: (term, cell range).
        let touching: [[(term: Int, cells: ClosedRange<Int>)]]
        /// Pairs of positions some term bounds together.
        let pairs: [(Int, Int)]
        let termParty: [Int]
        let termWeight: [Double]
        let termNeeded: [Int]
        var cells: [Int]
        var inside: [Int]
        var raw: [Double]
        var random = SeededGenerator(seed: 0x5EED_CE11)
        /// Perturbing stops here (the climbs in progress finish).
        var deadline: ContinuousClock.Instant?

        init(decomposition: CellDecomposition, utilities: [CompiledUtility]) {
            self.decomposition = decomposition
            self.utilities = utilities
            parties = utilities.count
            positions = decomposition.issueCount
            cellCounts = (0..<positions).map { decomposition.cellCount(atPosition: $0) }
            var touching = [[(term: Int, cells: ClosedRange<Int>)]](repeating: [], count: positions)
            var pairSet = Set<Int>()
            for (index, term) in decomposition.terms.enumerated() {
                for bound in term.bounds { touching[bound.position].append((index, bound.cells)) }
                for a in term.bounds { for b in term.bounds where a.position < b.position { pairSet.insert(a.position * positions + b.position) } }
            }
            self.touching = touching
            let count = positions
            pairs = pairSet.sorted().map { ($0 / count, $0 % count) }
            termParty = decomposition.terms.map(\.party)
            termWeight = decomposition.terms.map(\.weight)
            termNeeded = decomposition.terms.map(\.bounds.count)
            cells = [Int](repeating: 0, count: positions)
            inside = [Int](repeating: 0, count: decomposition.terms.count)
            raw = decomposition.constants
        }

        /// Sets every cell and recomputes the state.
        mutating func reset(_ assignment: [Int]) {
            cells = assignment
            raw = decomposition.constants
            for index in inside.indices { inside[index] = 0 }
            for position in 0..<positions {
                for party in 0..<parties { raw[party] += decomposition.linear[party][position][cells[position]] }
                for (term, range) in touching[position] where range.contains(cells[position]) { inside[term] += 1 }
            }
            for term in inside.indices where inside[term] == termNeeded[term] { raw[termParty[term]] += termWeight[term] }
        }

        func capped(_ raw: [Double]) -> [Double] { (0..<parties).map { min(raw[$0], decomposition.caps[$0]) } }

        /// Moves `position` to `cell`, updating the state.
        mutating func move(_ position: Int, to cell: Int) {
            let old = cells[position]
            if old == cell { return }
            for party in 0..<parties { raw[party] += decomposition.linear[party][position][cell] - decomposition.linear[party][position][old] }
            for (term, range) in touching[position] {
                let was = range.contains(old)
                let now = range.contains(cell)
                if was == now { continue }
                let full = inside[term] == termNeeded[term]
                inside[term] += now ? 1 : -1
                if full { raw[termParty[term]] -= termWeight[term] }
                if inside[term] == termNeeded[term] { raw[termParty[term]] += termWeight[term] }
            }
            cells[position] = cell
        }

        /// Inserts the current outcome, exactly evaluated, when its estimate is not covered.
        mutating func offer(into staircase: inout Staircase) {
            let estimate = capped(raw).map { $0 + 1e-9 }
            if staircase.covers(estimate) { return }
            let options = decomposition.outcome(cells: cells)
            staircase.insert(utilities.map { $0.utility(of: options) }, witness: options)
        }

        /// Best single and pair moves until none improves `objective`; returns the value.
        mutating func climb(_ objective: Objective, into staircase: inout Staircase) -> Double {
            var best = objective.value(capped(raw))
            var improved = true
            while improved {
                improved = false
                for position in 0..<positions {
                    let old = cells[position]
                    var bestCell = old
                    for cell in 0..<cellCounts[position] where cell != old {
                        move(position, to: cell)
                        let value = objective.value(capped(raw))
                        if value > best + 1e-12 {
                            best = value
                            bestCell = cell
                        }
                    }
                    move(position, to: bestCell)
                    if bestCell != old {
                        improved = true
                        offer(into: &staircase)
                    }
                }
                if improved { continue }
                for (a, b) in pairs {
                    let oldA = cells[a]
                    let oldB = cells[b]
                    var bestPair = (oldA, oldB)
                    for cellA in 0..<cellCounts[a] {
                        move(a, to: cellA)
                        for cellB in 0..<cellCounts[b] where cellA != oldA || cellB != oldB {
                            move(b, to: cellB)
                            let value = objective.value(capped(raw))
                            if value > best + 1e-12 {
                                best = value
                                bestPair = (cellA, cellB)
                            }
                        }
                    }
                    move(a, to: bestPair.0)
                    move(b, to: bestPair.1)
                    if bestPair != (oldA, oldB) {
                        improved = true
                        offer(into: &staircase)
                    }
                }
            }
            return best
        }

        /// Climbs from the best staircase point for `objective` (or all-zero cells), then
        /// perturbs three issues at a time and keeps what climbs no worse.
        mutating func run(_ objective: Objective, perturbations: Int, into staircase: inout Staircase) {
            var start = [Int](repeating: 0, count: positions)
            var startValue = -Double.infinity
            for index in 0..<staircase.count {
                let value = objective.value(Array(staircase.point(index)))
                if value > startValue {
                    startValue = value
                    let witness = staircase.witnesses[index]
                    start = decomposition.issueOrder.enumerated().map { decomposition.cellOfOption[$0.element][witness[$0.element]] }
                }
            }
            reset(start)
            var best = climb(objective, into: &staircase)
            var bestCells = cells
            for step in 0..<perturbations {
                if step & 7 == 7, let deadline, ContinuousClock.now >= deadline { return }
                for _ in 0..<3 {
                    let position = random.uniform(below: positions)
                    move(position, to: random.uniform(below: cellCounts[position]))
                }
                let value = climb(objective, into: &staircase)
                if value >= best - 1e-12 {
                    best = max(best, value)
                    bestCells = cells
                } else {
                    reset(bestCells)
                }
            }
        }
    }
}
