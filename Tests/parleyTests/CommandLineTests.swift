import Foundation
import ParleyTestSupport
import Testing

/// The `parley` executable, run as a user runs it.
@Suite("parley command line")
struct CommandLineTests {
    static func run(_ arguments: [String]) throws -> ParleyExecutable.Run { try ParleyExecutable.run(arguments) }

    @Test("analyze --json has every documented key")
    func analyzeJSON() throws {
        let run = try Self.run(["analyze", Fixtures.genius("y2011-Camera").path, "--json"])
        #expect(run.status == 0, "\(run.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        for key in ["outcomes", "parties", "reservation", "frontier", "nash", "kalai", "maxWelfare", "egalitarian", "zopa"] {
            #expect(object[key] != nil, "missing key \(key)")
        }
        #expect(object["outcomes"] as? Int == 3600)
        #expect(object["exact"] as? Bool == true)
        #expect(object["gap"] as? Double == 0)
        #expect(object["nodes"] is NSNull)
        let frontier = try #require(object["frontier"] as? [[String: Any]])
        #expect(frontier.count == 16)
        let first = try #require(frontier.first?["outcome"] as? [String: String])
        #expect(first.count == 6)
    }

    @Test("the bundled Geneva scenario is the default")
    func defaultScenario() throws {
        let run = try Self.run(["analyze"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("United States"))
        #expect(run.output.contains("Nash"))
    }

    @Test(
        "bad input exits with code 2 and one line naming the file",
        arguments: [
            (["analyze", "/no/such/scenario.yaml"], "/no/such/scenario.yaml"),
            (["analyze", "Package.swift"], "Package.swift:"),
        ])
    func badInput(arguments: [String], mention: String) throws {
        let run = try Self.run(arguments)
        #expect(run.status == 2)
        #expect(run.error.contains(mention), "\(run.error)")
        #expect(run.error.split(separator: "\n").count == 1, "\(run.error)")
        #expect(run.output.isEmpty)
    }

    @Test("convert writes a file that analyses like its source")
    func convert() throws {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("parley-travel-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: target) }
        let folder = Fixtures.genius("y2010-Travel").path
        let converted = try Self.run(["convert", folder, "-o", target.path])
        #expect(converted.status == 0, "\(converted.error)")
        let a = try Self.run(["analyze", folder, "--json"])
        let b = try Self.run(["analyze", target.path, "--json"])
        // Only the scenario name differs (the folder's versus the file's).
        let strip = { (text: String) in text.split(separator: "\n").filter { !$0.contains("\"scenario\"") }.joined() }
        #expect(strip(a.output) == strip(b.output))
    }

    @Test("convert --genius writes a folder that analyses like its source, and says what it left out")
    func convertToGenius() throws {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("parley-geneva-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: target) }
        let converted = try Self.run(["convert", "us-iran-geneva-2026", "--genius", "-o", target.path])
        #expect(converted.status == 0, "\(converted.error)")
        #expect(converted.error.contains("not in the GENIUS files: breakdown values"))
        let a = try Self.run(["analyze", "us-iran-geneva-2026", "--json"])
        let b = try Self.run(["analyze", target.path, "--json"])
        #expect(b.status == 0, "\(b.error)")
        // The same frontier: parties come back ordered by file name, so key utilities by party.
        let frontier = { (text: String) throws -> [[String: Double]] in
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            let parties = object?["parties"] as? [String] ?? []
            let points = object?["frontier"] as? [[String: Any]] ?? []
            return points.map { Dictionary(uniqueKeysWithValues: zip(parties, $0["utilities"] as? [Double] ?? [])) }
                .sorted { ($0["Iran"] ?? 0, $0["United States"] ?? 0) < ($1["Iran"] ?? 0, $1["United States"] ?? 0) }
        }
        let original = try frontier(a.output)
        #expect(!original.isEmpty && original.allSatisfy { $0.count == 2 })
        #expect(try frontier(b.output) == original)
    }

    @Test("bad arguments exit with 64")
    func badArguments() throws {
        let run = try Self.run(["analyze", "--no-such-flag"])
        #expect(run.status == 64)
    }

    @Test("run with no arguments tells the Geneva story, dated")
    func runGeneva() throws {
        let run = try Self.run(["run"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("Round 1, 26 Feb 2026, morning, Geneva"))
        #expect(run.output.contains("Round 2, 26 Feb 2026, afternoon, Geneva"))
        #expect(run.output.contains("Oman puts a text to United States"))
        #expect(run.output.contains("Settled:"))
        #expect(run.output.contains("Against the analysis: distance to the Pareto frontier"))
    }

    @Test("run --json is byte-identical for the same seed and writes a report")
    func runJSONAndReport() throws {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("parley-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: report) }
        let first = try Self.run(["run", "--seed", "11", "--json", "--report", report.path])
        let second = try Self.run(["run", "--seed", "11", "--json"])
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output == second.output)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.output.utf8)) as? [String: Any])
        #expect((object["events"] as? [Any])?.isEmpty == false)
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.contains("<svg"))
        #expect(html.contains("Pareto frontier"))
        // Self-contained: no address but the SVG namespace.
        #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
    }

    @Test("run with an unknown negotiator exits 64 with one line")
    func runUnknownNegotiator() throws {
        let run = try Self.run(["run", "--negotiators", "boulware,telepath"])
        #expect(run.status == 64)
        #expect(run.error.contains("unknown negotiator 'telepath'"), "\(run.error)")
        #expect(run.error.split(separator: "\n").count == 1)
    }
}
