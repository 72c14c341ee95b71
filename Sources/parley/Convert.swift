import ArgumentParser
import Parley
import ParleyFormats
import ParleySupport

extension ParleyCommand {
    struct Convert: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a scenario in Parley's YAML or JSON format, or as a GENIUS folder.",
            discussion: """
                A GENIUS folder holds the preferences only (GENIUS and NegMAS read it); what it
                cannot hold (breakdown values, mediator, talks) is listed on standard error.

                Examples:
                  parley convert Tests/Fixtures/genius/y2010-Travel -o travel.yaml
                  parley convert travel.yaml -o travel.json
                  parley convert us-iran-geneva-2026 --genius -o geneva-genius
                """
        )

        @OptionGroup var source: ScenarioOptions

        @Option(name: .shortAndLong, help: "The file to write: .yaml/.yml for YAML, .json for JSON; with --genius, a folder.")
        var output: String

        @Flag(help: "Write a GENIUS folder (a domain file and a profile per party).")
        var genius = false

        func validate() throws {
            if !genius, ScenarioFile.Syntax(path: output) == nil {
                throw ValidationError("-o \(output): a scenario file ends in .yaml, .yml or .json (or write a GENIUS folder with --genius).")
            }
        }

        func run() async throws {
            let scenario = try source.load()
            do {
                if genius {
                    let omitted = try GeniusExporter.write(scenario, to: output)
                    if !omitted.isEmpty { printError("not in the GENIUS files: " + omitted.joined(separator: "; ")) }
                } else {
                    try ScenarioFile.write(scenario, to: output)
                }
            } catch {
                printError(error.description)
                throw ExitCode(2)
            }
        }
    }
}
