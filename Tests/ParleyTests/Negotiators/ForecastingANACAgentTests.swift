import Parley
import ParleySupport
import ParleyTestSupport
import Testing

/// Gahboninho, IAMhaggler2011, TheNegotiator Reloaded and OMAC against their published rules on
/// the toy scenario, where A values price low = 1, mid = 0.5, high = 0 (weight 0.6) and speed
/// slow = 0, normal = 0.5, fast = 1 (weight 0.4): [0, 2] is worth 1, [0, 1] 0.8, [1, 1] 0.5,
/// [2, 1] 0.2 and [2, 0] 0 to A.
@Suite("ANAC agents: Gahboninho, IAMhaggler2011, TheNegotiator Reloaded, OMAC")
struct ForecastingANACAgentTests {
    func context(rounds: Int) -> NegotiatorContext {
        let scenario = ToyScenarios.opposed(talks: Talks(rounds: rounds))
        return NegotiatorContext(
            party: 0, name: "A", profile: scenario.parties[0].profile, space: scenario.space, partyCount: 2, rounds: rounds, seed: 1)
    }

    func offer(_ options: [Int], round: Int) -> TraceEvent {
        TraceEvent(round: round, actor: "B", kind: .offer, outcome: Outcome(options), audience: ["A", "B"])
    }

    // MARK: Gahboninho

    @Test("Gahboninho's niceness is the share (best − first)/(max − first) of the room its opponent gave up")
    func gahboninhoNiceness() {
        #expect(abs(Gahboninho.niceness(first: 0.2, best: 0.6, maximum: 1) - 0.5) < 1e-12)
        #expect(Gahboninho.niceness(first: 0.4, best: 0.4, maximum: 1) == 0)
        #expect(Gahboninho.niceness(first: 1, best: 1, maximum: 1) == 1)
    }

    @Test("Gahboninho falls to 0.925 in the pressure phase, then toward a floor that rises with the opponent's niceness")
    func gahboninhoTarget() throws {
        var tough = Gahboninho()
        try tough.start(context(rounds: 11))
        #expect(tough.target(at: 0) == 1)
        #expect(abs(tough.target(at: 0.075) - 0.9625) < 1e-12)
        #expect(abs(tough.target(at: 0.15) - 0.925) < 1e-12)
        for round in 1...4 { tough.observe(offer([2, 0], round: round)) }
        // Niceness 0: the floor is half its best utility.
        #expect(abs(tough.target(at: 1) - 0.5) < 1e-12)
        var nice = Gahboninho()
        try nice.start(context(rounds: 11))
        nice.observe(offer([2, 0], round: 1))
        nice.observe(offer([0, 1], round: 2))
        // Niceness 0.8: floor 1 − 0.5 · 0.2 = 0.9, above the best offer received (0.8).
        #expect(abs(nice.opponentNiceness - 0.8) < 1e-12)
        #expect(abs(nice.target(at: 1) - 0.9) < 1e-12)
        #expect(nice.target(at: 0.575) > 0.9249)
        #expect(try nice.act(Turn(round: 5, time: 0.4)) == .offer(Outcome([0, 2])))
        // In the last round it hands back the best offer it received.
        #expect(try nice.act(Turn(round: 11, time: 1)) == .offer(Outcome([0, 1])))
    }

    // MARK: IAMhaggler2011

    @Test("IAMhaggler2011's P(offer ≥ u) is 1 − Φ((u − μ)/σ), and its aim maximises u · P")
    func iamHagglerAim() {
        #expect(abs(IAMhaggler2011.probability(atLeast: 0.5, mean: 0.5, deviation: 0.1) - 0.5) < 1e-12)
        #expect(abs(IAMhaggler2011.probability(atLeast: 0.6, mean: 0.5, deviation: 0.1) - 0.158_655_253_931_457) < 1e-9)
        // A near-certain prediction of 0.62: 0.6 is reached for sure (0.6), 0.7 almost never.
        let certain = IAMhaggler2011.aim(times: [0.5], predictions: [(0.62, 1e-6)], grid: [0.5, 0.6, 0.7])
        #expect(certain.time == 0.5 && certain.utility == 0.6)
        // The same grid at two times: the later, higher prediction wins.
        let two = IAMhaggler2011.aim(times: [0.5, 1], predictions: [(0.55, 1e-6), (0.75, 1e-6)], grid: [0.5, 0.6, 0.7])
        #expect(two.time == 1 && two.utility == 0.7)
    }

    @Test("IAMhaggler2011 moves its target in a straight line from where it planned to its aim")
    func iamHagglerInterpolation() {
        let plan = (fromTime: 0.2, fromUtility: 1.0, toTime: 0.8, toUtility: 0.7)
        #expect(abs(IAMhaggler2011.interpolate(plan, at: 0.5) - 0.85) < 1e-12)
        #expect(IAMhaggler2011.interpolate(plan, at: 0.9) == 0.7)
        #expect(IAMhaggler2011.interpolate(plan, at: 0.1) == 1)
    }

    @Test("The Gaussian process follows a line through its points and is surer near them")
    func gaussianProcess() {
        var process = GaussianProcessRegression()
        #expect(process.predict(at: 0.5).mean == 0)
        let times = [0.1, 0.2, 0.3, 0.4, 0.5]
        process.fit(inputs: times, values: times.map { 0.2 + 0.5 * $0 })
        let middle = process.predict(at: 0.3)
        #expect(abs(middle.mean - 0.35) < 0.01)
        let far = process.predict(at: 1)
        #expect(middle.deviation < 0.06)
        #expect(far.deviation > 2 * middle.deviation)
        #expect(far.deviation <= 0.2 + 1e-12)
    }

    @Test("IAMhaggler2011 holds its best until two slots have offers, then plans; never below the best offer received")
    func iamHagglerPlans() throws {
        var agent = IAMhaggler2011()
        try agent.start(context(rounds: 101))
        agent.observe(offer([1, 1], round: 1))
        _ = try agent.act(Turn(round: 2, time: 0.01))
        #expect(agent.plan.toTime == 1 && agent.plan.toUtility == 1)
        for round in 2...30 { agent.observe(offer([1, 1], round: round)) }
        _ = try agent.act(Turn(round: 31, time: 0.3))
        #expect(agent.plan.fromTime == 0.3 && agent.plan.fromUtility == 1)
        #expect(agent.plan.toTime > 0.3 && agent.plan.toUtility < 1)
        #expect(agent.target(at: 0.3) == 1)
        #expect(agent.target(at: 1) >= 0.5 - 1e-12)
    }

    @Test("IAMhaggler2011 accepts an offer worth its maximum aspiration, not one below it and its own offers")
    func iamHagglerAcceptance() throws {
        var agent = IAMhaggler2011()
        try agent.start(context(rounds: 101))
        #expect(try agent.act(Turn(round: 1, time: 0, offer: Outcome([0, 1]), offeredBy: 1)) == .offer(Outcome([0, 2])))
        var eager = IAMhaggler2011()
        eager.maximumAspiration = 0.8
        try eager.start(context(rounds: 101))
        #expect(try eager.act(Turn(round: 1, time: 0, offer: Outcome([0, 1]), offeredBy: 1)) == .accept)
    }

    // MARK: TheNegotiator Reloaded

    @Test("TheNegotiator Reloaded calls an opponent hardheaded when its last offers concede less than 5 % of the room")
    func negotiatorReloadedClassification() {
        let flat = [Double](repeating: 0.2, count: 20)
        #expect(TheNegotiatorReloaded.isHardheaded(flat, window: 10, threshold: 0.05))
        let conceding = [Double](repeating: 0.2, count: 10) + [Double](repeating: 0.6, count: 10)
        #expect(!TheNegotiatorReloaded.isHardheaded(conceding, window: 10, threshold: 0.05))
        #expect(TheNegotiatorReloaded.isHardheaded([0.2, 0.9], window: 10, threshold: 0.05))
    }

    @Test("TheNegotiator Reloaded concedes along e = 0.2 against a hardheaded opponent and e = 0.05 against a conceder")
    func negotiatorReloadedExponent() throws {
        var agent = TheNegotiatorReloaded()
        try agent.start(context(rounds: 201))
        #expect(agent.facingHardheaded)
        #expect(abs(agent.target(at: 0.5) - (1 - 0.03125)) < 1e-12)
        for round in 1...10 { agent.observe(offer([2, 0], round: round)) }
        for round in 11...20 { agent.observe(offer([0, 1], round: round)) }
        _ = try agent.act(Turn(round: 21, time: 0.1))
        #expect(!agent.facingHardheaded)
        #expect(agent.exponent == 0.05)
        #expect(agent.minimum >= 0 && agent.minimum <= 1)
    }

    @Test("TheNegotiator Reloaded accepts by AC_combi: after T = 0.99 an offer worth the best of the window")
    func negotiatorReloadedAcceptance() throws {
        var late = TheNegotiatorReloaded()
        try late.start(context(rounds: 201))
        late.observe(offer([1, 1], round: 199))
        late.observe(offer([1, 1], round: 200))
        #expect(try late.act(Turn(round: 200, time: 0.995, offer: Outcome([1, 1]), offeredBy: 1)) == .accept)
        var early = TheNegotiatorReloaded()
        try early.start(context(rounds: 201))
        early.observe(offer([1, 1], round: 90))
        early.observe(offer([1, 1], round: 100))
        #expect(try early.act(Turn(round: 101, time: 0.5, offer: Outcome([1, 1]), offeredBy: 1)) != .accept)
    }

    // MARK: OMAC

    @Test("OMAC's Haar approximation replaces each pair by its mean; its fit continues along a straight line")
    func omacPredictor() {
        #expect(ConcessionTrendPredictor.haarSmoothed([1, 3, 5, 7, 9]) == [2, 2, 6, 6, 9])
        var constant = ConcessionTrendPredictor()
        let tooFew = constant.fit(times: [0.1, 0.2, 0.3], values: [0.4, 0.4, 0.4])
        #expect(!tooFew)
        let enough = constant.fit(times: [0.1, 0.2, 0.3, 0.4], values: [0.4, 0.4, 0.4, 0.4])
        #expect(enough)
        #expect(abs(constant.predict(at: 0.9) - 0.4) < 1e-6)
        var rising = ConcessionTrendPredictor()
        let times = (1...8).map { Double($0) * 0.05 }
        rising.fit(times: times, values: times.map { 0.1 + 0.3 * $0 })
        let (a, b, c) = (rising.predict(at: 0.5), rising.predict(at: 0.6), rising.predict(at: 0.7))
        #expect(b > a)
        #expect(abs((c - b) - (b - a)) < 1e-9)
    }

    @Test("OMAC concedes in a straight line to its aim, and to ρ at the deadline when the forecast is below ρ")
    func omacConcession() throws {
        let plan = (fromTime: 0.2, fromUtility: 0.9, toTime: 0.6, toUtility: 0.7)
        #expect(abs(OMAC.concession(plan, at: 0.4) - 0.8) < 1e-12)
        #expect(OMAC.concession(plan, at: 0.7) == 0.7)
        var agent = OMAC()
        try agent.start(context(rounds: 101))
        for round in 1...20 { agent.observe(offer([2, 1], round: round)) }
        _ = try agent.act(Turn(round: 21, time: 0.2))
        #expect(abs(agent.predictor.predict(at: 0.9) - 0.2) < 1e-6)
        #expect(agent.plan.toTime == 1 && agent.plan.toUtility == 0.65)
        #expect(abs(agent.target(at: 0.6) - 0.825) < 1e-12)
        #expect(abs(agent.target(at: 1) - 0.65) < 1e-12)
    }
}
