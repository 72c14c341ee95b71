import Parley
import ParleyReports
import ParleySupport
import ParleyTestSupport
import Testing

@Suite("Alternating offers")
struct AlternatingOffersTests {
    let deal = Outcome([1, 1])

    func run(_ scenario: Scenario, _ negotiators: [any Negotiator], seed: UInt64 = 1, limit: Duration? = nil) throws -> Trace {
        try Session(scenario: scenario, seed: seed, actionTimeLimit: limit).run(negotiators: negotiators)
    }

    @Test("acceptance in the last round is an agreement")
    func acceptanceAtLastRound() throws {
        let scenario = ToyScenarios.opposed(talks: Talks(rounds: 3))
        let offerer = ScriptedNegotiator(act: { [deal] _ in .offer(deal) })
        let accepter = ScriptedNegotiator(act: { turn in turn.round == 3 ? .accept : .offer(Outcome([2, 2])) })
        let trace = try run(scenario, [offerer, accepter])
        #expect(trace.result.reason == .agreement)
        #expect(trace.result.agreement == deal)
        #expect(trace.result.rounds == 3)
        let a = scenario.parties[0].profile.utility.utility(of: deal, in: scenario.space)
        #expect(trace.result.utilities[0] == a)
    }

    @Test("a discounting party's agreement is worth d^(round - 1); reservation values are not discounted")
    func discounting() throws {
        var scenario = ToyScenarios.opposed(reservation: 0.3, talks: Talks(rounds: 5))
        scenario.parties[0].profile.discountFactor = 0.9
        scenario.parties[1].profile.discountFactor = 1  // GENIUS's "no discounting"
        let offerer = ScriptedNegotiator(act: { [deal] _ in .offer(deal) })
        let accepter = ScriptedNegotiator(act: { turn in turn.round == 3 ? .accept : .offer(Outcome([2, 2])) })
        let trace = try run(scenario, [offerer, accepter])
        let utilities = scenario.parties.map { $0.profile.utility.utility(of: deal, in: scenario.space) }
        #expect(trace.result.utilities == utilities)
        #expect(trace.result.discountedUtilities == [utilities[0] * 0.9 * 0.9, utilities[1]])
        let json = trace.json(in: scenario, seed: 1).compact
        #expect(json.contains("\"discounted\":["))

        let late = try run(scenario, [HardLiner(), HardLiner()])
        #expect(late.result.reason == .deadline)
        #expect(late.result.discountedUtilities == [0.3, 0.3])

        // Without any discounting party the trace is as before: no "discounted" field.
        let plain = ToyScenarios.opposed(talks: Talks(rounds: 5))
        let undiscounted = try run(plain, [offerer, accepter])
        #expect(undiscounted.result.discountedUtilities == undiscounted.result.utilities)
        #expect(!undiscounted.json(in: plain, seed: 1).compact.contains("discounted"))
    }

    @Test("no acceptance by the deadline gives every party its reservation value")
    func deadline() throws {
        let scenario = ToyScenarios.opposed(reservation: 0.3, talks: Talks(rounds: 4))
        let trace = try run(scenario, [HardLiner(), HardLiner()])
        #expect(trace.result.reason == .deadline)
        #expect(trace.result.utilities == [0.3, 0.3])
        #expect(trace.result.rounds == 4)
        #expect(trace.events.filter { $0.kind == .offer }.count == 8)
    }

    @Test("a party ending the negotiation is a walk-away")
    func endNegotiation() throws {
        let scenario = ToyScenarios.opposed(talks: Talks(rounds: 10))
        let trace = try run(scenario, [ScriptedNegotiator(act: { [deal] _ in .offer(deal) }), ScriptedNegotiator(act: { _ in .end })])
        #expect(trace.result.reason == .walkAway(by: "B"))
        #expect(trace.result.rounds == 1)
    }

    @Test("accepting with nothing on the table is a failure naming the party")
    func acceptFirst() throws {
        let trace = try run(ToyScenarios.opposed(), [ScriptedNegotiator(act: { _ in .accept }), HardLiner()])
        #expect(trace.result.reason == .failure(by: "A", message: "accepted with no offer of another party on the table"))
        #expect(trace.result.utilities == [0, 0])
    }

    struct Boom: Error {}

    @Test("a negotiator that throws, or offers outside the space, ends the session with a failure")
    func failingNegotiators() throws {
        let thrower = try run(ToyScenarios.opposed(), [HardLiner(), ScriptedNegotiator(act: { _ in throw Boom() })])
        guard case .failure(let who, let message) = thrower.result.reason else {
            Issue.record("expected a failure")
            return
        }
        #expect(who == "B")
        #expect(message.contains("threw"))
        let invalid = try run(ToyScenarios.opposed(), [ScriptedNegotiator(act: { _ in .offer(Outcome([7, 0])) }), HardLiner()])
        guard case .failure(let culprit, _) = invalid.result.reason else {
            Issue.record("expected a failure")
            return
        }
        #expect(culprit == "A")
        #expect(invalid.events.last?.kind == .failure)
    }

    @Test("a negotiator over its time limit fails")
    func timeLimit() throws {
        let slow = ScriptedNegotiator(act: { [deal] _ in
            let clock = ContinuousClock()
            let start = clock.now
            while clock.now - start < .milliseconds(30) {}
            return .offer(deal)
        })
        let trace = try run(ToyScenarios.opposed(), [slow, HardLiner()], limit: .milliseconds(5))
        guard case .failure(let who, let message) = trace.result.reason else {
            Issue.record("expected a failure")
            return
        }
        #expect(who == "A")
        #expect(message.contains("over the limit"))
    }

    @Test("a certain breakdown strikes before the first round")
    func breakdownFirstRound() throws {
        let scenario = ToyScenarios.opposed(talks: Talks(rounds: 5, hazard: .constant(1)))
        let trace = try run(scenario, [HardLiner(), HardLiner()])
        #expect(trace.result.reason == .breakdown)
        #expect(trace.result.rounds == 1)
        #expect(trace.result.utilities == [0.05, 0.02])
        #expect(!trace.events.contains { $0.kind == .offer })
    }

    @Test("an empty ZOPA ends at the deadline with time-based negotiators")
    func emptyZOPA() throws {
        let scenario = ToyScenarios.opposed(reservation: 0.9, talks: Talks(rounds: 20))
        let trace = try run(scenario, [TimeBasedNegotiator.conceder, TimeBasedNegotiator.conceder])
        #expect(trace.result.reason == .deadline)
        #expect(trace.result.utilities == [0.9, 0.9])
    }

    @Test("multilateral: an agreement needs every other party to accept the same offer in turn")
    func multilateral() throws {
        var scenario = ToyScenarios.opposed(talks: Talks(rounds: 3))
        scenario.parties.append(Party(name: "C", profile: scenario.parties[0].profile))
        let offer = ScriptedNegotiator(act: { [deal] _ in .offer(deal) })
        // B accepts, C counters in round 1; in round 2 A offers again, B and C accept.
        let b = ScriptedNegotiator(act: { _ in .accept })
        let c = ScriptedNegotiator(act: { turn in turn.round == 1 ? .offer(Outcome([0, 0])) : .accept })
        let trace = try run(scenario, [offer, b, c])
        #expect(trace.result.reason == .agreement)
        #expect(trace.result.agreement == deal)
        #expect(trace.result.rounds == 2)
    }

    @Test("Boulware and Conceder reach a deal on the frontier side of the reservation values")
    func timeBasedAgree() throws {
        let scenario = ToyScenarios.opposed(reservation: 0.2, talks: Talks(rounds: 50))
        let trace = try run(scenario, [TimeBasedNegotiator.boulware, TimeBasedNegotiator.conceder])
        #expect(trace.result.reason == .agreement)
        #expect(trace.result.utilities.allSatisfy { $0 >= 0.2 })
    }
}
