import Foundation
import Parley
import ParleyFormats
import ParleyReports
import ParleySupport
import ParleyTestSupport
import Testing

/// The bundled US–Iran scenario: it reads, round-trips, and runs reproducibly.
@Suite("The Geneva scenario")
struct GenevaScenarioTests {
    static let path = Fixtures.packageRoot.appendingPathComponent("Scenarios/us-iran-geneva-2026.yaml").path

    func scenario() throws -> Scenario { try ScenarioFile.read(from: Self.path) }

    @Test("it has the issues, parties, mediator and agenda of the article")
    func contents() throws {
        let scenario = try scenario()
        #expect(scenario.parties.map(\.name) == ["United States", "Iran"])
        #expect(scenario.mediator?.name == "Oman")
        for issue in ["enrichment", "stockpile", "inspections", "sanctions relief", "relief phasing", "ballistic missiles", "regional groups"] {
            #expect(scenario.issues.contains { $0.name == issue }, "missing issue \(issue)")
        }
        #expect(scenario.talks.protocolKind == .indirect)
        let held = scenario.talks.agenda.holds.flatMap(\.issues).map { scenario.issues[$0].name }
        #expect(Set(held) == ["ballistic missiles", "regional groups"])
        for party in scenario.parties {
            #expect(abs(party.profile.utility.weights.reduce(0, +) - 1) < 1e-12, "\(party.name)'s weights sum to 1")
            // Strikes are worse than no deal for both.
            #expect(party.profile.breakdownValue < party.profile.reservationValue)
        }
    }

    @Test("its assumptions name real numbers, hold the scenario's values, and a bad one is refused at its line")
    func assumptions() throws {
        let scenario = try scenario()
        #expect(scenario.assumptions.count == 10)
        for assumption in scenario.assumptions { #expect(assumption.problem(in: scenario) == nil, "\(assumption.name)") }
        let text = try String(contentsOfFile: Self.path, encoding: .utf8)
        let cases = [
            ("range: [0.25, 0.45], name: US value of no deal", "range: [0.4, 0.45], name: US value of no deal", "does not hold"),
            ("field: hazard, range", "field: haz, range", "unknown field 'haz'"),
            ("{field: reservation, party: Iran,", "{field: reservation, party: Oman,", "unknown party 'Oman'"),
            ("option: JCPOA 3.67%, range: [0.6", "option: 99%, range: [0.6", "has no option '99%'"),
            ("name: Iran value of no deal}", "name: US value of no deal}", "listed twice"),
        ]
        for (original, broken, problem) in cases {
            #expect(text.contains(original), "\(original)")
            let error = #expect(throws: FormatError.self) {
                try ScenarioFile.decode(text.replacingOccurrences(of: original, with: broken), file: "g.yaml")
            }
            let message = error?.description ?? ""
            #expect(message.contains(problem) && message.hasPrefix("g.yaml:"), "\(message)")
        }
    }

    @Test("it reads back identically from YAML and JSON")
    func roundTrip() throws {
        let scenario = try scenario()
        for syntax in ScenarioFile.Syntax.allCases {
            #expect(try ScenarioFile.decode(ScenarioFile.encode(scenario, as: syntax)) == scenario)
        }
    }

    @Test("the same seed gives a byte-identical JSON trace; another seed may not", arguments: [1, 7, 2026] as [UInt64])
    func reproducible(seed: UInt64) throws {
        let scenario = try scenario()
        func once() throws -> String {
            let negotiators = try scenario.parties.map { party throws(SessionError) in
                try Strategies.negotiator(named: scenario.talks.negotiators[party.name] ?? "linear")
            }
            let trace = try Session(scenario: scenario, seed: seed).run(negotiators: negotiators, mediator: Strategies.mediator(named: "shuttle"))
            return trace.json(in: scenario, seed: seed).pretty
        }
        let first = try once()
        #expect(first == (try once()))
        #expect(first.contains("\"kind\": \"status\""))
    }
}
