import Parley
import ParleyTestSupport
import Testing

/// The one table of set-up defaults the command line, the server and tournaments share.
@Suite("Session set-up")
struct SessionSetupTests {
    /// Two parties, three issues, with agenda tracks that bring protocols of their own.
    func scenario() -> Scenario {
        var scenario = RandomScenarios.linear(seed: 11, issues: 3, parties: 2)
        scenario.talks.agenda = Agenda(
            mode: .sequential,
            tracks: [Agenda.Track(name: "first", issues: [0], protocolKind: .singleText), Agenda.Track(name: "rest", issues: [1, 2])])
        return scenario
    }

    @Test("defaults: the scenario's strategies, else linear; the mediator by the main protocol")
    func defaults() throws {
        var base = scenario()
        base.talks.negotiators = ["p1": "boulware"]
        let plain = try SessionSetup(scenario: base)
        #expect(plain.negotiators == ["linear", "boulware"])
        // A single-text track needs a mediator: the scenario gains one, with the main protocol's default strategy.
        #expect(plain.scenario.mediator?.name == "mediator")
        #expect(plain.mediator == SessionSetup.defaultMediator(for: .alternatingOffers))
        let indirect = try SessionSetup(scenario: base, protocol: .indirect, negotiators: ["p0": "conceder"])
        #expect(indirect.negotiators == ["conceder", "boulware"])
        #expect(indirect.mediator == "shuttle")
        #expect(try SessionSetup(scenario: base, protocol: .singleText).mediator == "hill-climbing")
        base.talks.mediator = "annealing"
        #expect(try SessionSetup(scenario: base, protocol: .singleText).mediator == "annealing")
        #expect(try SessionSetup(scenario: base, protocol: .singleText, mediator: "random-change").mediator == "random-change")
    }

    @Test("a protocol override applies to every track, as tournaments and the server need")
    func overrideClearsTracks() throws {
        let setup = try SessionSetup(scenario: scenario(), protocol: .alternatingOffers, rounds: 12, negotiatorList: ["boulware", "conceder"])
        #expect(setup.scenario.talks.agenda.tracks.allSatisfy { $0.protocolKind == nil })
        #expect(setup.scenario.talks.rounds == 12)
        #expect(setup.mediator == nil)
        #expect(setup.negotiators == ["boulware", "conceder"])
    }

    @Test("one strategy for all, one per party, or a clear refusal")
    func lists() throws {
        #expect(try SessionSetup(scenario: scenario(), negotiatorList: ["hardliner"]).negotiators == ["hardliner", "hardliner"])
        #expect(throws: SessionError.self) { try SessionSetup(scenario: scenario(), negotiatorList: ["a", "b", "c"]) }
        #expect(throws: SessionError.self) { try SessionSetup(scenario: scenario(), negotiators: ["nobody": "linear"]) }
        #expect(throws: SessionError.self) { try SessionSetup(scenario: scenario(), rounds: 0) }
    }
}
