import Parley
import ParleySupport

/// Random utility clouds and non-linear scenarios for property tests of the analysis.
public enum RandomSpaces {
    /// `count` utility vectors of `parties` values (flat, party after party) on a coarse grid,
    /// with exact duplicates and near-ties inside and just outside the dominance tolerance, so
    /// that the tie rules are exercised.
    public static func cloud(seed: UInt64, count: Int, parties: Int, grid: Int = 6) -> [Double] {
        var random = SeededGenerator(seed: seed)
        var values = [Double]()
        values.reserveCapacity(count * parties)
        for point in 0..<count {
            if point > 0, random.uniform(below: 5) == 0 {
                // A copy of an earlier point, exact or nudged by less or more than the tolerance.
                let source = random.uniform(below: point)
                let nudges = [0, 3e-13, -4e-13, 9e-13, 5e-12, -2e-12]
                for party in 0..<parties {
                    let nudge = random.uniform(below: 3) == 0 ? nudges[random.uniform(below: nudges.count)] : 0
                    values.append(values[source * parties + party] + nudge)
                }
            } else {
                for _ in 0..<parties { values.append(Double(random.uniform(below: grid + 1)) / Double(grid)) }
            }
        }
        return values
    }

    /// A scenario whose parties add hyper-rectangle terms to a linear-additive part.
    public static func withConstraints(seed: UInt64, issues: Int, parties: Int, maxOptions: Int = 5) -> Scenario {
        var base = RandomScenarios.linear(seed: seed, issues: issues, parties: parties, maxOptions: maxOptions)
        var random = SeededGenerator(seed: seed ^ 0x5eed)
        let radices = base.space.radices
        for index in base.parties.indices {
            var function = base.parties[index].profile.utility
            function.constraints = (0..<(1 + random.uniform(below: 4))).map { _ in
                let bounded = (0..<radices.count).filter { _ in random.uniform(below: 2) == 0 }
                let bounds = bounded.map { issue -> HyperRectangle.Bound in
                    let low = random.uniform(below: radices[issue])
                    let high = low + random.uniform(below: radices[issue] - low)
                    return .init(issue: issue, options: low...high)
                }
                return HyperRectangle(
                    utility: Double(random.uniform(below: 9)) / 4 - 1, bounds: bounds, isExclusive: random.uniform(below: 4) == 0)
            }
            function.constraintScale = 4
            base.parties[index].profile.utility = function
        }
        return base
    }
}
