import Dispatch
import Foundation
import Synchronization

/// Exact Pareto frontiers of hyper-rectangle (constraint) utilities without enumerating the
/// outcome space: branch and bound over the cells the boxes cut the issues into.
///
/// Each issue's options are grouped into cells that no box bound separates, so utilities are
/// constant on products of cells. A depth-first search assigns one cell per issue, in an order
/// that closes boxes early, and cuts a subtree when an upper bound on what it can reach (the
/// hull of a relaxation that splits each box's weight over its issues, see `CellSearch`)
/// lies under the staircase of vectors found so far, which a local search seeds
/// (`StaircaseSeeding`). Every frontier vector comes with a witness outcome whose utilities
/// are evaluated by `CompiledUtility` from the model's own definition; nothing is taken from
/// the relaxation.
///
/// Memory grows with the frontier and the number of cells, never with the outcome space.
package enum ConstraintFrontier {
    /// How much work a computation may do before it gives up with a proven bound.
    package struct Limits: Sendable {
        /// Wall-clock budget for the frontier search.
        package var timeLimit: Duration
        /// Node budget for the frontier search (all workers together, roughly).
        package var nodeLimit: Int
        /// Worker threads; 1 searches on the calling thread.
        package var workers: Int
        /// Whether to search, for each frontier vector, the lowest-index outcome that reaches
        /// it (a second, targeted search in natural issue order).
        package var lowestIndexWitnesses: Bool
        /// Node budget of each witness search; past it the first witness found is kept.
        package var witnessNodeLimit: Int
        /// Whether a local search seeds the staircase before the exact search (only a
        /// speed-up: the frontier is the same without it).
        package var seedsStaircase: Bool
        /// Perturbations of that local search, per issue and scalarisation (0: hill climbing
        /// only). The seeding also stops at the time limit.
        package var seedPerturbationsPerIssue: Int
        /// When the budget runs out: how many levels below each unexplored node the search
        /// looks to bound the gap (deeper is tighter and slower; 0 uses the node's own bound).
        package var gapRefinementDepth: Int
        /// Whether two-party utilities made of boxes with weights on a common unit are solved
        /// by `LatticeFrontier` (epsilon-constraint, LP bounds) first; the cell search then
        /// runs only if that one does not finish within half the time limit.
        package var usesLattice: Bool
        /// Counters the searches update as they run (for a progress line), if any.
        package var progress: SearchProgress?

        /// Limits with the defaults: five minutes, no node limit, every active core. Negative
        /// perturbation and refinement counts count as 0; fewer than one worker as one.
        package init(
            timeLimit: Duration = .seconds(300), nodeLimit: Int = .max,
            workers: Int = ProcessInfo.processInfo.activeProcessorCount,
            lowestIndexWitnesses: Bool = true, witnessNodeLimit: Int = 2_000_000, seedsStaircase: Bool = true,
            seedPerturbationsPerIssue: Int = 4, gapRefinementDepth: Int = 3, usesLattice: Bool = true, progress: SearchProgress? = nil
        ) {
            self.usesLattice = usesLattice
            self.progress = progress
            self.timeLimit = timeLimit
            self.nodeLimit = nodeLimit
            self.workers = max(1, workers)
            self.lowestIndexWitnesses = lowestIndexWitnesses
            self.witnessNodeLimit = witnessNodeLimit
            self.seedsStaircase = seedsStaircase
            self.seedPerturbationsPerIssue = max(0, seedPerturbationsPerIssue)
            self.gapRefinementDepth = max(0, gapRefinementDepth)
        }
    }

    /// A frontier and how far it can be trusted.
    package struct Result: Sendable {
        /// The non-dominated outcomes found, by rising utility of the first party.
        package var frontier: [ScoredOutcome]
        /// Whether the search finished: then `frontier` holds every non-dominated utility
        /// vector (up to the dominance tolerance).
        package var isExact: Bool
        /// When inexact: every outcome of the space is within `gap` of some frontier point,
        /// that is, for every outcome `x` some point `f` has `u(x) <= f + gap` for every
        /// party. Zero when exact.
        package var gap: Double
        /// Whether each witness is the lowest-index outcome whose utilities coincide with its
        /// point's (within the dominance tolerance).
        package var witnessesAreLowestIndex: Bool
        /// Nodes the frontier search visited (the lattice search's and the cell search's).
        package var nodes: Int
        /// Nodes the witness searches visited.
        package var witnessNodes: Int
        /// Cells per issue, in natural issue order.
        package var cellCounts: [Int]
    }

    /// The frontier of `utilities` over `space`.
    package static func frontier(space: OutcomeSpace, utilities: [CompiledUtility], limits: Limits = Limits()) -> Result {
        let d = utilities.count
        if space.radices.isEmpty || space.radices.contains(0) || d == 0 {
            return Result(
                frontier: [], isExact: true, gap: 0, witnessesAreLowestIndex: true, nodes: 0, witnessNodes: 0,
                cellCounts: space.radices)
        }
        let deadline = ContinuousClock.now + limits.timeLimit
        var seeds = Staircase(parties: d)
        var latticeNodes = 0
        if limits.usesLattice, var lattice = LatticeFrontier(space: space, utilities: utilities) {
            lattice.progress = limits.progress
            // Half the budget: if the relaxation is too loose to finish (exclusive boxes make
            // it so), the cell search gets the rest, seeded with what was proven.
            let start = ContinuousClock.now
            let found = lattice.frontier(deadline: start + (deadline - start) / 2, nodeLimit: limits.nodeLimit, workers: limits.workers)
            for cells in found.points {
                let outcome = lattice.decomposition.outcome(cells: cells)
                seeds.insert(utilities.map { $0.utility(of: outcome) }, witness: outcome)
            }
            if found.isExact {
                return finish(
                    staircase: seeds, nodes: found.nodes, aborted: false, gap: 0, space: space, utilities: utilities, limits: limits,
                    cellCounts: lattice.cellCounts, lattice: lattice)
            }
            latticeNodes = found.nodes
        }
        let order = CellDecomposition.closingOrder(space: space, utilities: utilities)
        let decomposition = CellDecomposition(space: space, utilities: utilities, order: order)
        let cellCounts = (0..<space.radices.count).map { decomposition.cellStarts[$0].count }

        // Split the top of the tree into prefixes, in the order a single search would visit
        // them, and let the workers take them one by one.
        let prefixes = Self.prefixes(decomposition: decomposition, utilities: utilities, wanted: limits.workers == 1 ? 1 : 64 * limits.workers)
        // One real outcome from the start, so a gap measured after any budget is finite.
        let first = decomposition.outcome(cells: [Int](repeating: 0, count: space.radices.count))
        seeds.insert(utilities.map { $0.utility(of: first) }, witness: first)
        if limits.seedsStaircase {
            StaircaseSeeding.seed(
                &seeds, decomposition: decomposition, utilities: utilities, perturbationsPerIssue: limits.seedPerturbationsPerIssue,
                workers: limits.workers, deadline: deadline)
        }
        let shared = SharedSearch(parties: d, progress: limits.progress)
        shared.exchange(&seeds, force: true)
        let workers = min(limits.workers, prefixes.count)
        let perWorkerNodes = limits.nodeLimit == .max ? Int.max : max(1, limits.nodeLimit / workers)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var search = CellSearch(decomposition: decomposition, utilities: utilities)
            search.deadline = deadline
            search.nodeLimit = perWorkerNodes
            search.gapDepth = limits.gapRefinementDepth
            search.synchronise = { shared.exchange(&$0) }
            search.progress = limits.progress
            shared.exchange(&search.staircase, force: true)
            while let next = shared.nextPrefix(below: prefixes.count) {
                let prefix = prefixes[next]
                let saved = search.fixed
                var marks = [(tableMark: Int, termMark: Int)]()
                for (position, cell) in prefix.enumerated() { marks.append(search.assign(position: position, cell: cell)) }
                search.search(from: prefix.count)
                // Undo in reverse; the fixed part is restored once, from before the prefix.
                for mark in marks.reversed() { search.undo(mark, fixed: saved) }
                shared.exchange(&search.staircase)
            }
            shared.finish(nodes: search.nodes, aborted: search.aborted, gap: search.gap)
        }
        let (staircase, nodes, aborted, gap) = shared.result()
        return finish(
            staircase: staircase, nodes: latticeNodes + nodes, aborted: aborted, gap: gap, space: space, utilities: utilities, limits: limits,
            cellCounts: cellCounts)
    }

    /// Witnesses for the staircase's vectors, and the result.
    private static func finish(
        staircase: Staircase, nodes: Int, aborted: Bool, gap: Double, space: OutcomeSpace, utilities: [CompiledUtility], limits: Limits,
        cellCounts: [Int], lattice: LatticeFrontier? = nil
    ) -> Result {
        // Witnesses: the lowest-index outcome reaching each vector, searched in natural order.
        var points = (0..<staircase.count).map { index in
            ScoredOutcome(outcome: Outcome(staircase.witnesses[index]), utilities: Array(staircase.point(index)))
        }
        var lowest = false
        var witnessNodes = 0
        if limits.lowestIndexWitnesses && !aborted {
            let natural = lattice?.decomposition ?? CellDecomposition(space: space, utilities: utilities)
            let targets = points
            let found = Mutex([ScoredOutcome?](repeating: nil, count: targets.count))
            let counters = Mutex((next: 0, nodes: 0, complete: true))
            DispatchQueue.concurrentPerform(iterations: max(1, min(limits.workers, targets.count))) { _ in
                while true {
                    let index = counters.withLock { state -> Int? in
                        guard state.next < targets.count else { return nil }
                        state.next += 1
                        return state.next - 1
                    }
                    guard let index else { return }
                    let result: ScoredOutcome?
                    let nodes: Int
                    if let lattice {
                        let cells = targets[index].outcome.options.enumerated().map { natural.cellOfOption[$0.offset][$0.element] }
                        let search = lattice.lowestWitness(of: cells, nodeLimit: limits.witnessNodeLimit)
                        result = search.cells.map { cells in
                            let outcome = natural.outcome(cells: cells)
                            return ScoredOutcome(outcome: Outcome(outcome), utilities: utilities.map { $0.utility(of: outcome) })
                        }
                        nodes = search.nodes
                    } else {
                        var search = CellSearch(decomposition: natural, utilities: utilities)
                        search.mode = .witness(target: targets[index].utilities)
                        search.nodeLimit = limits.witnessNodeLimit
                        search.search(from: 0)
                        result = search.found
                        nodes = search.nodes
                    }
                    found.withLock { $0[index] = result }
                    limits.progress?.addNodes(nodes)
                    counters.withLock {
                        $0.nodes += nodes
                        if result == nil { $0.complete = false }
                    }
                }
            }
            let results = found.withLock { $0 }
            for (index, result) in results.enumerated() {
                if let result, result.outcome < points[index].outcome { points[index] = result }
            }
            let summary = counters.withLock { $0 }
            lowest = summary.complete
            witnessNodes = summary.nodes
        }
        points.sort { a, b in
            a.utilities.lexicographicallyPrecedes(b.utilities) || (a.utilities == b.utilities && a.outcome < b.outcome)
        }
        return Result(
            frontier: points, isExact: !aborted, gap: aborted ? max(gap, dominanceTolerance) : 0,
            witnessesAreLowestIndex: lowest, nodes: nodes, witnessNodes: witnessNodes, cellCounts: cellCounts)
    }

    /// Cell prefixes covering the whole tree, at the shallowest depth that yields `wanted`
    /// of them, ordered as the search orders children.
    static func prefixes(decomposition: CellDecomposition, utilities: [CompiledUtility], wanted: Int) -> [[Int]] {
        var search = CellSearch(decomposition: decomposition, utilities: utilities)
        var result: [[Int]] = [[]]
        var depth = 0
        while result.count < wanted && depth < search.positions {
            var next = [[Int]]()
            for prefix in result {
                let saved = search.fixed
                var marks = [(tableMark: Int, termMark: Int)]()
                for (position, cell) in prefix.enumerated() { marks.append(search.assign(position: position, cell: cell)) }
                let base = search.cellOffsets[depth]
                let count = search.cellCounts[depth]
                let score = (0..<count).map { cell in
                    (0..<search.parties).reduce(0.0) { $0 + search.table[$1 * search.stride + base + cell] }
                }
                for cell in (0..<count).sorted(by: { score[$0] > score[$1] || (score[$0] == score[$1] && $0 < $1) }) {
                    next.append(prefix + [cell])
                }
                for mark in marks.reversed() { search.undo(mark, fixed: saved) }
            }
            result = next
            depth += 1
        }
        return result
    }
}

/// What the frontier workers share: the next prefix to take, the staircase, and totals.
private final class SharedSearch: Sendable {
    private struct State {
        var staircase: Staircase
        var nextPrefix = 0
        var nodes = 0
        var aborted = false
        var gap = 0.0
    }

    private let state: Mutex<State>
    /// The staircase's version, readable without the lock so that workers skip the merge
    /// when nothing changed (a stale read only delays a merge).
    private let version = Atomic<Int>(0)
    private let progress: SearchProgress?

    init(parties: Int, progress: SearchProgress?) {
        state = Mutex(State(staircase: Staircase(parties: parties)))
        self.progress = progress
    }

    func nextPrefix(below count: Int) -> Int? {
        state.withLock { state in
            guard state.nextPrefix < count else { return nil }
            state.nextPrefix += 1
            return state.nextPrefix - 1
        }
    }

    /// Merges a worker's staircase into the shared one and hands the shared one back.
    func exchange(_ local: inout Staircase, force: Bool = false) {
        if !force && local.version == 0 && version.load(ordering: .relaxed) == 0 { return }
        state.withLock { state in
            let before = state.staircase.version
            state.staircase.merge(local)
            if state.staircase.version != before {
                version.add(1, ordering: .relaxed)
                progress?.setPoints(state.staircase.count)
            }
            local = state.staircase
        }
    }

    func finish(nodes: Int, aborted: Bool, gap: Double) {
        state.withLock { state in
            state.nodes += nodes
            state.aborted = state.aborted || aborted
            state.gap = max(state.gap, gap)
        }
    }

    func result() -> (Staircase, nodes: Int, aborted: Bool, gap: Double) {
        state.withLock { ($0.staircase, $0.nodes, $0.aborted, $0.gap) }
    }
}
