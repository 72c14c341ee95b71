import ArgumentParser
import Foundation
import Parley
import ParleyFormats
import ParleySupport

/// Where the scenario comes from: shared by every command that reads one.
struct ScenarioOptions: ParsableArguments {
    @Argument(
        help:
            "A Parley scenario (.yaml/.json), a GENIUS folder, or a bundled scenario's name (\(BundledScenarios.namesList)). Default: \(BundledScenarios.defaultName)."
    )
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

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("parley: \(message)\n".utf8))
}
