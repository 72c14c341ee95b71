import Foundation
import ParleyTestSupport
import Testing

/// The other verbs, run as a user runs them.
@Suite("parley forecast, tournament, bench")
struct MoreCommandTests {
    func temporary(_ suffix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("parley-\(UUID().uuidString)\(suffix)").path
    }

    @Test("forecast with no table forecasts the Geneva dispute")
    func forecastGeneva() throws {
        let run = try CommandLineTests.run(["forecast", "--draws", "50"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("enrichment"))
        #expect(run.output.contains("Iran"))
        #expect(run.output.components(separatedBy: "Forecast:").count == 3)
    }

    @Test("a bad stakeholder table exits 2 with one line naming the row and column")
    func forecastBadTable() throws {
        let path = temporary(".csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "# issue: x\n# scale: 0..100\nactor,capability,position,salience\nA,1,50,0.5\nB,1,150,0.5\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let run = try CommandLineTests.run(["forecast", path])
        #expect(run.status == 2)
        #expect(run.error.contains(path))
        #expect(run.error.contains("position"), "\(run.error)")
        #expect(run.error.split(separator: "\n").count == 1)
    }

    @Test("forecast --reading scholz-code --rounds 8 --json reports every round with its median and mean")
    func forecastReadingJSON() throws {
        let path = temporary(".csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Fixtures.emissionsTable.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try CommandLineTests.run(["forecast", path, "--model", "eu", "--reading", "scholz-code", "--rounds", "8", "--json"])
        #expect(run.status == 0, "\(run.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let issue = try #require((object["issues"] as? [[String: Any]])?.first)
        let rounds = try #require(issue["rounds"] as? [[String: Any]])
        #expect(rounds.map { $0["round"] as? Int } == Array(0...8))
        // The replication's medians (jmckib/bdm-scholz-expected-utility-model, commit 55f63e9f).
        let medians = [
            7.0, 8.415932315426764, 9.610859134120188, 9.961979590401311, 9.961979590401311, 9.961979590401311,
            7.47204636191629, 8.824593855262423, 9.671129769802048,
        ]
        for (round, median) in zip(rounds, medians) { #expect(abs((round["median"] as? Double ?? .nan) - median) < 1e-9) }
        #expect(rounds.allSatisfy { $0["mean"] is Double })
        let forecast = try #require(issue["forecast"] as? Double)
        #expect(abs(forecast - medians.dropFirst().reduce(0, +) / 8) < 1e-9)
    }

    @Test("an unknown --reading exits 2 with one line naming the readings")
    func forecastUnknownReading() throws {
        let run = try CommandLineTests.run(["forecast", "--reading", "folklore"])
        #expect(run.status == 2)
        #expect(run.error.contains("folklore") && run.error.contains("scholz-code"), "\(run.error)")
        #expect(run.error.split(separator: "\n").count == 1)
    }

    @Test("a tournament plays, stores, and on a second run plays nothing twice")
    func tournament() throws {
        let database = temporary(".sqlite")
        let arguments = [
            "tournament", "run", Fixtures.genius("y2012-RentalHouseA").path, "--negotiators", "boulware,conceder", "--rounds", "40",
            "--database", database,
        ]
        let first = try CommandLineTests.run(arguments)
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output.contains("Played 4 sessions"))
        let second = try CommandLineTests.run(arguments)
        #expect(second.output.contains("Played 0 sessions"))
        #expect(second.output.contains("4 were already in"))
        let report = try CommandLineTests.run(["tournament", "report", database, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.output.utf8)) as? [String: Any])
        #expect(object["sessions"] as? Int == 4)
    }

    @Test("bench measures a scenario and reports its size")
    func bench() throws {
        let run = try CommandLineTests.run(["bench", Fixtures.genius("y2011-Camera").path, "--runs", "1", "--json"])
        #expect(run.status == 0, "\(run.error)")
        let line = try #require(run.output.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["outcomes"] as? Int == 3600)
    }

    @Test("analyze solves a 1e10-outcome hyper-rectangle domain exactly")
    func analyzeNonlinear() throws {
        let run = try CommandLineTests.run(["analyze", Fixtures.genius("y2014-10issuesDiscounted").path, "--json"])
        #expect(run.status == 0, "\(run.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect((object["frontier"] as? [Any])?.count == 8)
        #expect(object["zopa"] is NSNull)
    }
}

@Test("analyze --report writes a self-contained page with the utility space")
func analyzeReport() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-\(UUID().uuidString).html").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let run = try CommandLineTests.run(["analyze", "--report", path])
    #expect(run.status == 0, "\(run.error)")
    let html = try String(contentsOfFile: path, encoding: .utf8)
    #expect(html.contains("<svg"))
    #expect(html.contains("Kalai–Smorodinsky"))
    #expect(html.contains("6257 outcomes give every party more than its reservation value"))
    #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
}

@Test("analyze --json out of time prints the points found, exact false, the gap and the nodes, and exits 1")
func analyzeOutOfTime() throws {
    let run = try CommandLineTests.run(["analyze", Fixtures.genius("y2014-30issueswithRV").path, "--json", "--time-limit", "0.001"])
    #expect(run.status == 1, "\(run.error)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
    #expect(object["exact"] as? Bool == false)
    let gap = try #require(object["gap"] as? Double)
    #expect(gap > 0 && gap <= 1)
    let nodes = try #require(object["nodes"] as? Int)
    #expect(nodes >= 0)
    let frontier = try #require(object["frontier"] as? [[String: Any]])
    #expect(!frontier.isEmpty)
    #expect((frontier.first?["utilities"] as? [Double])?.count == 2)
    #expect(run.error.split(separator: "\n").last?.contains("no exact frontier") == true, "\(run.error)")
}
