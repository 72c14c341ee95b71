import Foundation
import Parley
import ParleyFormats
import ParleySupport
import ParleyTestSupport
import Testing

@Suite("GENIUS export")
struct GeniusExporterTests {
    func temporaryFolder(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("parley-export-\(UUID().uuidString)").appendingPathComponent(name).path
    }

    @Test("every GENIUS folder exports and imports back identically", arguments: ScenarioFileTests.importable)
    func roundTrip(folder: String) throws {
        let scenario = try GeniusImporter().importScenario(from: Fixtures.genius(folder))
        let path = temporaryFolder(folder)
        let omitted = try GeniusExporter.write(scenario, to: path)
        #expect(omitted.isEmpty, "\(omitted)")
        let back = try GeniusImporter().importScenario(from: URL(fileURLWithPath: path))
        #expect(back == scenario)
    }

    @Test("the Geneva scenario exports its preferences and says what GENIUS cannot hold")
    func geneva() throws {
        let scenario = try ScenarioFile.read(from: Fixtures.packageRoot.appendingPathComponent("Scenarios/us-iran-geneva-2026.yaml").path)
        let path = temporaryFolder("geneva")
        let omitted = try GeniusExporter.write(scenario, to: path)
        #expect(omitted.count == 3)
        #expect(omitted.contains { $0.hasPrefix("breakdown values") } && omitted.contains { $0.hasPrefix("the mediator (Oman)") })
        let back = try GeniusImporter().importScenario(from: URL(fileURLWithPath: path))
        #expect(back.issues == scenario.issues)
        for party in scenario.parties {
            let imported = try #require(back.parties.first { $0.name == party.name })
            #expect(imported.profile.utility == party.profile.utility)
            #expect(imported.profile.reservationValue == party.profile.reservationValue)
        }
    }

    @Test("a discount per round becomes GENIUS's discount over the deadline, with the same effect")
    func discountPerRound() throws {
        var scenario = ToyScenarios.opposed(talks: Talks(rounds: 10))
        scenario.parties[0].profile.discountFactor = 0.9
        let path = temporaryFolder("toy")
        try GeniusExporter.write(scenario, to: path)
        let back = try GeniusImporter().importScenario(from: URL(fileURLWithPath: path))
        let profile = try #require(back.parties.first { $0.name == "A" }).profile
        #expect(profile.discountSpan == .deadline)
        for round in [1, 4, 10] {
            let original = scenario.parties[0].profile.discounted(0.8, agreedInRound: round, deadline: 10)
            #expect(abs(profile.discounted(0.8, agreedInRound: round, deadline: 10) - original) < 1e-12)
        }
    }

    @Test("preferences GENIUS would read differently are refused, naming the party and the issue")
    func refusals() throws {
        let issues = [Issue(name: "count", domain: .integer(lower: 0, upper: 2))]
        let table = Profile(utility: UtilityFunction(weights: [1], valuations: [.table([0, 0.5, 1])]))
        let tabled = Scenario(name: "t", issues: issues, parties: [.init(name: "A", profile: table), .init(name: "B", profile: table)])
        #expect(throws: FormatError.self) { try GeniusExporter.export(tabled) }
        do {
            _ = try GeniusExporter.export(tabled)
        } catch {
            #expect(error.problem.contains("party 'A', issue 'count'"), "\(error)")
        }
        var mixed = UtilityFunction(issueCount: 1, constraints: [HyperRectangle(utility: 1, bounds: [.init(issue: 0, options: 0...1)])], scale: 1)
        mixed.weights = [1]
        mixed.valuations = [.linear(slope: 0.5, offset: 0)]
        let both = Scenario(
            name: "m", issues: issues, parties: [.init(name: "A", profile: Profile(utility: mixed)), .init(name: "B", profile: table)])
        #expect(throws: FormatError.self) { try GeniusExporter.export(both) }
    }
}
