import Foundation
import ParleyTestSupport
import Testing

/// Impossible values through the command line: exit 2 and one line naming file, line and place.
@Suite("Impossible values on the command line")
struct StrictInputTests {
    static let toy = """
        parley: 1
        name: toy
        issues:
          - name: price
            options: [low, high]
        parties:
          - name: buyer
            weights: {price: 1}
            values:
              price: {low: 1, high: 0}
          - name: seller
            reservation: 0.2
            weights: {price: 1}
            values:
              price: {low: 0, high: 1}
        """

    func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-strict-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(
        "run, analyze and tournament refuse them with one line",
        arguments: [
            ("    reservation: 0.2", "    reservation: 3", ":12: parties[1].reservation: party 'seller': reservation value 3 is outside [0, 1]"),
            ("  - name: seller", "  - name: buyer", ":11: parties[1].name: party 'buyer' is declared twice"),
            ("  - name: seller", "  - name: observer", ":11: parties[1].name: 'observer' is the observer's role name"),
        ])
    func refused(target: String, replacement: String, expected: String) throws {
        let path = try file(Self.toy.replacingOccurrences(of: target, with: replacement))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = path + ".sqlite"
        defer { try? FileManager.default.removeItem(atPath: database) }
        for arguments in [["run", path], ["analyze", path], ["tournament", "run", path, "--database", database]] {
            let run = try ParleyExecutable.run(arguments)
            #expect(run.status == 2, "\(arguments): \(run.error)")
            #expect(run.error.split(separator: "\n").count == 1, "\(arguments): \(run.error)")
            #expect(run.error.contains(path + expected), "\(arguments): \(run.error)")
            #expect(run.output.isEmpty, "\(arguments) printed \(run.output)")
        }
    }

    /// Two issues of 100,000 options each: 1e10 outcomes, too many to rank, and a frontier of
    /// 1e10 tied candidates.
    static let huge = """
        parley: 1
        name: huge
        issues:
          - {name: a, integer: [0, 99999]}
          - {name: b, integer: [0, 99999]}
        parties:
          - {name: one, weights: {a: 1, b: 1}, values: {a: {slope: 0.00001, offset: 0}, b: {slope: 0.00001, offset: 0}}}
          - {name: two, weights: {a: 1, b: 1}, values: {a: {slope: -0.00001, offset: 1}, b: {slope: -0.00001, offset: 1}}}
        """

    @Test("a space of 1e10 outcomes is played within a bounded search, and its analysis refused in a line")
    func hugeSpace() throws {
        let path = try file(Self.huge)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try ParleyExecutable.run(["run", path, "--rounds", "4", "--json"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("\"rounds\""), "\(run.output.prefix(400))")
        let analyze = try ParleyExecutable.run(["analyze", path])
        #expect(analyze.status == 2, "\(analyze.error)")
        #expect(analyze.error.split(separator: "\n").count == 1, "\(analyze.error)")
        #expect(analyze.error.contains("too large: the exact Pareto frontier would hold 1e+10 candidates"), "\(analyze.error)")
    }

    @Test("a scenario of one party is refused, in a tournament too")
    func oneParty() throws {
        let text = String(Self.toy[..<Self.toy.range(of: "  - name: seller")!.lowerBound])
        let path = try file(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for arguments in [["run", path], ["tournament", "run", path, "--database", path + ".sqlite"]] {
            let run = try ParleyExecutable.run(arguments)
            #expect(run.status == 2, "\(arguments): \(run.error)")
            #expect(run.error.contains("has one party ('buyer'); a negotiation needs at least two"), "\(run.error)")
        }
    }

    @Test("a copied binary runs the Geneva story from another directory and lists the bundled scenarios")
    func copiedBinary() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("parley")
        try FileManager.default.copyItem(at: ParleyExecutable.url, to: copy)
        func run(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = copy
            process.arguments = arguments
            process.currentDirectoryURL = folder
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(arguments)")
            return String(decoding: data, as: UTF8.self)
        }
        #expect(try run(["run", "--seed", "3"]).contains("Result: agreement after 10 rounds."))
        let help = try run(["run", "--help"])
        #expect(help.contains("us-iran-geneva-2026"))
        #expect(!help.contains("(bundled: )"))
        #expect(try run(["forecast"]).contains("Forecast:"))
    }
}
