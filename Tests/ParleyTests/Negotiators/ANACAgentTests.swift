import Parley
import ParleySupport
import ParleyTestSupport
import Testing

/// Properties of the ANAC agents from their published descriptions, on small scenarios; the
/// GENIUS-domain checks are in `ParleyFormatsTests/ANACAgentsOnGeniusTests.swift`.
@Suite("ANAC agents")
struct ANACAgentTests {
    @Test("AgentK accepts with probability t^α/5 + (u − emax) + (u − target), 0 below 0.1, at most 1")
    func agentKAcceptance() {
        let p = AgentK.acceptanceProbability(utility: 0.9, time: 1, alpha: 3, estimatedMaximum: 0.7, target: 0.8)
        #expect(abs(p - 0.5) < 1e-12)
        // 0.25 / 5 + 0.05 − 0.05 = 0.05, below 0.1: never.
        #expect(AgentK.acceptanceProbability(utility: 0.75, time: 0.5, alpha: 2, estimatedMaximum: 0.7, target: 0.8) == 0)
        #expect(AgentK.acceptanceProbability(utility: 0.5, time: 0, alpha: 3, estimatedMaximum: 0.7, target: 0.8) == 0)
        #expect(AgentK.acceptanceProbability(utility: 1, time: 1, alpha: 3, estimatedMaximum: 0.5, target: 0.5) == 1)
    }

    @Test("AgentK's estimated maximum is μ + (1 − μ)·√(12σ²), α = 1 + τ + 10μ − 2τμ, and its target falls to it")
    func agentKTargets() {
        let (mean, variance) = (0.4, 0.01)
        let early = AgentK.targets(mean: mean, variance: variance, time: 0, tremor: 2, tremble: 0.5)
        let width = (0.12).squareRoot()
        #expect(abs(early.estimatedMaximum - (0.4 + 0.6 * width)) < 1e-12)
        #expect(abs(early.alpha - (1 + 2 + 4 - 1.6)) < 1e-12)
        #expect(early.target <= 1 && early.target > early.estimatedMaximum)
        var previous = early.target
        for step in 1...10 {
            let now = AgentK.targets(mean: mean, variance: variance, time: Double(step) / 10, tremor: 2, tremble: 0.5)
            #expect(now.target <= previous + 1e-12)
            #expect(now.target >= now.estimatedMaximum - 1e-12)
            previous = now.target
        }
        #expect(abs(previous - early.estimatedMaximum) < 0.05)
    }

    @Test("HardHeaded concedes along e = 0.05, k = 0.05 to max(0.585, reservation value)")
    func hardHeadedSchedule() throws {
        let scenario = ToyScenarios.opposed(reservation: 0.2, talks: Talks(rounds: 100))
        var agent = HardHeaded()
        try agent.start(
            NegotiatorContext(
                party: 0, name: "A", profile: scenario.parties[0].profile, space: scenario.space, partyCount: 2, rounds: 100, seed: 1))
        #expect(abs(agent.target(at: 0) - (0.585 + 0.415 * 0.95)) < 1e-12)
        #expect(abs(agent.target(at: 0.9) - (0.585 + 0.415 * (0.95 - 0.95 * 0.9.pow20))) < 1e-12)
        #expect(abs(agent.target(at: 1) - 0.585) < 1e-12)
        for t in stride(from: 0.0, through: 0.8, by: 0.1) { #expect(agent.target(at: t) > 0.96) }
    }

    @Test("HardHeaded offers its best outcome until an opponent has offered")
    func hardHeadedOpening() throws {
        let scenario = ToyScenarios.opposed(talks: Talks(rounds: 10))
        var agent = HardHeaded()
        try agent.start(
            NegotiatorContext(party: 0, name: "A", profile: scenario.parties[0].profile, space: scenario.space, partyCount: 2, rounds: 10, seed: 1))
        #expect(try agent.act(Turn(round: 1, time: 0)) == .offer(Outcome([0, 2])))
    }

    func context(rounds: Int) -> NegotiatorContext {
        let scenario = ToyScenarios.opposed(talks: Talks(rounds: rounds))
        return
            NegotiatorContext(
                party: 0, name: "A", profile: scenario.parties[0].profile, space: scenario.space, partyCount: 2, rounds: rounds, seed: 1)
    }

    func offer(_ options: [Int], round: Int) -> TraceEvent {
        TraceEvent(round: round, actor: "B", kind: .offer, outcome: Outcome(options), audience: ["A", "B"])
    }

    @Test("CUHKAgent's concession degree is the squared share of new offers; λ = 0.08 + 0.1 · 0.92 · c^10")
    func cuhkAgentFormulas() {
        #expect(CUHKAgent.concessionDegree(newOffers: 5, of: 10) == 0.25)
        #expect(CUHKAgent.concessionDegree(newOffers: 10, of: 10) == 1)
        #expect(abs(CUHKAgent.holdPoint(concessionDegree: 1, minimum: 0.08, weight: 0.1, exponent: 10) - 0.172) < 1e-12)
        #expect(CUHKAgent.holdPoint(concessionDegree: 0, minimum: 0.08, weight: 0.1, exponent: 10) == 0.08)
    }

    @Test("CUHKAgent holds its best utility, then concedes toward the best offer received and offers it back")
    func cuhkAgentConcedesToBestReceived() throws {
        var agent = CUHKAgent()
        try agent.start(context(rounds: 11))
        // B's best offer for A: [0, 1], worth 0.6 + 0.2 = 0.8; B repeats itself (c = 0.01, λ = 0.08).
        for round in 1...4 { agent.observe(offer(round == 2 ? [0, 1] : [2, 0], round: round)) }
        #expect(agent.target(at: 0.05) == 1)
        #expect(abs(agent.target(at: 0.54) - (1 - 0.2 * 0.25)) < 1e-9)
        #expect(abs(agent.target(at: 1) - 0.8) < 1e-12)
        #expect(try agent.act(Turn(round: 1, time: 0)) == .offer(Outcome([0, 2])))
        #expect(try agent.act(Turn(round: 11, time: 1)) == .offer(Outcome([0, 1])))
        // It accepts what it would offer, and nothing worse mid-session.
        #expect(try agent.act(Turn(round: 11, time: 1, offer: Outcome([0, 1]), offeredBy: 1)) == .accept)
        #expect(try agent.act(Turn(round: 6, time: 0.5, offer: Outcome([1, 1]), offeredBy: 1)) != .accept)
    }

    @Test("Atlas3's lower limit is μ + (1 − μ)·√3σ of the offers received, and its threshold falls to it along t^10")
    func atlas3Threshold() throws {
        #expect(abs(Atlas3.estimatedMaximum(mean: 0.5, deviation: 0.1) - (0.5 + 0.5 * 0.03.squareRoot())) < 1e-12)
        var agent = Atlas3()
        try agent.start(context(rounds: 101))
        #expect(agent.lowerLimit == 1)
        // B always offers [1, 1], worth 0.3 + 0.2 = 0.5 to A: σ = 0, so L = 0.5.
        for round in 1...5 { agent.observe(offer([1, 1], round: round)) }
        #expect(abs(agent.lowerLimit - 0.5) < 1e-12)
        #expect(abs(agent.target(at: 0.92) - (0.5 + 0.5 * (1 - 0.92.pow10))) < 1e-12)
        #expect(abs(agent.target(at: 1) - 0.5) < 1e-12)
        // Relative-utility search from B's offer: one change (price) reaches 0.8 ≥ τ(0.92) ≈ 0.78.
        #expect(try agent.act(Turn(round: 93, time: 0.92)) == .offer(Outcome([0, 1])))
    }

    @Test("Atlas3 offers the outcomes its opponent supported, best first and each once, in the final phase")
    func atlas3FinalPhase() throws {
        var agent = Atlas3()
        try agent.start(context(rounds: 10))
        agent.observe(offer([2, 1], round: 1))  // worth 0.2 to A
        agent.observe(offer([1, 1], round: 2))  // worth 0.5
        #expect(try agent.act(Turn(round: 3, time: 2.0 / 9)) == .offer(Outcome([0, 2])))
        #expect(try agent.act(Turn(round: 7, time: 6.0 / 9)) == .offer(Outcome([1, 1])))
        #expect(try agent.act(Turn(round: 8, time: 7.0 / 9)) == .offer(Outcome([2, 1])))
        // In the final phase an offer worth what it would offer is accepted.
        var fresh = Atlas3()
        try fresh.start(context(rounds: 10))
        fresh.observe(offer([1, 1], round: 2))
        #expect(try fresh.act(Turn(round: 8, time: 7.0 / 9, offer: Outcome([1, 1]), offeredBy: 1)) == .accept)
    }
}

extension Double {
    fileprivate var pow10: Double { (0..<10).reduce(1.0) { product, _ in product * self } }
    fileprivate var pow20: Double { (0..<20).reduce(1.0) { product, _ in product * self } }
}
