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
}

extension Double {
    fileprivate var pow20: Double { (0..<20).reduce(1.0) { product, _ in product * self } }
}
