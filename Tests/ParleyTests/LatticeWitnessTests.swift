import ParleySupport
import ParleyTestSupport
import Testing

@testable import Parley

@Suite("Lowest witnesses and warm-started relaxations of the lattice search")
struct LatticeWitnessTests {
    /// Every cell assignment of a lattice form, lowest first.
    static func assignments(_ lattice: LatticeFrontier) -> [[Int]] {
        var all: [[Int]] = [[]]
        for count in lattice.cellCounts { all = all.flatMap { prefix in (0..<count).map { prefix + [$0] } } }
        return all
    }

    @Test("the lexicographic search finds the first assignment reaching a goal, as enumeration does", arguments: 0..<60)
    func lowestWitnessMatchesEnumeration(seed: Int) throws {
        let (space, functions) = LatticeFrontierTests.largerSpace(seed: UInt64(seed) &+ 31_337)
        let lattice = try #require(LatticeFrontier(space: space, utilities: functions.map { CompiledUtility($0, space: space) }))
        let all = Self.assignments(lattice)
        var random = SeededGenerator(seed: UInt64(seed))
        // Goals of random assignments (mostly dominated ones, with many assignments reaching
        // them) and of the frontier's points (few).
        var known = (0..<4).map { _ in all[random.uniform(below: all.count)] }
        known += lattice.frontier(deadline: .now + .seconds(60), workers: 1).points
        for cells in known {
            let reached = lattice.values(cells: cells)
            let goal = [min(reached[0], lattice.caps[0]), min(reached[1], lattice.caps[1])]
            let expected = all.first { lattice.reaches($0, goal: goal) }
            let found = lattice.lowestWitness(of: cells, nodeLimit: 1_000_000)
            #expect(found.cells == expected, "seed \(seed): from \(cells)")
        }
    }

    @Test("a node budget that runs out gives no witness")
    func budgetRunsOut() throws {
        // The first seed whose witness search needs more than one node.
        for seed in 0..<40 {
            let (space, functions) = LatticeFrontierTests.largerSpace(seed: UInt64(seed) &+ 31_337)
            let lattice = try #require(LatticeFrontier(space: space, utilities: functions.map { CompiledUtility($0, space: space) }))
            let point = try #require(lattice.frontier(deadline: .now + .seconds(60), workers: 1).points.last)
            let full = lattice.lowestWitness(of: point, nodeLimit: 1_000_000)
            guard full.nodes > 1 else { continue }
            #expect(full.cells != nil)
            #expect(lattice.lowestWitness(of: point, nodeLimit: 1).cells == nil)
            return
        }
        Issue.record("no seed needed more than one node")
    }

    /// Twelve bound changes on random program `seed`, as moving between nodes makes them (some
    /// columns fixed at zero, others freed): for each, the step, the program with those bounds,
    /// its solution from scratch, the cutoff given to the warm re-solve (every third step, when
    /// there is an optimum), and the warm re-solve's solution.
    static func boundChanges(
        seed: Int,
        _ body: (_ step: Int, _ cold: LinearProgram, _ reference: LinearProgram.Solution, _ cutoff: Double, _ warm: LinearProgram.Solution) ->
            Void
    ) {
        let (program, _) = LatticeFrontierTests.randomProgram(seed: 7_000 + UInt64(seed))
        var warm = WarmStartedProgram(program)
        var random = SeededGenerator(seed: UInt64(seed))
        var upper = program.upper
        for step in 0..<12 {
            for column in 0..<upper.count where random.uniform(below: 4) == 0 { upper[column] = upper[column] == 0 ? 1 : 0 }
            var cold = program
            cold.upper = upper
            let reference = cold.solve()
            let cutoff = step % 3 == 2 && reference.status == .optimal ? reference.objective + 0.5 : -Double.infinity
            let solution = warm.solve(upper: upper, cutoff: cutoff)
            #expect(warm.program.upper == upper)
            body(step, cold, reference, cutoff, solution)
        }
    }

    @Test("warm-started re-solves under changed bounds agree with solves from scratch", arguments: 0..<60)
    func warmStartMatchesColdSolves(seed: Int) {
        let choiceRows = LatticeFrontierTests.randomProgram(seed: 7_000 + UInt64(seed)).choiceRows
        Self.boundChanges(seed: seed) { step, cold, reference, cutoff, solution in
            let useCutoff = cutoff > -.infinity
            switch solution.status {
            case .optimal:
                #expect(reference.status == .optimal, "seed \(seed), step \(step)")
                #expect(abs(solution.objective - reference.objective) < 1e-6, "seed \(seed), step \(step)")
                LatticeFrontierTests.expectFeasible(solution.values, in: cold)
                let bound = cold.lagrangianBound(duals: solution.duals, choiceRows: choiceRows)
                #expect(abs(bound - reference.objective) < 1e-6, "seed \(seed), step \(step): bound \(bound)")
            case .cutOff:
                // Stopped early: its multipliers still bound the optimum, under the cutoff.
                #expect(useCutoff)
                let bound = cold.lagrangianBound(duals: solution.duals, choiceRows: choiceRows)
                #expect(bound >= reference.objective - 1e-9 && bound < cutoff + 1e-6, "seed \(seed), step \(step): bound \(bound)")
            case .infeasible:
                #expect(reference.status == .infeasible, "seed \(seed), step \(step)")
                let zero = [Double](repeating: 0, count: cold.columnCount)
                #expect(cold.lagrangianBound(duals: solution.farkas, choiceRows: choiceRows, objective: zero) < -1e-7)
            default:
                Issue.record("seed \(seed), step \(step): \(solution.status)")
            }
        }
    }

    @Test("the warm-started tests meet infeasible programs and early stops")
    func warmStartCoversEveryOutcome() {
        var infeasible = 0
        var cutOff = 0
        for seed in 0..<60 {
            Self.boundChanges(seed: seed) { _, _, _, _, solution in
                switch solution.status {
                case .infeasible: infeasible += 1
                case .cutOff: cutOff += 1
                default: break
                }
            }
        }
        #expect(infeasible >= 20, "\(infeasible) infeasible")
        #expect(cutOff >= 5, "\(cutOff) cut off")
    }
}
