import Foundation
import ParleyTestSupport
import Testing

/// Every subcommand's options, read from `parley --experimental-dump-help`: one name and one
/// unit per meaning, and refusals of impossible values.
@Suite("Options across subcommands")
struct OptionTests {
    struct Option {
        var command: String
        var names: [String]
        var help: String
    }

    /// Every option and flag of every subcommand.
    static let options: [Option] = {
        guard let run = try? ParleyExecutable.run(["--experimental-dump-help"]),
            let root = try? JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any],
            let command = root["command"] as? [String: Any]
        else { return [] }
        var found: [Option] = []
        func walk(_ command: [String: Any], path: String) {
            for argument in command["arguments"] as? [[String: Any]] ?? []
            where argument["kind"] as? String != "positional" && argument["shouldDisplay"] as? Bool != false {
                let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                found.append(Option(command: path, names: names, help: argument["abstract"] as? String ?? ""))
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] {
                walk(sub, path: "\(path) \(sub["commandName"] as? String ?? "?")")
            }
        }
        walk(command, path: "parley")
        return found
    }()

    func options(named name: String) -> [Option] { Self.options.filter { $0.names.first == name } }

    @Test("every subcommand is listed and every option has help")
    func everyOptionHasHelp() {
        let commands = Set(Self.options.map(\.command))
        for expected in [
            "parley run", "parley analyze", "parley convert", "parley forecast", "parley serve", "parley tournament run",
            "parley tournament report", "parley bench", "parley bench-session", "parley bench-nonlinear",
        ] {
            #expect(commands.contains(expected), "\(expected) is missing")
        }
        for option in Self.options { #expect(!option.help.isEmpty, "\(option.command) --\(option.names.first ?? "?") has no help") }
    }

    @Test("--time-limit is in seconds wherever it is taken")
    func timeLimitInSeconds() {
        let found = options(named: "time-limit")
        #expect(found.count >= 3)
        for option in found {
            #expect(option.help.contains("seconds"), "\(option.command): \(option.help)")
            #expect(!option.help.contains("millisecond"), "\(option.command): \(option.help)")
        }
    }

    @Test("worker threads are --jobs everywhere; no other option speaks of threads or cores")
    func oneNameForWorkers() {
        for option in Self.options where option.help.contains("thread") || option.help.contains("cores") || option.help.contains("at once") {
            #expect(option.names.first == "jobs", "\(option.command) --\(option.names.first ?? "?"): \(option.help)")
        }
        #expect(options(named: "jobs").count >= 3)
        #expect(!Self.options.contains { $0.names.first == "workers" })
    }

    @Test("--report writes an HTML page wherever a report exists")
    func reports() {
        let commands = Set(options(named: "report").map(\.command))
        #expect(commands == ["parley run", "parley analyze", "parley forecast", "parley tournament run", "parley tournament report"])
        for option in options(named: "report") { #expect(option.help.contains("HTML"), "\(option.command): \(option.help)") }
    }

    @Test("an option of one name has one meaning: the same help wherever it is shared")
    func sharedOptionsAgree() {
        for name in ["real-step", "json"] {
            let helps = Set(options(named: name).map(\.help))
            if name == "real-step" { #expect(helps.count == 1, "--\(name): \(helps)") }
            #expect(!helps.isEmpty)
        }
    }

    @Test(
        "impossible option values exit 64 with one line",
        arguments: [
            ["tournament", "run", "Tests/Fixtures/genius/y2012-RentalHouseA", "--jobs", "0", "--database", "/tmp/never.sqlite"],
            ["run", "--time-limit", "0"],
            ["run", "--rounds", "0"],
            ["run", "--rounds", "100000000", "--negotiators", "hardliner"],
            ["bench-session", "--rounds", "100000000"],
            ["analyze", "--time-limit", "-1"],
            ["bench", "--jobs", "0"],
            ["convert", "us-iran-geneva-2026", "-o", "geneva.txt"],
        ])
    func impossibleOptions(arguments: [String]) throws {
        let run = try ParleyExecutable.run(arguments)
        #expect(run.status == 64, "\(arguments): \(run.error)")
        #expect(run.error.contains("Error:"), "\(run.error)")
        #expect(!FileManager.default.fileExists(atPath: Fixtures.packageRoot.appendingPathComponent("geneva.txt").path))
    }

    @Test("every --report says the path it wrote, on standard error")
    func reportPathIsPrinted() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("t.sqlite").path
        let runs: [[String]] = [
            ["run", "--json", "--report"],
            ["analyze", "--report"],
            ["forecast", "--report"],
            [
                "tournament", "run", Fixtures.genius("y2012-RentalHouseA").path, "--negotiators", "boulware,conceder", "--rounds", "20", "--database",
                database, "--report",
            ],
            ["tournament", "report", database, "--report"],
        ]
        for (index, arguments) in runs.enumerated() {
            let path = folder.appendingPathComponent("report-\(index).html").path
            let run = try ParleyExecutable.run(arguments + [path])
            #expect(run.status == 0, "\(arguments): \(run.error)")
            #expect(run.error.contains("report written to \(path)"), "\(arguments): \(run.error)")
            let html = try String(contentsOfFile: path, encoding: .utf8)
            #expect(html.hasPrefix("<!DOCTYPE html>") || html.hasPrefix("<!doctype html>"), "\(arguments)")
        }
    }
}
