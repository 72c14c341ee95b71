import ParleySupport
import ParleyTestSupport
import Testing

@testable import Parley

@Suite("Linear programs and the lattice frontier")
struct LatticeFrontierTests {
    @Test("a textbook program: optimum, values and a dual bound that meets it")
    func textbookProgram() {
        // max 3a + 2b  s.t.  a + b ≤ 4,  a + 3b ≤ 6,  0 ≤ a ≤ 3,  0 ≤ b ≤ 10: optimum a = 3, b = 1.
        var program = LinearProgram(columns: 2)
        program.objective = [3, 2]
        program.upper = [3, 10]
        program.addRow([(0, 1), (1, 1)], .lessOrEqual, 4)
        program.addRow([(0, 1), (1, 3)], .lessOrEqual, 6)
        let solution = program.solve()
        #expect(solution.status == .optimal)
        #expect(abs(solution.objective - 11) < 1e-9)
        #expect(abs(solution.values[0] - 3) < 1e-9 && abs(solution.values[1] - 1) < 1e-9)
        let bound = program.lagrangianBound(duals: solution.duals, choiceRows: [])
        #expect(abs(bound - 11) < 1e-9, "bound \(bound)")
    }

    @Test("infeasibility is proved by phase 1's multipliers")
    func infeasibleProgram() {
        // a + b ≥ 3 with both at most 1, and a choice row a + b = 1.
        var program = LinearProgram(columns: 3)
        program.objective = [1, 1, 0]
        program.addRow([(0, 1), (1, 1)], .greaterOrEqual, 3)
        program.addRow([(0, 1), (2, 1)], .equal, 1)
        let solution = program.solve()
        #expect(solution.status == .infeasible)
        let certificate = program.lagrangianBound(duals: solution.farkas, choiceRows: [], objective: [0, 0, 0])
        #expect(certificate < -1e-7)
    }

    /// A random program shaped like the relaxations: choice rows over groups of 0/1 columns,
    /// box columns `y ≤ Σ x` and one `≥` row.
    static func randomProgram(seed: UInt64) -> (LinearProgram, choiceRows: [Int]) {
        var random = SeededGenerator(seed: seed)
        let groups = (0..<(2 + random.uniform(below: 3))).map { _ in 2 + random.uniform(below: 3) }
        let xCount = groups.reduce(0, +)
        let yCount = 1 + random.uniform(below: 5)
        var program = LinearProgram(columns: xCount + yCount)
        program.objective = (0..<(xCount + yCount)).map { _ in Double(random.uniform(below: 7)) - 2 }
        var choiceRows = [Int]()
        var start = 0
        for size in groups {
            choiceRows.append(program.rows.count)
            program.addRow((start..<(start + size)).map { ($0, 1.0) }, .equal, 1)
            start += size
        }
        for y in xCount..<(xCount + yCount) {
            for _ in 0..<(1 + random.uniform(below: 2)) {
                let x = (0..<(1 + random.uniform(below: 3))).map { _ in random.uniform(below: xCount) }
                program.addRow([(y, 1.0)] + Set(x).map { ($0, -1.0) }, .lessOrEqual, 0)
            }
        }
        program.addRow((0..<(xCount + yCount)).map { ($0, Double(random.uniform(below: 4))) }, .greaterOrEqual, Double(random.uniform(below: 12)))
        return (program, choiceRows)
    }

    /// Expects `values` to meet every row of `program` and its column bounds, within rounding.
    static func expectFeasible(_ values: [Double], in program: LinearProgram) {
        for row in program.rows {
            let lhs = row.entries.reduce(0) { $0 + $1.value * values[$1.column] }
            switch row.sense {
            case .lessOrEqual: #expect(lhs <= row.rhs + 1e-7)
            case .greaterOrEqual: #expect(lhs >= row.rhs - 1e-7)
            case .equal: #expect(abs(lhs - row.rhs) <= 1e-7)
            }
        }
        #expect(zip(values, program.upper).allSatisfy { $0 >= -1e-9 && $0 <= $1 + 1e-9 })
    }

    @Test("random programs: strong duality holds at the optimum, any multipliers bound it", arguments: 0..<80)
    func randomPrograms(seed: Int) {
        let (program, choiceRows) = Self.randomProgram(seed: 4_000 + UInt64(seed))
        let solution = program.solve()
        var random = SeededGenerator(seed: UInt64(seed))
        switch solution.status {
        case .optimal:
            // Feasible values...
            Self.expectFeasible(solution.values, in: program)
            // ...whose objective the multipliers' bound meets: both are optimal.
            let bound = program.lagrangianBound(duals: solution.duals, choiceRows: choiceRows)
            #expect(abs(bound - solution.objective) < 1e-6, "seed \(seed): bound \(bound), objective \(solution.objective)")
            // Weak duality for arbitrary multipliers.
            for _ in 0..<5 {
                let duals = program.rows.map { _ in Double(random.uniform(below: 9)) - 4 }
                #expect(program.lagrangianBound(duals: duals, choiceRows: choiceRows) >= solution.objective - 1e-9)
            }
        case .infeasible:
            let zero = [Double](repeating: 0, count: program.columnCount)
            #expect(program.lagrangianBound(duals: solution.farkas, choiceRows: choiceRows, objective: zero) < -1e-7, "seed \(seed)")
        default:
            Issue.record("seed \(seed): \(solution.status)")
        }
    }

    @Test("the random programs include infeasible ones")
    func someProgramsAreInfeasible() {
        let infeasible = (0..<80).filter { Self.randomProgram(seed: 4_000 + UInt64($0)).0.solve().status == .infeasible }
        #expect(infeasible.count >= 5 && infeasible.count <= 60, "\(infeasible.count) of 80 infeasible")
    }

    @Test("the lattice search takes most two-party random instances, and exclusive boxes among them")
    func latticeApplies() {
        var applies = 0
        var withExclusive = 0
        for seed in 0..<120 where seed % 5 != 4 {
            let (space, functions) = ConstraintFrontierTests.randomSpace(seed: UInt64(seed) &* 7919 &+ 11, parties: 2)
            guard LatticeFrontier(space: space, utilities: functions.map { CompiledUtility($0, space: space) }) != nil else { continue }
            applies += 1
            if functions.contains(where: { $0.constraints.contains(where: \.isExclusive) }) { withExclusive += 1 }
        }
        #expect(applies >= 60, "\(applies) of 96")
        #expect(withExclusive >= 20, "\(withExclusive)")
    }

    @Test("weights off every lattice, linear parts and three parties go to the cell search")
    func latticeDeclines() {
        let space = OutcomeSpace(issues: [Issue(name: "a", domain: .integer(lower: 0, upper: 3))])
        let box = { (weight: Double) in HyperRectangle(utility: weight, bounds: [.init(issue: 0, options: 1...2)]) }
        let integral = UtilityFunction(issueCount: 1, constraints: [box(2)], scale: 2)
        let irrational = UtilityFunction(issueCount: 1, constraints: [box(2.0.squareRoot())], scale: 2)
        let compile = { (functions: [UtilityFunction]) in functions.map { CompiledUtility($0, space: space) } }
        #expect(LatticeFrontier(space: space, utilities: compile([integral, integral])) != nil)
        #expect(LatticeFrontier(space: space, utilities: compile([integral, irrational])) == nil)
        #expect(LatticeFrontier(space: space, utilities: compile([integral, integral, integral])) == nil)
        var linear = integral
        linear.weights = [1]
        linear.valuations = [.table([0, 0.5, 1, 1])]
        #expect(LatticeFrontier(space: space, utilities: compile([integral, linear])) == nil)
        #expect(LatticeFrontier.unit(of: [2.5, 1]) == 0.5)
        #expect(LatticeFrontier.unit(of: [0.3, 0.7]) == 0.1)
    }

    /// Larger random instances than the enumeration test's: 4 to 6 issues of up to 8 options,
    /// 4 to 13 boxes per party with weights up to 40, a quarter of them exclusive.
    static func largerSpace(seed: UInt64) -> (OutcomeSpace, [UtilityFunction]) {
        var random = SeededGenerator(seed: seed)
        let issueCount = 4 + random.uniform(below: 3)
        let issues = (0..<issueCount).map { Issue(name: "i\($0)", domain: .integer(lower: 0, upper: 3 + random.uniform(below: 5))) }
        let space = OutcomeSpace(issues: issues)
        let functions = (0..<2).map { _ -> UtilityFunction in
            var boxes = [HyperRectangle]()
            for _ in 0..<(4 + random.uniform(below: 10)) {
                var bounds = [HyperRectangle.Bound]()
                for issue in 0..<issueCount where random.uniform(below: 3) == 0 {
                    let radix = space.radices[issue]
                    let low = random.uniform(below: radix)
                    bounds.append(.init(issue: issue, options: low...(low + random.uniform(below: radix - low))))
                }
                if bounds.isEmpty { continue }
                boxes.append(
                    HyperRectangle(utility: Double(1 + random.uniform(below: 40)), bounds: bounds, isExclusive: random.uniform(below: 4) == 0))
            }
            if boxes.isEmpty { boxes.append(HyperRectangle(utility: 1, bounds: [.init(issue: 0, options: 0...0)])) }
            let total = boxes.map(\.utility).reduce(0, +)
            return UtilityFunction(issueCount: issueCount, constraints: boxes, scale: total * (random.uniform(below: 3) == 0 ? 0.5 : 1))
        }
        return (space, functions)
    }

    @Test("larger random instances: the lattice search equals enumeration, witnesses included", arguments: 0..<100)
    func largerInstances(seed: Int) {
        let (space, functions) = Self.largerSpace(seed: UInt64(seed) &+ 777)
        let compiled = functions.map { CompiledUtility($0, space: space) }
        #expect(LatticeFrontier(space: space, utilities: compiled) != nil)
        let walked = ParetoFrontier.enumerated(space: space, utilities: compiled)
        let result = ConstraintFrontier.frontier(space: space, utilities: compiled, limits: .init(workers: 2))
        #expect(result.isExact && result.witnessesAreLowestIndex)
        let sort = { (points: [ScoredOutcome]) in points.sorted { $0.outcome < $1.outcome } }
        #expect(sort(result.frontier).map(\.outcome) == sort(walked).map(\.outcome), "seed \(seed)")
    }
}
