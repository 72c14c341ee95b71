import Parley
import ParleyFormats
import ParleyReports
import ParleySupport
import ParleyTestSupport
import Testing

/// The ANAC agents on GENIUS domains: deterministic for a seed, never offering below their
/// reservation value, agreeing with a conceder, bilateral and multilateral.
@Suite("ANAC agents on GENIUS domains")
struct ANACAgentsOnGeniusTests {
    static let agents = [
        "agentk", "hardheaded", "gahboninho", "iamhaggler2011", "cuhkagent", "the-negotiator-reloaded", "omac", "atlas3",
    ]

    func scenario(_ folder: String, rounds: Int, reservation: Double? = nil) throws -> Scenario {
        var scenario = try GeniusImporter().importScenario(from: Fixtures.genius(folder))
        scenario.talks = Talks(rounds: rounds)
        if let reservation {
            for index in scenario.parties.indices { scenario.parties[index].profile.reservationValue = reservation }
        }
        return scenario
    }

    func run(_ scenario: Scenario, _ names: [String], seed: UInt64) throws -> Trace {
        try Session(scenario: scenario, seed: seed).run(negotiators: try names.map { try Strategies.negotiator(named: $0) })
    }

    @Test("same seed, same trace and JSON, byte for byte", arguments: agents)
    func deterministic(agent: String) throws {
        let scenario = try scenario("y2011-Camera", rounds: 300)
        let first = try run(scenario, [agent, "boulware"], seed: 5)
        let second = try run(scenario, [agent, "boulware"], seed: 5)
        #expect(first.events == second.events)
        #expect(first.json(in: scenario, seed: 5).compact == second.json(in: scenario, seed: 5).compact)
    }

    @Test("agrees with a conceder, and never offers or accepts below its reservation value", arguments: agents)
    func agreesAboveReservation(agent: String) throws {
        let scenario = try scenario("y2012-FlightBookingB", rounds: 200, reservation: 0.4)
        for seed in 1...3 as ClosedRange<UInt64> {
            let trace = try run(scenario, [agent, "conceder"], seed: seed)
            #expect(trace.result.reason == .agreement, "seed \(seed)")
            #expect(trace.result.utilities[0] >= 0.4)
            let own = scenario.parties[0]
            for event in trace.events where event.actor == own.name && event.kind == .offer {
                let utility = own.profile.utility.utility(of: event.outcome!, in: scenario.space)
                #expect(utility >= 0.4, "offered \(utility) in round \(event.round)")
            }
        }
    }

    @Test("works as the second party and in multilateral talks", arguments: agents)
    func multilateral(agent: String) throws {
        let bilateral = try scenario("y2012-FitnessA", rounds: 200)
        let second = try run(bilateral, ["conceder", agent], seed: 2)
        #expect(second.result.reason == .agreement)
        let three = try scenario("y2015-group2-dinner", rounds: 200)
        #expect(three.parties.count == 3)
        let trace = try run(three, [agent, "conceder", "linear"], seed: 2)
        #expect(trace.events.allSatisfy { $0.kind != .failure })
        #expect(trace.result.reason == .agreement)
    }

    @Test("HardHeaded's offers follow its concession schedule on Camera")
    func hardHeadedSchedule() throws {
        let scenario = try scenario("y2011-Camera", rounds: 500)
        let trace = try run(scenario, ["hardheaded", "boulware"], seed: 1)
        let own = scenario.parties[0]
        var agent = HardHeaded()
        try agent.start(
            NegotiatorContext(party: 0, name: own.name, profile: own.profile, space: scenario.space, partyCount: 2, rounds: 500, seed: 1))
        for event in trace.events where event.actor == own.name && event.kind == .offer {
            let time = Double(event.round - 1) / 499
            let utility = own.profile.utility.utility(of: event.outcome!, in: scenario.space)
            #expect(utility >= agent.target(at: time) - 1e-12, "round \(event.round)")
            if time <= 0.5 { #expect(utility >= 0.95 * agent.target(at: 0)) }
        }
    }
}
