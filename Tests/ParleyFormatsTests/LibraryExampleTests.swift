import Foundation
import Parley
import ParleyFormats
import Testing

/// The README's example of Parley as a library compiles and runs: its lines are the body of
/// `example()` below, and a test holds the two the same.
@Suite("The README's library example")
struct LibraryExampleTests {
    /// The README's Swift block, between the markers (imports at the top of this file).
    func example() throws -> (Scenario, OutcomeAnalysis, Trace) {
        // README example begins
        // A bundled scenario's name, a Parley YAML or JSON file, or a GENIUS folder.
        let scenario = try ScenarioLoader().load("us-iran-geneva-2026")
        let analysis = try OutcomeAnalysis(scenario: scenario)
        if let nash = analysis.nash { print("Nash:", scenario.space.labels(of: nash.outcome), nash.utilities) }
        let setup = try SessionSetup(scenario: scenario, negotiators: ["Iran": "boulware"])
        let trace = try setup.run(seed: 3)
        print(trace.result.reason, trace.result.utilities)
        // README example ends
        return (scenario, analysis, trace)
    }

    @Test("the example runs: a seeded session replays, and its Nash point is on the frontier")
    func runs() throws {
        let (scenario, analysis, trace) = try example()
        #expect(trace.result.utilities.count == scenario.parties.count)
        let again = try SessionSetup(scenario: scenario, negotiators: ["Iran": "boulware"]).run(seed: 3)
        #expect(again.events == trace.events)
        let nash = try #require(analysis.nash)
        let dominated = analysis.frontier.contains { point in
            zip(point.utilities, nash.utilities).allSatisfy { $0 >= $1 } && point.utilities != nash.utilities
        }
        #expect(!dominated)
    }

    @Test("the README shows the same lines")
    func readmeMatches() throws {
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let lines = source.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let start = try #require(lines.firstIndex(of: "// README example begins"))
        let end = try #require(lines.firstIndex(of: "// README example ends"))
        let body = Array(lines[(start + 1)..<end])

        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = readme.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
        let block = try #require(blocks.first { $0.contains("ScenarioLoader().load") })
        let shown = block.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("import ") }
        #expect(shown == body)
        #expect(block.contains("import Parley\n") && block.contains("import ParleyFormats\n"))
    }
}
