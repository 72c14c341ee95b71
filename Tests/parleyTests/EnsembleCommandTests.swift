import Foundation
import ParleyTestSupport
import Testing

/// `parley run --ensemble N`, run as a user runs it.
@Suite("parley run --ensemble")
struct EnsembleCommandTests {
    @Test("the same seed prints byte-identical JSON; the shares are probabilities that add up to one")
    func sameSeedSameBytes() throws {
        let arguments = ["run", "--ensemble", "300", "--seed", "3", "--json"]
        let first = try CommandLineTests.run(arguments)
        let second = try CommandLineTests.run(arguments)
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output == second.output)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.output.utf8)) as? [String: Any])
        #expect(object["sessions"] as? Int == 300)
        let agreement = try #require(object["agreementProbability"] as? Double)
        let breakdown = try #require(object["breakdownProbability"] as? Double)
        let deadline = try #require(object["deadlineProbability"] as? Double)
        for value in [agreement, breakdown, deadline] { #expect((0...1).contains(value)) }
        let outcomes = try #require(object["outcomes"] as? [String: [String: Any]])
        let total = outcomes.values.compactMap { $0["probability"] as? Double }.reduce(0, +)
        #expect(abs(total - 1) < 1e-9)
        let interval = try #require(object["agreementInterval95"] as? [Double])
        #expect(interval[0] <= agreement && agreement <= interval[1])
        let parties = try #require(object["parties"] as? [[String: Any]])
        #expect(!parties.isEmpty)
        let other = try CommandLineTests.run(["run", "--ensemble", "300", "--seed", "4", "--json"])
        #expect(other.output != first.output)
    }

    @Test("more sessions than the limit exit 2 with one line")
    func bounded() throws {
        let run = try CommandLineTests.run(["run", "--ensemble", "1000001"])
        #expect(run.status == 2)
        #expect(run.error.contains("1000000"), "\(run.error)")
        #expect(run.error.split(separator: "\n").count == 1)
        #expect(try CommandLineTests.run(["run", "--ensemble", "0"]).status == 2)
    }

    @Test("the summary for people names the chance of agreement")
    func text() throws {
        let run = try CommandLineTests.run(["run", "--ensemble", "50"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("agreement"))
        #expect(run.output.contains("50 sessions"))
    }

    @Test("--vary draws the Geneva assumptions, ranks them in a tornado, and prints the same bytes for a seed")
    func varied() throws {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("parley-tornado-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: report) }
        let arguments = ["run", "--ensemble", "60", "--vary", "--seed", "2", "--json"]
        let first = try CommandLineTests.run(arguments + ["--report", report.path])
        let second = try CommandLineTests.run(arguments)
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output == second.output)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.output.utf8)) as? [String: Any])
        #expect(object["assumptionsVaried"] as? Bool == true)
        let sensitivity = try #require(object["sensitivity"] as? [String: Any])
        #expect(sensitivity["sessionsPerEnd"] as? Int == 60)
        let bars = try #require(sensitivity["assumptions"] as? [[String: Any]])
        #expect(bars.count == 10)
        let swings = bars.compactMap { $0["swing"] as? Double }
        #expect(swings.count == 10 && swings == swings.sorted(by: >))
        let page = try String(contentsOf: report, encoding: .utf8)
        #expect(page.contains("class=\"tornado\""))
        #expect(page.contains("risk of strikes (factor)"))
        let plain = try CommandLineTests.run(["run", "--ensemble", "60", "--seed", "2", "--json"])
        #expect(plain.output.contains("\"assumptionsVaried\": false"))
        #expect(plain.output != first.output)
    }

    @Test("--vary without --ensemble, or on a scenario without assumptions, is refused in one line")
    func varyRefused() throws {
        let alone = try CommandLineTests.run(["run", "--vary"])
        #expect(alone.status != 0)
        #expect(alone.error.contains("--ensemble"), "\(alone.error)")
        let camera = Fixtures.genius("y2011-Camera").path
        let bare = try CommandLineTests.run(["run", camera, "--ensemble", "5", "--vary"])
        #expect(bare.status == 2)
        #expect(bare.error.contains("no assumptions"), "\(bare.error)")
        #expect(bare.error.split(separator: "\n").count == 1)
    }

    @Test("--forecast puts the stakeholder forecast beside the agreements; each issue's agreed options are shares of the agreements")
    func forecastBeside() throws {
        let run = try CommandLineTests.run(["run", "--ensemble", "80", "--seed", "5", "--forecast", "us-iran-forecast.csv", "--json"])
        #expect(run.status == 0, "\(run.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let agreements = try #require((object["outcomes"] as? [String: [String: Any]])?["agreement"]?["count"] as? Int)
        let agreed = try #require(object["agreedOptions"] as? [[String: Any]])
        #expect(agreed.count == 7)
        for issue in agreed {
            let options = try #require(issue["options"] as? [[String: Any]])
            #expect(options.compactMap { $0["agreements"] as? Int }.reduce(0, +) == agreements)
        }
        let forecast = try #require(object["forecast"] as? [[String: Any]])
        #expect(forecast.map { $0["issue"] as? String } == ["enrichment", "scope"])
        #expect(forecast[0]["scenarioIssue"] as? String == "enrichment")
        #expect(forecast[1]["scenarioIssue"] is NSNull)
        let value = try #require(forecast[0]["compromise"] as? Double)
        #expect((0...60).contains(value))
        let missing = try CommandLineTests.run(["run", "--ensemble", "5", "--forecast", "/nonexistent/table.csv"])
        #expect(missing.status == 2)
        #expect(missing.error.split(separator: "\n").count == 1, "\(missing.error)")
        #expect(try CommandLineTests.run(["run", "--forecast", "us-iran-forecast.csv"]).status != 0)
    }
}
