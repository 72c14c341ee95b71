import Foundation
import ParleyFormats
import ParleySupport
import ParleyTestSupport
import Testing

@testable import Parley

/// Parley's exact frontiers of the ANAC 2014 hyper-rectangle domains against the frontiers
/// GENIUS published beside them (`pareto.xml`). The 10-issue domains and one 30-issue domain
/// are solved exactly here; all of them by `parley bench-nonlinear` (docs/nonlinear-analysis.md).
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

    @Test("the lattice search and the cell search agree point for point, witnesses included", arguments: tenIssueFolders)
    func searchesAgree(folder: String) throws {
        let scenario = try GeniusImporter().importScenario(from: Fixtures.genius(folder))
        let space = scenario.space
        let utilities = scenario.parties.map { CompiledUtility($0.profile.utility, space: space) }
        #expect(LatticeFrontier(space: space, utilities: utilities) != nil)
        let lattice = ConstraintFrontier.frontier(space: space, utilities: utilities)
        let cells = ConstraintFrontier.frontier(space: space, utilities: utilities, limits: .init(usesLattice: false))
        #expect(lattice.isExact && cells.isExact)
        #expect(lattice.witnessesAreLowestIndex && cells.witnessesAreLowestIndex)
        #expect(lattice.frontier == cells.frontier)
    }

    @Test("a 30-issue domain (1e30 outcomes) is exact, and covers every published point")
    func thirtyIssuesExact() throws {
        let url = Fixtures.genius("y2014-30issueswithRV")
        let scenario = try GeniusImporter().importScenario(from: url)
        let space = scenario.space
        let result = ConstraintFrontier.frontier(
            space: space, utilities: scenario.parties.map { CompiledUtility($0.profile.utility, space: space) },
            limits: .init(lowestIndexWitnesses: false))
        #expect(result.isExact)
        for point in result.frontier {
            #expect(scenario.parties.map { $0.profile.utility.utility(of: point.outcome, in: space) } == point.utilities)
        }
        let published = try GeniusPareto.read(from: url.appendingPathComponent("pareto.xml"))
        let comparison = GeniusPareto.compare(published: published, computed: result.frontier.map(\.utilities))
        #expect(result.frontier.count == 33)
        #expect(comparison.uncovered.isEmpty && comparison.beaten.isEmpty)
        #expect(comparison.matched == 17 && comparison.dominated == 12)
    }

    @Test("a 30-issue domain under a small budget is reported inexact, with a gap")
    func largeDomainUnderBudgetIsInexact() throws {
        let scenario = try GeniusImporter().importScenario(from: Fixtures.genius("y2014-30issuesDiscounted"))
        let space = scenario.space
        let result = ConstraintFrontier.frontier(
            space: space, utilities: scenario.parties.map { CompiledUtility($0.profile.utility, space: space) },
            limits: .init(nodeLimit: 20_000, workers: 1, seedPerturbationsPerIssue: 0, usesLattice: false))
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
