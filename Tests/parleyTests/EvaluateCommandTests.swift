import Foundation
import ParleyTestSupport
import Testing

/// `parley evaluate` and `parley convert --format`, run as a user runs them.
@Suite("parley evaluate, convert --format")
struct EvaluateCommandTests {
    func temporary(_ suffix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("parley-\(UUID().uuidString)\(suffix)").path
    }

    func object(_ text: Substring) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(
        "evaluate agrees with run's utilities for the agreement, discounted ones included",
        arguments: ["y2010-Travel", "y2012-EnergySmallB", "y2013-Icecream"])
    func agreesWithRun(folder: String) throws {
        let scenario = Fixtures.genius(folder).path
        let run = try CommandLineTests.run(["run", scenario, "--negotiators", "conceder,conceder", "--rounds", "60", "--seed", "4", "--json"])
        #expect(run.status == 0, "\(run.error)")
        let trace = try object(Substring(run.output))
        let result = try #require(trace["result"] as? [String: Any])
        let agreement = try #require(result["agreement"] as? [String: Any], "no agreement in \(folder)")
        let rounds = try #require(result["rounds"] as? Int)
        let expected = try #require(result["utilities"] as? [Double])
        let path = temporary(".jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let line = String(decoding: try JSONSerialization.data(withJSONObject: agreement), as: UTF8.self)
        try "\(line)\n\n\(line)\n".write(toFile: path, atomically: true, encoding: .utf8)
        let evaluated = try CommandLineTests.run(["evaluate", scenario, "--outcomes", path, "--round", String(rounds)])
        #expect(evaluated.status == 0, "\(evaluated.error)")
        let lines = evaluated.output.split(separator: "\n")
        #expect(lines.count == 2)
        for output in lines {
            let values = try object(output)
            #expect(values["utilities"] as? [Double] == expected)
            let discounted = try #require(values["discounted"] as? [Double])
            #expect(discounted == (result["discounted"] as? [Double] ?? expected))
        }
    }

    @Test("a bad outcome line exits 2 with one line naming the file and the line")
    func badLine() throws {
        let path = temporary(".jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let folder = Fixtures.genius("y2010-Travel").path
        try "{\"Atmosphere\": \"Hospitality\"}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try CommandLineTests.run(["evaluate", folder, "--outcomes", path])
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.error.hasPrefix("parley: \(path):1: issue '"), "\(run.error)")
        #expect(run.error.split(separator: "\n").count == 1)

        try String(repeating: "x", count: 70_000).write(toFile: path, atomically: true, encoding: .utf8)
        let long = try CommandLineTests.run(["evaluate", folder, "--outcomes", path])
        #expect(long.status == 2)
        #expect(long.error.contains("\(path):1: the line is longer than 65536 bytes"), "\(long.error)")
    }

    @Test("convert --format writes GeniusWeb and NegMAS folders that evaluate like their source")
    func convertFormats() throws {
        let folder = Fixtures.genius("y2016-Grandma").path
        let outcomes = temporary(".jsonl")
        defer { try? FileManager.default.removeItem(atPath: outcomes) }
        let text =
            #"{"Energy Price": 10, "Energy cost distribution over day": "Midday", "Energy source": "Wind"}"# + "\n"
            + #"{"Energy Price": "37", "Energy cost distribution over day": "Morning", "Energy source": "Hydro"}"# + "\n"
        try text.write(toFile: outcomes, atomically: true, encoding: .utf8)
        let source = try CommandLineTests.run(["evaluate", folder, "--outcomes", outcomes])
        #expect(source.status == 0, "\(source.error)")
        for format in ["geniusweb", "negmas", "negmas-json", "genius"] {
            let target = temporary("-\(format)")
            defer { try? FileManager.default.removeItem(atPath: target) }
            let converted = try CommandLineTests.run(["convert", folder, "--format", format, "-o", target])
            #expect(converted.status == 0, "\(format): \(converted.error)")
            let evaluated = try CommandLineTests.run(["evaluate", target, "--outcomes", outcomes])
            #expect(evaluated.status == 0, "\(format): \(evaluated.error)")
            #expect(evaluated.output == source.output, "\(format)")
        }
        let clash = try CommandLineTests.run(["convert", folder, "--genius", "--format", "negmas", "-o", temporary("")])
        #expect(clash.status != 0)
    }
}
