import Parley
import ParleyReports
import ParleySupport
import ParleyTestSupport
import Testing

@Suite("Mediated protocols, agenda and secrecy")
struct MediatedProtocolTests {
    @Test("single text: a change is adopted only when every party votes for it")
    func unanimity() throws {
        let scenario = ToyScenarios.opposed(talks: Talks(protocolKind: .singleText, rounds: 30), mediator: true)
        // A votes for everything; B votes only for changes that do not touch 'speed'.
        let a = ScriptedNegotiator()
        let b = ScriptedNegotiator(vote: { proposal, draft in proposal.options[1] == draft.options[1] })
        let trace = try Session(scenario: scenario, seed: 3).run(negotiators: [a, b], mediator: RandomChangeMediator())
        let first = try #require(trace.events.first { $0.kind == .text }?.outcome)
        // 'speed' never changes; the final text is the agreement (both ratify).
        #expect(trace.result.reason == .agreement)
        #expect(trace.result.agreement?.options[1] == first.options[1])
        let proposals = trace.events.filter { $0.kind == .text && $0.note == "proposed change" }
        #expect(proposals.count == 30)
        // Votes go to the mediator only.
        for vote in trace.events where vote.kind == .vote && vote.note == nil {
            #expect(Set(vote.audience) == [vote.actor, "M", Session.observer])
        }
    }

    @Test("single text: hill-climbing voters with an informed mediator reach the Nash point")
    func nashSeeking() throws {
        let scenario = ToyScenarios.opposed(talks: Talks(protocolKind: .singleText, rounds: 10), mediator: true)
        let trace = try Session(scenario: scenario).run(
            negotiators: [TimeBasedNegotiator.linear, TimeBasedNegotiator.linear], mediator: NashSeekingMediator())
        let analysis = try OutcomeAnalysis(scenario: scenario)
        #expect(trace.result.agreement == analysis.nash?.outcome)
    }

    @Test("indirect talks: delegations never see each other's messages")
    func secrecy() throws {
        let scenario = ToyScenarios.opposed(talks: Talks(protocolKind: .indirect, rounds: 12), mediator: true)
        let logA = SeenEvents()
        let logB = SeenEvents()
        let a = ScriptedNegotiator(respond: { _, turn in turn.round < 5 ? .reject(objections: [0], counter: Outcome([0, 1])) : .accept }, log: logA)
        let b = ScriptedNegotiator(respond: { _, turn in turn.round < 3 ? .reject(objections: [1], counter: Outcome([1, 0])) : .accept }, log: logB)
        let trace = try Session(scenario: scenario).run(negotiators: [a, b], mediator: ShuttleMediator())
        #expect(logA.events == trace.visible(to: "A"))
        #expect(logB.events == trace.visible(to: "B"))
        #expect(!logA.events.contains { $0.actor == "B" })
        #expect(!logB.events.contains { $0.actor == "A" })
        #expect(!logA.events.contains { $0.kind == .text && $0.note == "meets B" })
        #expect(trace.result.reason == .agreement)
        #expect(trace.result.rounds == 5)
    }

    @Test("indirect talks: an issue is settled when nobody objects to it")
    func settledIssues() throws {
        let scenario = ToyScenarios.opposed(talks: Talks(protocolKind: .indirect, rounds: 2), mediator: true)
        let a = ScriptedNegotiator(respond: { _, _ in .reject(objections: [0], counter: nil) })
        let b = ScriptedNegotiator(respond: { _, _ in .accept })
        let trace = try Session(scenario: scenario).run(negotiators: [a, b], mediator: ShuttleMediator())
        let statuses = trace.events.filter { $0.kind == .status }
        #expect(statuses.count == 2)
        #expect(statuses.allSatisfy { $0.issues == [1] && $0.otherIssues == [0] })
        #expect(trace.result.reason == .deadline)
        #expect(trace.result.settledIssues == [1])
        #expect(trace.result.openIssues == [0])
    }

    @Test("agenda: a held issue keeps its status quo until its holder admits it")
    func heldIssue() throws {
        let agenda = Agenda(holds: [Agenda.Hold(party: 1, issues: [1], admitAtRisk: nil)], statusQuo: [1: 2])
        let scenario = ToyScenarios.opposed(talks: Talks(protocolKind: .indirect, rounds: 6, agenda: agenda), mediator: true)
        let a = ScriptedNegotiator(respond: { text, _ in text.options[1] == 2 ? .reject(objections: [1], counter: Outcome([0, 2])) : .accept })
        var admittedAt: Double?
        let b = ScriptedNegotiator(
            respond: { _, _ in .accept },
            admit: { _, risk in
                admittedAt = admittedAt ?? risk
                return false
            })
        let trace = try Session(scenario: scenario).run(negotiators: [a, b], mediator: ShuttleMediator())
        #expect(admittedAt != nil)
        // B never admits 'speed', so every text keeps its status quo and A keeps rejecting...
        #expect(trace.events.filter { $0.kind == .text }.allSatisfy { $0.outcome?.options[1] == 2 })
        // ...and A's objection to a fixed issue leaves it open.
        #expect(trace.result.reason == .deadline)
    }

    @Test("agenda: rising risk brings a held issue onto the table")
    func admittedByRisk() throws {
        let agenda = Agenda(holds: [Agenda.Hold(party: 1, issues: [1], admitAtRisk: 0.2)], statusQuo: [1: 2])
        let scenario = ToyScenarios.opposed(talks: Talks(protocolKind: .indirect, rounds: 8, hazard: .constant(0.1), agenda: agenda), mediator: true)
        // Seed chosen so that the hazard does not strike in the first rounds.
        var seed: UInt64 = 1
        var trace: Trace
        repeat {
            trace = try Session(scenario: scenario, seed: seed).run(
                negotiators: [TimeBasedNegotiator.linear, TimeBasedNegotiator.linear], mediator: ShuttleMediator())
            seed += 1
        } while trace.result.reason == .breakdown && trace.result.rounds < 4
        let admission = try #require(trace.events.first { $0.kind == .agenda })
        // Cumulative risk after round r is 1 - 0.9^r: 0.19 after round 2, 0.271 after round 3.
        #expect(admission.round == 3)
        #expect(admission.issues == [1])
    }

    @Test("sequential agenda: a settled track is frozen while the next is negotiated")
    func sequentialTracks() throws {
        let agenda = Agenda(
            mode: .sequential, tracks: [Agenda.Track(name: "first", issues: [0]), Agenda.Track(name: "second", issues: [1], rounds: 3)])
        let scenario = ToyScenarios.opposed(talks: Talks(protocolKind: .alternatingOffers, rounds: 5, agenda: agenda))
        let trace = try Session(scenario: scenario).run(negotiators: [TimeBasedNegotiator.linear, TimeBasedNegotiator.linear])
        #expect(trace.result.reason == .agreement)
        let agreedFirst = try #require(trace.events.last { $0.kind == .accept && $0.round <= 5 }?.outcome)
        let laterOffers = trace.events.filter { $0.kind == .offer && $0.round > (trace.events.first { $0.kind == .accept }?.round ?? 0) }
        #expect(!laterOffers.isEmpty)
        #expect(laterOffers.allSatisfy { $0.outcome?.options[0] == agreedFirst.options[0] })
        #expect(trace.result.agreement?.options[0] == agreedFirst.options[0])
    }

    @Test("same scenario, negotiators and seed: the same trace, event for event")
    func determinism() throws {
        let scenario = ToyScenarios.opposed(
            talks: Talks(protocolKind: .singleText, rounds: 40, hazard: .linear(start: 0, end: 0.05)), mediator: true)
        func once() throws -> String {
            let trace = try Session(scenario: scenario, seed: 42).run(
                negotiators: [RandomNegotiator(), FrequencyModelNegotiator()], mediator: AnnealingMediator())
            return trace.json(in: scenario, seed: 42).compact
        }
        #expect(try once() == once())
    }
}

@Suite("Voters")
struct VoterTests {
    @Test("an annealing voter accepts some losses early and none at the deadline")
    func annealing() throws {
        let scenario = ToyScenarios.opposed(talks: Talks(protocolKind: .singleText, rounds: 10), mediator: true)
        var voter = AnnealingVoter(initialTemperature: 0.5)
        try voter.start(
            NegotiatorContext(party: 0, name: "A", profile: scenario.parties[0].profile, space: scenario.space, partyCount: 2, rounds: 10, seed: 9))
        let better = Outcome([0, 2])
        let worse = Outcome([1, 2])  // A loses 0.3
        var early = 0
        for _ in 0..<400 where try voter.vote(on: worse, replacing: better, turn: Turn(round: 1, time: 0)) { early += 1 }
        var late = 0
        for _ in 0..<400 where try voter.vote(on: worse, replacing: better, turn: Turn(round: 10, time: 1)) { late += 1 }
        // exp(-0.3 / 0.5) = 0.55: about 220 of 400 early; none at temperature 0.
        #expect((150...290).contains(early))
        #expect(late == 0)
        #expect(try voter.vote(on: better, replacing: worse, turn: Turn(round: 10, time: 1)))
    }
}
