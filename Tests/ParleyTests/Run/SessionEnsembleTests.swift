import Parley
import ParleyTestSupport
import Testing

@Suite("Session ensembles")
struct SessionEnsembleTests {
    @Test("parties with one profile agree in the first round in every session")
    func alwaysAgree() async throws {
        var scenario = RandomScenarios.linear(seed: 3, issues: 3, parties: 2)
        scenario.parties[1].profile = scenario.parties[0].profile
        let setup = try SessionSetup(scenario: scenario, protocol: .alternatingOffers, rounds: 20, negotiatorList: ["boulware"])
        let summary = try await SessionEnsemble(setup: setup, sessions: 50, seed: 9).run(jobs: 2)
        #expect(summary.sessions == 50)
        #expect(summary.agreement.count == 50)
        #expect(summary.agreement.probability == 1)
        #expect(summary.agreement.high == 1 && summary.agreement.low > 0.9)
        #expect(summary.breakdown.probability == 0 && summary.deadlineReached.probability == 0)
        #expect(summary.agreementsByRound.last?.cumulativeProbability == 1)
        // Every session agrees on the first offer: the opener's best outcome, worth the same to both.
        #expect(summary.utilities[0] == summary.utilities[1])
        #expect(summary.utilities[0].minimum == summary.utilities[0].maximum)
        #expect(summary.rounds.maximum == 1)
    }

    @Test("the same seed gives the same summary whatever the number of threads; shares add up to one")
    func deterministic() async throws {
        let scenario = RandomScenarios.linear(seed: 5, issues: 3, parties: 2)
        let setup = try SessionSetup(scenario: scenario, protocol: .alternatingOffers, rounds: 30, negotiatorList: ["random"])
        let one = try await SessionEnsemble(setup: setup, sessions: 300, seed: 4).run(jobs: 1)
        let many = try await SessionEnsemble(setup: setup, sessions: 300, seed: 4).run(jobs: 4)
        #expect(one == many)
        let other = try await SessionEnsemble(setup: setup, sessions: 300, seed: 5).run(jobs: 2)
        #expect(other.seed == 5)
        for summary in [one, other] {
            let shares = [summary.agreement, summary.breakdown, summary.deadlineReached, summary.walkAway, summary.failure]
            #expect(shares.map(\.count).reduce(0, +) == 300)
            #expect(abs(shares.map(\.probability).reduce(0, +) - 1) < 1e-12)
            for share in shares { #expect(0 <= share.low && share.low <= share.probability && share.probability <= share.high && share.high <= 1) }
            #expect((summary.agreementsByRound.last?.cumulativeProbability ?? 0) == summary.agreement.probability)
        }
    }

    @Test("the Wilson interval matches its closed form")
    func wilson() {
        // 0 of 10: [0, z²/(n + z²)] = [0, 0.2775...].
        let none = EnsembleSummary.Share(count: 0, of: 10)
        #expect(none.low == 0 && abs(none.high - 0.277_532_7) < 1e-6)
        // 50 of 100: 0.5 ± 0.0960 (Wilson, z = 1.96).
        let half = EnsembleSummary.Share(count: 50, of: 100)
        #expect(abs(half.low - 0.403_831_4) < 1e-6 && abs(half.high - 0.596_168_6) < 1e-6)
    }

    @Test("an ensemble refuses zero sessions and more than the limit")
    func bounds() async throws {
        let setup = try SessionSetup(scenario: RandomScenarios.linear(seed: 1, issues: 2, parties: 2), negotiatorList: ["linear"])
        await #expect(throws: SessionError.self) { try await SessionEnsemble(setup: setup, sessions: 0, seed: 1).run() }
        await #expect(throws: SessionError.self) {
            try await SessionEnsemble(setup: setup, sessions: SessionEnsemble.sessionLimit + 1, seed: 1).run()
        }
    }
}
