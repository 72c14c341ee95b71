import Foundation
import ParleyTournament
import Testing

/// The ANAC-style breakdown: per agent, per opponent and per domain, with standard errors and
/// Student-t intervals computed by hand here.
@Suite("Tournament breakdown")
struct TournamentBreakdownTests {
    func row(_ scenario: String, _ strategies: [String], _ utilities: [Double], agreed: Bool = true, rounds: Int = 10) -> TournamentStore.Row {
        TournamentStore.Row(
            cell: 0, scenario: scenario, strategies: strategies, repetition: 0, seed: 1, reason: agreed ? "agreement" : "deadline", rounds: rounds,
            utilities: utilities, reservations: utilities.map { _ in 0 }, distanceToFrontier: agreed ? 0.1 : nil,
            distanceToNash: agreed ? 0.2 : nil, welfare: utilities.reduce(0, +), seconds: 0)
    }

    @Test("the mean, standard error s/√n and the 95 % interval mean ± t(0.975, n − 1)·s/√n")
    func statistics() throws {
        let statistics = SampleStatistics([0.2, 0.4, 0.6])
        #expect(statistics.count == 3)
        #expect(abs(try #require(statistics.mean) - 0.4) < 1e-12)
        // s = 0.2, s/√3.
        let error = try #require(statistics.standardError)
        #expect(abs(error - 0.2 / 3.0.squareRoot()) < 1e-12)
        let interval = try #require(statistics.interval)
        #expect(abs(interval.upperBound - (0.4 + 4.303 * error)) < 1e-12)
        #expect(SampleStatistics([0.5]).interval == nil)
        #expect(SampleStatistics([]).mean == nil)
        #expect(abs(SampleStatistics.studentQuantile(degreesOfFreedom: 60) - 2.000) < 0.003)
    }

    @Test("each agent gets a line over everything, per opponent, and per opponent and domain, in each role it played")
    func lines() throws {
        let rows = [
            row("A", ["x", "y"], [0.8, 0.3]),
            row("A", ["y", "x"], [0.5, 0.6]),
            row("B", ["x", "y"], [0, 0], agreed: false, rounds: 20),
        ]
        let breakdown = TournamentBreakdown(rows: rows)
        #expect(breakdown.agents == ["x", "y"])
        #expect(breakdown.opponents == ["x", "y"])
        let x = try #require(breakdown.line(agent: "x", opponent: "y"))
        #expect(x.utility.count == 3)
        let expected: Double = (0.8 + 0.6) / 3
        #expect(abs(try #require(x.utility.mean) - expected) < 1e-12)
        #expect(abs(try #require(x.agreement.mean) - 2.0 / 3) < 1e-12)
        #expect(x.paretoDistance.count == 2)
        #expect(abs(try #require(x.rounds.mean) - 40.0 / 3) < 1e-12)
        let onA = try #require(breakdown.lines.first { $0.agent == "x" && $0.opponent == "y" && $0.domain == "A" })
        #expect(abs(try #require(onA.welfare.mean) - 1.1) < 1e-12)
        #expect(
            breakdown.lines.map { "\($0.agent) \($0.opponent) \($0.domain)" } == [
                "x all all", "x y all", "x y A", "x y B", "y all all", "y x all", "y x A", "y x B",
            ])
    }

    @Test("the CSV has one header and one line per breakdown line, with empty fields where undefined")
    func csv() throws {
        let breakdown = TournamentBreakdown(rows: [row("A", ["x", "y"], [0.8, 0.3])])
        let lines = breakdown.csv.split(separator: "\r\n", omittingEmptySubsequences: true)
        #expect(lines.count == 1 + breakdown.lines.count)
        #expect(lines[0].hasPrefix("agent,opponent,domain,utility_n,utility_mean,utility_se,utility_low,utility_high,welfare_n"))
        #expect(lines[1].hasPrefix("x,all,all,1,0.8,,,,1,1.1"))
    }
}
