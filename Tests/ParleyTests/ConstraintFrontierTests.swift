import ParleySupport
import ParleyTestSupport
import Testing

@testable import Parley

@Suite("Constraint frontier: branch and bound over cells")
struct ConstraintFrontierTests {
    static let tolerance = 1e-12

    /// A small random hyper-rectangle scenario: integer issues, inclusive and exclusive boxes,
    /// box utilities on a coarse grid (ties happen), a scale that sometimes lets the cap at 1
    /// bind, and now and then a linear-additive part.
    static func randomSpace(seed: UInt64, parties: Int) -> (OutcomeSpace, [UtilityFunction]) {
        var random = SeededGenerator(seed: seed)
        let issueCount = 1 + random.uniform(below: 4)
        let issues = (0..<issueCount).map { Issue(name: "i\($0)", domain: .integer(lower: 0, upper: random.uniform(below: 6))) }
        let space = OutcomeSpace(issues: issues)
        let functions = (0..<parties).map { _ -> UtilityFunction in
            var boxes = [HyperRectangle]()
            for _ in 0..<(1 + random.uniform(below: 6)) {
                var bounds = [HyperRectangle.Bound]()
                for issue in 0..<issueCount where random.uniform(below: 3) > 0 {
                    let radix = space.radices[issue]
                    let low = random.uniform(below: radix)
                    bounds.append(.init(issue: issue, options: low...(low + random.uniform(below: radix - low))))
                }
                boxes.append(
                    HyperRectangle(utility: Double(1 + random.uniform(below: 6)), bounds: bounds, isExclusive: random.uniform(below: 4) == 0))
            }
            let total = boxes.map(\.utility).reduce(0, +)
            let scale = total * (random.uniform(below: 3) == 0 ? 0.6 : 1)
            var function = UtilityFunction(issueCount: issueCount, constraints: boxes, scale: scale)
            if random.uniform(below: 5) == 0 {
                function.weights = (0..<issueCount).map { _ in 0.1 * Double(random.uniform(below: 3)) }
                function.valuations = issues.map { issue in .table((0..<issue.count).map { _ in Double(random.uniform(below: 3)) / 2 }) }
            }
            return function
        }
        return (space, functions)
    }

    static func covers(_ a: [Double], _ b: [Double]) -> Bool { zip(a, b).allSatisfy { $0 >= $1 - tolerance } }

    @Test("equals brute-force enumeration, witnesses included, by either search", arguments: 0..<120)
    func matchesEnumeration(seed: Int) {
        let parties = seed % 5 == 4 ? 3 : 2
        let (space, functions) = Self.randomSpace(seed: UInt64(seed) &* 7919 &+ 11, parties: parties)
        let compiled = functions.map { CompiledUtility($0, space: space) }
        let walked = ParetoFrontier.enumerated(space: space, utilities: compiled)
        for (workers, usesLattice) in [(1, true), (2, true), (1, false), (2, false)] {
            let result = ConstraintFrontier.frontier(space: space, utilities: compiled, limits: .init(workers: workers, usesLattice: usesLattice))
            #expect(result.isExact)
            #expect(result.gap == 0)
            #expect(result.witnessesAreLowestIndex)
            let sort = { (points: [ScoredOutcome]) in points.sorted { $0.outcome < $1.outcome } }
            #expect(
                sort(result.frontier).map(\.outcome) == sort(walked).map(\.outcome), "seed \(seed), workers \(workers), lattice \(usesLattice)")
            for point in result.frontier {
                let exact = functions.map { $0.utility(of: point.outcome, in: space) }
                #expect(exact == point.utilities, "witness \(point.outcome.options) re-evaluates to \(exact)")
            }
        }
    }

    /// Every cell assignment of the positions from `depth` on, with the assigned prefix kept.
    static func completions(of prefix: [Int], cellCounts: [Int]) -> [[Int]] {
        var all = [prefix]
        for position in prefix.count..<cellCounts.count {
            all = all.flatMap { partial in (0..<cellCounts[position]).map { partial + [$0] } }
        }
        return all
    }

    @Test("the relaxation never falls below a true subtree optimum (shares, caps, exclusive boxes)", arguments: 0..<60)
    func boundIsAdmissible(seed: Int) {
        let (space, functions) = Self.randomSpace(seed: 90_000 + UInt64(seed), parties: 2)
        let compiled = functions.map { CompiledUtility($0, space: space) }
        let order = CellDecomposition.closingOrder(space: space, utilities: compiled)
        let decomposition = CellDecomposition(space: space, utilities: compiled, order: order)
        var random = SeededGenerator(seed: UInt64(seed))
        let counts = (0..<decomposition.issueCount).map { decomposition.cellCount(atPosition: $0) }
        for depth in 0...decomposition.issueCount {
            var search = CellSearch(decomposition: decomposition, utilities: compiled)
            let prefix = (0..<depth).map { random.uniform(below: counts[$0]) }
            for (position, cell) in prefix.enumerated() { _ = search.assign(position: position, cell: cell) }
            let vectors = Self.completions(of: prefix, cellCounts: counts).map { cells in
                let options = decomposition.outcome(cells: cells)
                return compiled.map { $0.utility(of: options) }
            }
            let ideal = search.idealPoint(from: depth)
            for party in 0..<2 {
                let best = vectors.map { $0[party] }.max()!
                #expect(ideal[party] + search.slack >= best, "seed \(seed), depth \(depth), party \(party)")
            }
            // The Pareto cut: a subtree holding a vector just above the only kept point must stay open.
            for vector in vectors {
                search.staircase = Staircase(parties: 2)
                search.staircase.insert(vector.map { $0 - 1e-9 }, witness: [])
                let open = search.mayImprove(from: depth)
                #expect(open, "seed \(seed), depth \(depth), vector \(vector)")
            }
        }
    }

    @Test("an exhausted budget says so, with a gap that holds", arguments: 0..<60)
    func budgetGivesProvenGap(seed: Int) {
        let (space, functions) = Self.randomSpace(seed: 50_000 + UInt64(seed), parties: 2)
        let compiled = functions.map { CompiledUtility($0, space: space) }
        // No seeding, so the staircase is weak when the budget (3 to 30 nodes) runs out;
        // the gap comes from each unexplored node's own hull, or from those three levels down.
        // Every third seed lets the lattice search spend the budget first.
        let limits = ConstraintFrontier.Limits(
            nodeLimit: 3 + seed % 28, workers: 1, seedsStaircase: false, gapRefinementDepth: seed % 2 == 0 ? 0 : 3, usesLattice: seed % 3 == 0)
        let result = ConstraintFrontier.frontier(space: space, utilities: compiled, limits: limits)
        let all = (0..<(space.count ?? 0)).map { index in compiled.map { $0.utility(of: space.outcome(at: index).options) } }
        if result.isExact {
            #expect(result.gap == 0)
        } else {
            #expect(result.gap > 0)
        }
        // Every outcome is within the gap of some point found.
        let gap = max(result.gap, Self.tolerance)
        for vector in all {
            #expect(
                result.frontier.contains { point in zip(point.utilities, vector).allSatisfy { $0 >= $1 - gap - 1e-15 } },
                "seed \(seed): \(vector) is not within \(gap) of \(result.frontier.map(\.utilities))")
        }
    }

    @Test("budgets run out on some random instances, so the gap test bites")
    func budgetsRunOut() {
        let inexact = (0..<60).filter { seed in
            let (space, functions) = Self.randomSpace(seed: 50_000 + UInt64(seed), parties: 2)
            let limits = ConstraintFrontier.Limits(
                nodeLimit: 3 + seed % 28, workers: 1, seedsStaircase: false, gapRefinementDepth: seed % 2 == 0 ? 0 : 3, usesLattice: false)
            return !ConstraintFrontier.frontier(space: space, utilities: functions.map { CompiledUtility($0, space: space) }, limits: limits).isExact
        }
        #expect(inexact.count >= 10, "only \(inexact.count) of 60 budgets ran out")
    }

    @Test("cells group the options no box bound separates")
    func cellsFollowBoxBounds() {
        let issues = [Issue(name: "x", domain: .integer(lower: 0, upper: 9)), Issue(name: "y", domain: .integer(lower: 0, upper: 9))]
        let space = OutcomeSpace(issues: issues)
        let a = UtilityFunction(issueCount: 2, constraints: [HyperRectangle(utility: 1, bounds: [.init(issue: 0, options: 2...5)])], scale: 1)
        let b = UtilityFunction(
            issueCount: 2, constraints: [HyperRectangle(utility: 1, bounds: [.init(issue: 0, options: 4...9)], isExclusive: true)], scale: 1)
        let result = ConstraintFrontier.frontier(space: space, utilities: [a, b].map { CompiledUtility($0, space: space) })
        // x: {0,1} {2,3} {4,5} {6..9}; y: one cell.
        #expect(result.cellCounts == [4, 1])
        // x in 2...3 pays both (inside a, outside b): the single frontier point, lowest index x = 2.
        #expect(result.frontier.map(\.outcome) == [Outcome([2, 0])])
        #expect(result.frontier.first?.utilities == [1, 1])
    }

    @Test("analysis above the enumeration limit uses the cell search")
    func analysisUsesCellSearch() throws {
        let issues = (0..<12).map { Issue(name: "i\($0)", domain: .integer(lower: 0, upper: 9)) }
        let a = UtilityFunction(
            issueCount: 12,
            constraints: [
                HyperRectangle(utility: 3, bounds: [.init(issue: 0, options: 0...4), .init(issue: 5, options: 5...9)]),
                HyperRectangle(utility: 1, bounds: [.init(issue: 11, options: 0...0)]),
            ], scale: 4)
        let b = UtilityFunction(
            issueCount: 12, constraints: [HyperRectangle(utility: 2, bounds: [.init(issue: 0, options: 3...9)])], scale: 2)
        let scenario = Scenario(
            name: "boxes", issues: issues,
            parties: [.init(name: "A", profile: Profile(utility: a)), .init(name: "B", profile: Profile(utility: b))])
        let analysis = try OutcomeAnalysis(scenario: scenario)
        #expect(analysis.zopaCount == nil)
        // Issue 0 in 3...4 with issue 5 in 5...9 and issue 11 at 0 gives both parties 1.
        #expect(analysis.frontier.map(\.outcome) == [Outcome([3, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0])])
        #expect(analysis.frontier.first?.utilities == [1, 1])
    }
}
