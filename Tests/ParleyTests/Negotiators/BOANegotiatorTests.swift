import Parley
import ParleySupport
import ParleyTestSupport
import Testing

@Suite("BOA negotiators and specs")
struct BOANegotiatorTests {
    @Test(
        "a spec reads back to itself",
        arguments: [
            "boa/offer=time:0.2/accept=ac-next/model=frequency",
            "boa/offer=time:0.5:0.1:0.3:0.9/accept=ac-next:1.02:0/model=none",
            "boa/offer=time:2:0:floor:0.9/accept=ac-prev:1:0.05/model=smith",
            "boa/offer=guided:0.2/accept=ac-combi:0.95+ac-last/model=bayesian",
            "boa/offer=guided:1:0:floor:best:0.1/accept=ac-combi:0.9:avg/model=frequency",
            "boa/offer=random:0.6:0.9/accept=ac-const:0.7+ac-time:0.99/model=none",
            "boa/offer=time:0.2/accept=ac-curve:0.5:0:0.6/model=none",
        ])
    func roundTrip(spec: String) throws {
        let negotiator = try Strategies.negotiator(named: spec)
        #expect(negotiator.strategy == spec)
        #expect(!spec.contains(",") && !spec.contains(" "))
    }

    @Test("omitted parts take their defaults")
    func defaults() throws {
        #expect(try Strategies.negotiator(named: "boa/model=frequency").strategy == "boa/offer=time:0.2/accept=ac-next/model=frequency")
        #expect(try Strategies.negotiator(named: "boa/").strategy == "boa/offer=time:0.2/accept=ac-next/model=none")
    }

    @Test(
        "an invalid spec is a one-line error naming what is wrong",
        arguments: [
            ("boa/offer=time", "offer=time takes 1 to 4 parameters"),
            ("boa/offer=time:x", "'x' in offer=time is not a number"),
            ("boa/offer=time:0", "the exponent e must be > 0"),
            ("boa/offer=sometimes:1", "unknown offering strategy 'sometimes'"),
            ("boa/accept=ac-nxt", "unknown acceptance condition 'ac-nxt'"),
            ("boa/accept=ac-next:1", "accept=ac-next takes 2 parameters"),
            ("boa/model=oracle", "unknown opponent model 'oracle'"),
            ("boa/offer=time:1/offer=time:2", "offer is given twice"),
            ("boa/colour=red", "unknown part 'colour'"),
            ("boa/offer", "'offer' is not key=value"),
            ("boa/accept=ac-combi:0.9:median", "'median' is not max or avg"),
            ("boa/offer=random:0.9:0.5", "LOW 0.9 is above HIGH 0.5"),
        ])
    func invalid(spec: String, message: String) {
        do {
            _ = try Strategies.negotiator(named: spec)
            Issue.record("\(spec) was accepted")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.message.contains(spec))
            #expect(!error.message.contains("\n"))
        }
    }

    func context(_ scenario: Scenario, party: Int = 0, seed: UInt64 = 3) -> NegotiatorContext {
        NegotiatorContext(
            party: party, name: scenario.parties[party].name, profile: scenario.parties[party].profile, space: scenario.space,
            partyCount: scenario.parties.count, rounds: scenario.talks.rounds, seed: seed)
    }

    @Test("random offers stay within their band")
    func randomBand() throws {
        let scenario = ToyScenarios.opposed(talks: Talks(rounds: 50))
        var negotiator = BOANegotiator(offering: RandomBandOffering(low: 0.4, high: 0.8), acceptance: AcceptConstant(2))
        try negotiator.start(context(scenario))
        var seen = Set<Outcome>()
        for round in 1...50 {
            guard case .offer(let outcome) = try negotiator.act(Turn(round: round, time: Double(round - 1) / 49)) else {
                Issue.record("no offer")
                return
            }
            let utility = scenario.parties[0].profile.utility.utility(of: outcome, in: scenario.space)
            #expect(utility >= 0.4 && utility <= 0.8)
            seen.insert(outcome)
        }
        #expect(seen.count > 1)
    }

    @Test("model-guided offers pick, among outcomes near the target, the best for the model")
    func guided() throws {
        let scenario = ToyScenarios.opposed(talks: Talks(rounds: 10))
        // A flat curve at 0.5: candidates are the outcomes A values 0.5 to 0.55.
        let curve = ConcessionCurve(exponent: 1, minimum: 0.5, maximum: 0.5)
        var negotiator = BOANegotiator(offering: ModelGuidedOffering(curve, width: 0.05), acceptance: AcceptConstant(2), model: SmithFrequencyModel())
        try negotiator.start(context(scenario))
        guard case .offer(let first) = try negotiator.act(Turn(round: 1, time: 0)) else { return }
        // Without observations: the least outcome worth the target.
        #expect(first == Outcome([0, 0]) || scenario.parties[0].profile.utility.utility(of: first, in: scenario.space) >= 0.5)
        for round in 1...3 {
            negotiator.observe(TraceEvent(round: round, actor: "B", kind: .offer, outcome: Outcome([1, 1]), audience: ["A", "B"]))
        }
        guard case .offer(let chosen) = try negotiator.act(Turn(round: 4, time: 0.3, offer: Outcome([1, 1]), offeredBy: 1)) else {
            Issue.record("accepted")
            return
        }
        // A values [1, 1] at 0.5: it is in the band and the model's favourite.
        #expect(chosen == Outcome([1, 1]))
    }

    @Test("a BOA session is deterministic for a seed and never accepts below the reservation value")
    func session() throws {
        let scenario = ToyScenarios.opposed(reservation: 0.3, talks: Talks(rounds: 40))
        func run() throws -> Trace {
            try Session(scenario: scenario, seed: 11).run(negotiators: [
                try Strategies.negotiator(named: "boa/offer=guided:0.5/accept=ac-combi:0.9+ac-time:0.99/model=bayesian"),
                TimeBasedNegotiator.conceder,
            ])
        }
        let first = try run()
        #expect(first.events == (try run()).events)
        #expect(first.result.reason == .agreement)
        #expect(first.result.utilities[0] >= 0.3)
    }

    @Test("in multilateral talks every opponent gets its own model")
    func multilateral() throws {
        let issues = [Issue(name: "x", options: ["0", "1", "2", "3"]), Issue(name: "y", options: ["0", "1", "2", "3"])]
        func profile(_ x: [Double], _ y: [Double]) -> Profile {
            Profile(utility: UtilityFunction(weights: [0.5, 0.5], valuations: [.table(x), .table(y)]), reservationValue: 0.2)
        }
        let scenario = Scenario(
            name: "three", issues: issues,
            parties: [
                .init(name: "A", profile: profile([1, 0.6, 0.3, 0], [1, 0.6, 0.3, 0])),
                .init(name: "B", profile: profile([0, 0.3, 0.6, 1], [1, 0.6, 0.3, 0])),
                .init(name: "C", profile: profile([0.5, 1, 0.5, 0], [0, 0.3, 0.6, 1])),
            ], talks: Talks(rounds: 60))
        let boa = try Strategies.negotiator(named: "boa/offer=guided:0.5/accept=ac-next/model=frequency")
        let trace = try Session(scenario: scenario, seed: 2).run(negotiators: [boa, TimeBasedNegotiator.conceder, TimeBasedNegotiator.linear])
        #expect(trace.result.reason == .agreement)
        #expect(trace.events.allSatisfy { $0.kind != .failure })
    }

    @Test("the Swift example of docs/negotiators.md composes the same negotiator as its spec")
    func documentedExample() throws {
        let negotiator = BOANegotiator(
            offering: ModelGuidedOffering(ConcessionCurve(exponent: 0.5, initialConcession: 0.05)),
            acceptance: AcceptAny([AcceptCombination(deadline: 0.95), AcceptLast()]),
            model: BayesianOpponentModel())
        #expect(negotiator.strategy == "boa/offer=guided:0.5:0.05/accept=ac-combi:0.95+ac-last/model=bayesian")
        #expect(try Strategies.negotiator(named: negotiator.strategy).strategy == negotiator.strategy)
    }
}
