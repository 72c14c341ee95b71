import Parley
import ParleyTestSupport
import Testing

@Suite("Breakdown hazard and calendar")
struct BreakdownHazardTests {
    @Test("constant, linear and step schedules")
    func schedules() {
        #expect(BreakdownHazard.constant(0.1).probability(round: 7, of: 10) == 0.1)
        let ramp = BreakdownHazard.linear(start: 0.02, end: 0.12)
        #expect(ramp.probability(round: 1, of: 6) == 0.02)
        #expect(abs(ramp.probability(round: 6, of: 6) - 0.12) < 1e-15)
        #expect(abs(ramp.probability(round: 3, of: 6) - 0.06) < 1e-15)
        let steps = BreakdownHazard.steps([.init(from: 1, probability: 0.01), .init(from: 4, probability: 0.3)])
        #expect(steps.probability(round: 3, of: 10) == 0.01)
        #expect(steps.probability(round: 4, of: 10) == 0.3)
        #expect(abs(BreakdownHazard.constant(0.1).survival(through: 2, of: 10) - 0.81) < 1e-15)
    }

    @Test("the hazard replays from the seed, and its frequency matches its probability")
    func frequency() throws {
        let scenario = ToyScenarios.opposed(talks: Talks(rounds: 1, hazard: .constant(0.3)))
        var breakdowns = 0
        for seed in 1...2000 as ClosedRange<UInt64> {
            let trace = try Session(scenario: scenario, seed: seed).run(negotiators: [HardLiner(), HardLiner()])
            if trace.result.reason == .breakdown { breakdowns += 1 }
        }
        // Binomial(2000, 0.3): mean 600, standard deviation 20.5.
        #expect((520...680).contains(breakdowns))
    }

    @Test("a track can have its own protocol")
    func trackProtocol() throws {
        let agenda = Agenda(
            mode: .sequential,
            tracks: [
                Agenda.Track(name: "offers", issues: [0], rounds: 10),
                Agenda.Track(name: "shuttle", issues: [1], protocolKind: .indirect, rounds: 10),
            ])
        let scenario = ToyScenarios.opposed(talks: Talks(protocolKind: .alternatingOffers, rounds: 10, agenda: agenda), mediator: true)
        let trace = try Session(scenario: scenario).run(
            negotiators: [TimeBasedNegotiator.linear, TimeBasedNegotiator.linear], mediator: ShuttleMediator())
        #expect(trace.result.reason == .agreement)
        let firstStatus = try #require(trace.events.firstIndex { $0.kind == .status })
        // Offers before the shuttle track, mediator texts after it.
        #expect(trace.events[..<firstStatus].contains { $0.kind == .offer })
        #expect(!trace.events[firstStatus...].contains { $0.kind == .offer })
        #expect(trace.events[firstStatus...].allSatisfy { $0.issues.allSatisfy { $0 == 1 } || $0.kind == .round })
    }

    @Test("calendar dates")
    func calendar() throws {
        let schedule = Schedule(start: try #require(CivilDate("2026-02-26")), sessions: ["morning", "afternoon"], daysBetween: 6, venue: "Geneva")
        #expect(schedule.slot(of: 1).session == "morning")
        #expect(schedule.slot(of: 2).date.description == "2026-02-26")
        #expect(schedule.slot(of: 3).date.description == "2026-03-04")
        #expect(CivilDate("2026-02-30") == nil)
        #expect(CivilDate("2024-02-29")?.adding(days: 366).description == "2025-03-01")
    }
}
