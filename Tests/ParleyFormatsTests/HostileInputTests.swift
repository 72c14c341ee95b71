import Foundation
import Parley
import ParleyFormats
import ParleySupport
import Testing

/// Inputs built to crash or exhaust the readers get one bounded line instead.
@Suite("Hostile input")
struct HostileInputTests {
    func decodingError(_ text: String) -> FormatError? {
        do {
            _ = try ScenarioFile.decode(text, file: "hostile.yaml")
            return nil
        } catch {
            return error
        }
    }

    func scenario(issue: String) -> String {
        """
        parley: 1
        name: hostile
        issues:
          - name: x
            \(issue)
          - name: y
            options: [a, b]
        parties:
          - name: p
            weights: {y: 1}
            values: {y: {a: 1, b: 0}}
          - name: q
            weights: {y: 1}
            values: {y: {a: 0, b: 1}}
        """
    }

    @Test(
        "issues of more options than an issue may have are refused before anything is allocated",
        arguments: ["integer: [0, 1000000000000]", "integer: [-9223372036854775808, 9223372036854775807]", "real: {from: 0, to: 1, step: 1e-12}"])
    func hugeIssues(issue: String) throws {
        let error = try #require(decodingError(scenario(issue: issue)))
        #expect(error.line == 5, "\(error)")
        #expect(error.problem.contains("an issue may have at most 1000000"), "\(error)")
    }

    @Test("an issue of exactly the limit reads")
    func limitIssue() throws {
        let scenario = try ScenarioFile.decode(scenario(issue: "integer: [1, \(Issue.optionLimit)]"), file: "limit.yaml")
        #expect(scenario.issues[0].count == Issue.optionLimit)
    }

    @Test("a GENIUS domain nested 30,000 deep is refused, not a stack overflow")
    func deepXML() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-deep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = String(repeating: "<a>", count: 30_000) + String(repeating: "</a>", count: 30_000)
        try text.write(to: folder.appendingPathComponent("domain.xml"), atomically: true, encoding: .utf8)
        #expect(throws: FormatError.self) { try GeniusImporter().importScenario(from: folder) }
        do {
            _ = try GeniusImporter().importScenario(from: folder)
        } catch {
            #expect(error.problem.contains("nest deeper than"), "\(error)")
        }
    }

    @Test("errors are one line of bounded length, whatever the input echoes")
    func oneBoundedLine() throws {
        let long = try #require(decodingError("parley: 1\nname: x\nissues:\n  - name: \(String(repeating: "z", count: 1_000_000))\n"))
        #expect(long.description.count <= FormatError.descriptionLimit + 1)
        let control = try #require(decodingError("parley: 1\nname: \"a\u{1}b\"\n"))
        #expect(!control.description.contains("\n"), "\(control)")
        #expect(control.line == 2, "\(control)")
        let multiline = FormatError(file: "f.yaml", line: 3, "first\nsecond\r\n\tthird")
        #expect(multiline.description == "f.yaml:3: first second third")
    }
}
