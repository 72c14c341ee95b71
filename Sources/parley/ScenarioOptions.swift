import ArgumentParser
import Foundation
import Parley
import ParleyFormats

/// Where the scenario comes from: shared by every command that reads one.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "A Parley scenario (.yaml/.json), a GENIUS folder, or a bundled scenario's name. Default: the Geneva talks.")
    var scenario: String?

    @Option(help: "Discretisation step for real-valued GENIUS issues.")
    var realStep: Double?

    /// The bundled default scenario.
    static let defaultScenario = "us-iran-geneva-2026"

    /// Loads the scenario, or prints the one-line error and exits with code 2.
    func load() throws -> Scenario {
        do {
            return try ScenarioLoader(realStep: realStep).load(scenario ?? Self.defaultScenario)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
    }
}

/// Finds and reads scenarios: files, GENIUS folders, and bundled names.
struct ScenarioLoader {
    var realStep: Double?

    func load(_ reference: String) throws(FormatError) -> Scenario {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: reference, isDirectory: &isFolder) {
            return isFolder.boolValue
                ? try GeniusImporter(realStep: realStep).importScenario(from: URL(fileURLWithPath: reference))
                : try ScenarioFile.read(from: reference)
        }
        if !reference.contains("/"), let bundled = Self.bundled(reference) {
            return try ScenarioFile.read(from: bundled)
        }
        throw FormatError(file: reference, "no such file, folder or bundled scenario (bundled: \(Self.bundledNames.joined(separator: ", ")))")
    }

    /// The `Scenarios/` folder: beside the working directory, or above the executable.
    static var scenariosFolder: URL? {
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        var executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<5 {
            executable.deleteLastPathComponent()
            candidates.append(executable)
        }
        return candidates.map { $0.appendingPathComponent("Scenarios") }.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("\(ScenarioOptions.defaultScenario).yaml").path)
        }
    }

    static var bundledNames: [String] {
        guard let folder = scenariosFolder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func bundled(_ name: String) -> String? {
        let stem = name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name
        guard let folder = scenariosFolder else { return nil }
        let path = folder.appendingPathComponent("\(stem).yaml").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("parley: \(message)\n".utf8))
}
