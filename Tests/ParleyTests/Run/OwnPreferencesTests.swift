import Parley
import ParleyTestSupport
import Testing

@Suite("A negotiator's own preferences")
struct OwnPreferencesTests {
    func context(_ scenario: Scenario, party: Int = 0) -> NegotiatorContext {
        NegotiatorContext(
            party: party, name: scenario.parties[party].name, profile: scenario.parties[party].profile, space: scenario.space,
            partyCount: scenario.parties.count, rounds: 10, seed: 3)
    }

    @Test("ranked: the least valuable outcome worth the target, and the true best", arguments: 0..<20)
    func ranked(seed: Int) throws {
        let scenario = RandomScenarios.linear(seed: UInt64(seed), issues: 3, parties: 2)
        let own = try OwnPreferences(context(scenario))
        let all = RandomScenarios.allUtilities(scenario).map { $0.1[0] }
        #expect(own.isRanked)
        #expect(own.bestUtility == all.max())
        for target in [0.0, 0.3, 0.6, 0.9] where target <= own.bestUtility {
            let chosen = own.utility(of: own.outcome(atLeast: target))
            #expect(chosen >= target)
            #expect(chosen == all.filter { $0 >= target }.min())
        }
    }

    @Test("a rank looked up near a hint is the rank looked up from scratch", arguments: 0..<10)
    func rankNearHint(seed: Int) throws {
        let scenario = RandomScenarios.linear(seed: 900 + UInt64(seed), issues: 3, parties: 2, maxOptions: 3)
        let own = try OwnPreferences(context(scenario))
        let count = RandomScenarios.allUtilities(scenario).count
        // Targets on, between and beyond the ranked utilities (ties included), every hint.
        let utilities = (0..<count).map { own.utility(of: own.outcome(atRank: $0)) }
        let targets = utilities + utilities.map { $0 + 1e-9 } + [-1, 0, 2]
        for target in targets {
            let expected = own.rank(atLeast: target)
            for hint in -1...count { #expect(own.rank(atLeast: target, near: hint) == expected) }
        }
    }

    @Test("too large to rank: search finds the best of a linear space and keeps every target", arguments: 0..<20)
    func searched(seed: Int) throws {
        let scenario = RandomScenarios.linear(seed: 500 + UInt64(seed), issues: 4, parties: 2)
        let own = try OwnPreferences(context(scenario), rankingLimit: 0)
        let all = RandomScenarios.allUtilities(scenario).map { $0.1[0] }
        #expect(!own.isRanked)
        #expect(abs(own.bestUtility - all.max()!) < 1e-12)
        for target in [0.2, 0.5, 0.8] where target <= own.bestUtility {
            #expect(own.utility(of: own.outcome(atLeast: target)) >= target)
        }
        #expect(throws: NegotiatorError.self) { try own.requireRanking("random") }
    }
}
