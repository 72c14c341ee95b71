import Parley
import ParleyTestSupport
import Testing

@Suite("Pareto frontier and bargaining solutions")
struct ParetoFrontierTests {
    static let tolerance = 1e-12

    static func dominates(_ a: [Double], _ b: [Double]) -> Bool {
        zip(a, b).allSatisfy { $0 >= $1 - tolerance } && zip(a, b).contains { $0 > $1 + tolerance }
    }

    @Test("the merged frontier equals brute force, and nothing dominates it", arguments: 0..<60)
    func mergedFrontierMatchesBruteForce(seed: Int) throws {
        let scenario = RandomScenarios.linear(seed: UInt64(seed), issues: 1 + seed % 4, parties: 2 + seed % 3)
        let space = scenario.space
        let compiled = scenario.parties.map { CompiledUtility($0.profile.utility, space: space) }
        let merged = try ParetoFrontier.linearAdditive(space: space, utilities: compiled)
        let walked = ParetoFrontier.enumerated(space: space, utilities: compiled)
        #expect(Set(merged.map(\.outcome)) == Set(walked.map(\.outcome)))

        let all = RandomScenarios.allUtilities(scenario)
        for point in merged {
            // The utilities a frontier point carries are the outcome's own.
            let exact = scenario.parties.map { $0.profile.utility.utility(of: point.outcome, in: space) }
            for (a, b) in zip(exact, point.utilities) { #expect(abs(a - b) < 1e-12) }
            #expect(!all.contains { Self.dominates($0.1, point.utilities) }, "frontier point \(point.outcome.options) is dominated")
        }
        // Every outcome is dominated by, or coincides with, a frontier point.
        for (outcome, utilities) in all {
            let covered = merged.contains { point in
                Self.dominates(point.utilities, utilities) || zip(point.utilities, utilities).allSatisfy { abs($0 - $1) <= Self.tolerance }
            }
            #expect(covered, "outcome \(outcome.options) is neither on nor below the frontier")
        }
    }

    @Test("Nash, Kalai, welfare and egalitarian points lie on the frontier and win by brute force", arguments: 0..<40)
    func solutionsAreOptimal(seed: Int) throws {
        let scenario = RandomScenarios.linear(seed: 1000 + UInt64(seed), issues: 2 + seed % 3, parties: 2 + seed % 2)
        let analysis = try OutcomeAnalysis(scenario: scenario)
        let frontier = Set(analysis.frontier.map(\.outcome))
        let all = RandomScenarios.allUtilities(scenario)
        let r = analysis.reservationValues

        let rational = all.filter { zip($0.1, r).allSatisfy { $0 > $1 } }
        if let nash = analysis.nash {
            #expect(frontier.contains(nash.outcome))
            let product = { (u: [Double]) in zip(u, r).reduce(1.0) { $0 * ($1.0 - $1.1) } }
            let best = rational.map { product($0.1) }.max()!
            #expect(abs(product(nash.utilities) - best) < 1e-12)
        } else {
            #expect(rational.isEmpty)
        }
        if let kalai = analysis.kalaiSmorodinsky {
            #expect(frontier.contains(kalai.outcome))
            #expect(zip(kalai.utilities, r).allSatisfy { $0 >= $1 })
        }
        let welfare = all.map { $0.1.reduce(0, +) }.max()!
        #expect(abs((analysis.maxWelfare?.welfare ?? -1) - welfare) < 1e-12)
        #expect(analysis.zopaCount == rational.count)
        if let egalitarian = analysis.egalitarian {
            let best = all.filter { zip($0.1, r).allSatisfy { $0 >= $1 } }.map { zip($0.1, r).map { $0 - $1 }.min()! }.max()!
            #expect(abs(zip(egalitarian.utilities, r).map { $0 - $1 }.min()! - best) < 1e-12)
        }
    }

    @Test("ties go to the lowest outcome index")
    func tiesGoToLowestIndex() throws {
        // Options 0 and 2 of the only issue are worth the same to both parties.
        let issue = Issue(name: "x", options: ["a", "b", "c"])
        let a = Profile(utility: UtilityFunction(weights: [1], valuations: [.table([1, 0.5, 1])]))
        let b = Profile(utility: UtilityFunction(weights: [1], valuations: [.table([0.5, 0.2, 0.5])]))
        let scenario = Scenario(name: "tie", issues: [issue], parties: [.init(name: "A", profile: a), .init(name: "B", profile: b)])
        let analysis = try OutcomeAnalysis(scenario: scenario)
        #expect(analysis.frontier.map(\.outcome) == [Outcome([0])])
        #expect(analysis.nash?.outcome == Outcome([0]))
    }

    @Test("an empty ZOPA has no Nash point")
    func emptyZOPA() throws {
        let issue = Issue(name: "x", options: ["a", "b"])
        let a = Profile(utility: UtilityFunction(weights: [1], valuations: [.table([1, 0])]), reservationValue: 0.6)
        let b = Profile(utility: UtilityFunction(weights: [1], valuations: [.table([0, 1])]), reservationValue: 0.6)
        let analysis = try OutcomeAnalysis(
            scenario: Scenario(name: "no deal", issues: [issue], parties: [.init(name: "A", profile: a), .init(name: "B", profile: b)]))
        #expect(analysis.zopaCount == 0)
        #expect(analysis.nash == nil)
        #expect(analysis.kalaiSmorodinsky == nil)
        #expect(analysis.frontier.count == 2)
    }

    @Test("hyper-rectangle utilities: inclusive and exclusive boxes, capped at 1")
    func constraintUtilities() throws {
        let issues = [Issue(name: "x", domain: .integer(lower: 0, upper: 3)), Issue(name: "y", domain: .integer(lower: 0, upper: 3))]
        let space = OutcomeSpace(issues: issues)
        let function = UtilityFunction(
            issueCount: 2,
            constraints: [
                HyperRectangle(utility: 6, bounds: [.init(issue: 0, options: 0...1)]),
                HyperRectangle(utility: 4, bounds: [.init(issue: 1, options: 2...3)], isExclusive: true),
            ], scale: 8)
        #expect(function.utility(of: Outcome([0, 0]), in: space) == 1)  // 10/8 capped
        #expect(function.utility(of: Outcome([0, 2]), in: space) == 0.75)
        #expect(function.utility(of: Outcome([3, 0]), in: space) == 0.5)
        #expect(function.utility(of: Outcome([3, 3]), in: space) == 0)
    }
}
