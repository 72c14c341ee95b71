import Parley
import ParleySupport

/// Small random scenarios for property tests, from a seed.
public enum RandomScenarios {
    /// A linear-additive scenario with `parties` parties and issues of 1...`maxOptions` options.
    /// Values are drawn from a coarse grid so that ties and near-ties happen often.
    public static func linear(seed: UInt64, issues: Int, parties: Int, maxOptions: Int = 5) -> Scenario {
        var random = SeededGenerator(seed: seed)
        let issueList = (0..<issues).map { position in
            Issue(name: "i\(position)", options: (0..<(1 + random.uniform(below: maxOptions))).map { "o\($0)" })
        }
        let partyList = (0..<parties).map { index in
            let raw = issueList.map { _ in Double(1 + random.uniform(below: 10)) }
            let total = raw.reduce(0, +)
            let function = UtilityFunction(
                weights: raw.map { $0 / total },
                valuations: issueList.map { issue in .table((0..<issue.count).map { _ in Double(random.uniform(below: 5)) / 4 }) })
            return Party(name: "p\(index)", profile: Profile(utility: function, reservationValue: Double(random.uniform(below: 4)) / 10))
        }
        return Scenario(name: "random-\(seed)", issues: issueList, parties: partyList)
    }

    /// Every party's utility of every outcome, by brute force from the model's own definition.
    public static func allUtilities(_ scenario: Scenario) -> [(Outcome, [Double])] {
        let space = scenario.space
        return (0..<(space.count ?? 0)).map { index in
            let outcome = space.outcome(at: index)
            return (outcome, scenario.parties.map { $0.profile.utility.utility(of: outcome, in: space) })
        }
    }
}
