import ArgumentParser
import Parley
import ParleyFormats

extension ParleyCommand {
    struct Convert: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a scenario (for example a GENIUS folder) in Parley's YAML or JSON format.",
            discussion: """
                Examples:
                  parley convert ../shared/scenarios/genius/y2010-Travel -o travel.yaml
                  parley convert travel.yaml -o travel.json
                """
        )

        @OptionGroup var source: ScenarioOptions

        @Option(name: .shortAndLong, help: "The file to write: .yaml/.yml for YAML, .json for JSON.")
        var output: String

        func run() async throws {
            let scenario = try source.load()
            do {
                try ScenarioFile.write(scenario, to: output)
            } catch {
                printError(error.description)
                throw ExitCode(2)
            }
        }
    }
}
