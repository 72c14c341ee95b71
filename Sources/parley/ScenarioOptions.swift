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

    /// Loads the scenario, or prints the one-line error and exits with code 2.
    func load() throws -> Scenario {
        do {
            return try ScenarioLoader(realStep: realStep).load(scenario ?? BundledScenarios.defaultName)
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
        let bundled = BundledScenarios()
        if !reference.contains("/"), let path = bundled.path(of: reference) {
            return try ScenarioFile.read(from: path)
        }
        throw FormatError(file: reference, "no such file, folder or bundled scenario (bundled: \(bundled.names.joined(separator: ", ")))")
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("parley: \(message)\n".utf8))
}
