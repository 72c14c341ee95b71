import Parley
import ParleyForecast
import ParleySupport
import Testing

@Suite("Expected-utility readings")
struct ReadingTests {
    /// Per-round weighted median and mean of Bueno de Mesquita's EC car-emissions example, rounds
    /// 0 (the table) to 20, printed by the public replication of Scholz, Calbert & Smith's code,
    /// jmckib/bdm-scholz-expected-utility-model at commit
    /// 55f63e9f2b9528119491d292efab8cfe7f91f78f (`bdm_scholz_model.py` on `ExampleActors.csv`,
    /// run under Python 3 with only its print statements changed, `median_position()` and
    /// `mean_position()` after each round of `update_risk_aversions(); update_positions()`).
    /// Independent figures, not Parley's own output.
    static let replication: [(median: Double, mean: Double)] = [
        (7.0, 7.389955686853767),
        (8.415932315426764, 7.461314378277189),
        (9.610859134120188, 7.552500865855845),
        (9.961979590401311, 7.590144997451547),
        (9.961979590401311, 7.358130531334201),
        (9.961979590401311, 7.3491739896752115),
        (7.47204636191629, 7.414877545372958),
        (8.824593855262423, 7.510457183677219),
        (9.671129769802048, 7.5724470975503),
        (9.671129769802048, 7.324989065683666),
        (7.0, 7.242130958473938),
        (7.0, 7.256187194123026),
        (7.0, 7.283866289146047),
        (7.0, 7.33343650515061),
        (7.185325899403228, 7.407687106792156),
        (8.531580481390925, 7.4919485381062705),
        (9.504544493920703, 7.559812125702752),
        (9.935890731351432, 7.596009590600257),
        (9.935890731351432, 7.367476168611999),
        (7.0, 7.325108963507986),
        (7.0, 7.396147159213773),
    ]

    @Test("scholz-code reproduces the replication's per-round medians and means on the EC example to 1e-9")
    func scholzCodeMatchesReplication() throws {
        let issue = try ForecastFixtures.emissionsIssue()
        let trace = ExpectedUtilityModel(options: .init(reading: .scholzCode)).run(issue, rounds: 20)
        try #require(trace.rounds.count == Self.replication.count)
        for (round, (state, expected)) in zip(trace.rounds, Self.replication).enumerated() {
            #expect(abs(state.median - expected.median) < 1e-9, "round \(round): median \(state.median), replication \(expected.median)")
            #expect(abs(state.mean - expected.mean) < 1e-9, "round \(round): mean \(state.mean), replication \(expected.mean)")
        }
    }

    @Test("scholz-code runs every round and forecasts the mean of the round medians 1…k")
    func scholzCodeForecast() throws {
        let issue = try ForecastFixtures.emissionsIssue()
        let model = ExpectedUtilityModel(options: .init(reading: .scholzCode))
        let trace = model.run(issue, rounds: 20)
        #expect(trace.forecasts[0] == 7)
        for k in 1...20 {
            let medians = Self.replication[1...k].map(\.median)
            #expect(abs(trace.forecasts[k] - medians.reduce(0, +) / Double(k)) < 1e-9)
        }
        #expect(model.forecasts(issue, rounds: 8).count == 9)
        #expect(model.forecasts(issue, rounds: 8) == Array(model.run(issue, rounds: 8).forecasts))
    }

    @Test("the default reading is scholz-code, and its EC forecast lies within 0.6 of the outcome, 8.833")
    func defaultForecastBand() throws {
        let issue = try ForecastFixtures.emissionsIssue()
        #expect(ExpectedUtilityModel.Options().reading == .scholzCode)
        let forecast = ExpectedUtilityModel().run(issue, rounds: 20).forecast
        #expect(abs(forecast - 8.833) <= 0.6, "forecast \(forecast)")
    }

    @Test("paper and swapped: two actors land where eq. 35, as printed or swapped, puts them")
    func octants() {
        var generator = SeededGenerator(seed: 5)
        var compromises = 0
        for _ in 0..<200 {
            let actors = (0..<2).map { index in
                Stakeholder(
                    name: "a\(index)", capability: 0.1 + generator.unit(), position: generator.unit() * 100, salience: 0.05 + 0.95 * generator.unit())
            }
            let issue = ForecastIssue(name: "pair", scale: 0...100, stakeholders: actors)
            for reading in [ExpectedUtilityModel.Reading.paper, .swapped] {
                let model = ExpectedUtilityModel(options: .init(reading: reading, stopping: .allRounds))
                let detail = model.firstRoundDetail(issue)
                let moved = model.run(issue, rounds: 1).rounds[1].positions
                for j in 0..<2 {
                    let i = 1 - j
                    let (challenge, response) = (detail.expectedUtility[i][j], detail.expectedUtility[j][i])
                    let (here, there) = (actors[j].position, actors[i].position)
                    var landing = here
                    if challenge > 0 && response > 0 {
                        if challenge > response { landing = there }
                    } else if challenge > 0 {
                        let paperCompromise = challenge > -response
                        if reading == .paper {
                            landing = paperCompromise ? here + (-response / challenge) * (there - here) : there
                        } else {
                            landing = paperCompromise ? there : here + (challenge / -response) * (there - here)
                        }
                        if paperCompromise == (reading == .paper) { compromises += 1 }
                    }
                    #expect(abs(moved[j] - landing) < 1e-9, "\(reading): actor \(j) moved to \(moved[j]), eq. 35 gives \(landing)")
                }
            }
        }
        #expect(compromises > 0)
    }
}
