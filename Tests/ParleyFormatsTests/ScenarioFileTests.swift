import Foundation
import Parley
import ParleyFormats
import ParleySupport
import ParleyTestSupport
import Testing

@Suite("Parley scenario files")
struct ScenarioFileTests {
    /// Folders the importer reads without options (real issues need a step).
    static let importable = Fixtures.geniusFolders.filter { $0 != "data-fuzzyagent" }

    @Test("every GENIUS folder imports and reads back identically from YAML and JSON", arguments: importable)
    func roundTrip(folder: String) throws {
        let scenario = try GeniusImporter().importScenario(from: Fixtures.genius(folder))
        for syntax in ScenarioFile.Syntax.allCases {
            let text = ScenarioFile.encode(scenario, as: syntax)
            let back = try ScenarioFile.decode(text, file: "\(folder).\(syntax.rawValue)")
            #expect(back == scenario, "\(syntax) round trip of \(folder) changed the scenario")
        }
    }

    @Test("a real issue needs a declared step, then imports")
    func realIssues() throws {
        let folder = Fixtures.genius("data-fuzzyagent")
        #expect(throws: FormatError.self) { try GeniusImporter().importScenario(from: folder) }
        let scenario = try GeniusImporter(realStep: 1).importScenario(from: folder)
        #expect(scenario.issues[0].count == 31)
        // Buyer: 1.3333333333 - 0.033333333 x, so 1.0 at 10 and 0.0 at 40.
        let buyer = try #require(scenario.parties.first { $0.name == "buyer_utility" })
        #expect(abs(buyer.profile.utility.utility(of: Outcome([0]), in: scenario.space) - 1.0) < 1e-6)
        #expect(abs(buyer.profile.utility.utility(of: Outcome([30]), in: scenario.space)) < 1e-6)
    }

    @Test("GENIUS semantics: rounding of evaluations above 1, objective weights ignored")
    func geniusSemantics() throws {
        let travel = try GeniusImporter().importScenario(from: Fixtures.genius("y2010-Travel"))
        // travel_chox, Atmosphere: evaluations 41..370, so 'Hospitality' (370) is worth 1 and 'Cultural heritage' 41/370.
        let chox = try #require(travel.parties.first { $0.name == "travel_chox" })
        guard case .table(let values) = chox.profile.utility.valuations[0] else {
            Issue.record("expected a table")
            return
        }
        #expect(values[6] == 1)
        #expect(values[0] == 41.0 / 370)
        let fitness = try GeniusImporter().importScenario(from: Fixtures.genius("y2012-FitnessA"))
        #expect(fitness.parties[0].profile.utility.weights.count == fitness.issues.count)
        #expect(fitness.parties[0].profile.reservationValue == 0.5)
        #expect(fitness.parties[0].profile.discountFactor == 0.75)
    }

    @Test("the ANAC 2014 non-linear profiles import as hyper-rectangles")
    func hyperRectangles() throws {
        let scenario = try GeniusImporter().importScenario(from: Fixtures.genius("y2014-10issueswithRV"))
        #expect(scenario.issues.count == 10)
        #expect(scenario.space.cardinality == 1e10)
        let profile = scenario.parties[0].profile
        #expect(profile.utility.constraintScale == 536)
        #expect(!profile.utility.constraints.isEmpty)
        #expect(profile.reservationValue == 0.75)
    }
}
