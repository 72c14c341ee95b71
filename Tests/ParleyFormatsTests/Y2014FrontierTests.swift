import Foundation
import Parley
import ParleyFormats
import ParleyTestSupport
import Testing

/// Parley's exact frontiers of the ANAC 2014 hyper-rectangle domains against the frontiers
/// GENIUS published beside them (`pareto.xml`). The 10-issue domains are solved exactly here;
/// the 30- and 50-issue ones are covered by `parley bench-nonlinear` (docs/nonlinear-analysis.md).
@Suite("ANAC 2014 hyper-rectangle frontiers against GENIUS's pareto.xml")
struct Y2014FrontierTests {
    static let tenIssueFolders = ["y2014-10issuesDiscounted", "y2014-10issueswithRV", "other-S-1NIKFRT-1"]

    @Test("exact frontier; every published point matched or strictly dominated; witnesses re-evaluate", arguments: tenIssueFolders)
    func frontierCoversPublished(folder: String) throws {
        let url = Fixtures.genius(folder)
        let scenario = try GeniusImporter().importScenario(from: url)
        let space = scenario.space
        #expect(space.cardinality == 1e10)
        let result = ConstraintFrontier.frontier(
            space: space, utilities: scenario.parties.map { CompiledUtility($0.profile.utility, space: space) })
        #expect(result.isExact)
        #expect(result.witnessesAreLowestIndex)
        for point in result.frontier {
            let exact = scenario.parties.map { $0.profile.utility.utility(of: point.outcome, in: space) }
            #expect(exact == point.utilities, "witness \(point.outcome.options)")
        }
        let published = try GeniusPareto.read(from: url.appendingPathComponent("pareto.xml"))
        #expect(!published.isEmpty)
        let comparison = GeniusPareto.compare(published: published, computed: result.frontier.map(\.utilities))
        #expect(comparison.uncovered.isEmpty, "published points Parley neither matches nor dominates: \(comparison.uncovered)")
        #expect(comparison.beaten.isEmpty, "Parley points a published point dominates: \(comparison.beaten)")
        #expect(comparison.matched + comparison.dominated == published.count)
    }

    @Test("a 30-issue domain under a small budget is reported inexact, with a gap")
    func largeDomainUnderBudgetIsInexact() throws {
        let scenario = try GeniusImporter().importScenario(from: Fixtures.genius("y2014-30issuesDiscounted"))
        let space = scenario.space
        let result = ConstraintFrontier.frontier(
            space: space, utilities: scenario.parties.map { CompiledUtility($0.profile.utility, space: space) },
            limits: .init(nodeLimit: 20_000, workers: 1, seedPerturbationsPerIssue: 0))
        #expect(!result.isExact)
        #expect(result.gap > 0 && result.gap < 1.5)
        #expect(!result.frontier.isEmpty)
    }

    @Test("pareto.xml lines are read, bad lines named")
    func readsParetoText() throws {
        #expect(try GeniusPareto.parse("\n0.5, 1.0\n1.0,0.25\n\n", file: "p") == [[0.5, 1.0], [1.0, 0.25]])
        #expect(throws: FormatError(file: "p", line: 2, "'x' is not a utility: expected comma-separated numbers such as '0.62, 1.0'")) {
            try GeniusPareto.parse("0.5, 1.0\n0.7, x\n", file: "p")
        }
        #expect(throws: FormatError(file: "p", line: 2, "3 utilities on this line but 2 on the first point's line")) {
            try GeniusPareto.parse("0.5, 1.0\n0.7, 0.1, 0.2\n", file: "p")
        }
    }
}
