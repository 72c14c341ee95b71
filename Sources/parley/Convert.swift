import ArgumentParser
import Foundation
import Parley
import ParleyFormats
import ParleySupport

extension ParleyCommand {
    struct Convert: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a scenario in Parley's YAML or JSON format, or as a GENIUS, GeniusWeb or NegMAS folder.",
            discussion: """
                GENIUS, GeniusWeb and NegMAS folders hold the preferences only; what a format
                cannot hold (breakdown values, mediator, talks, ...) is listed on standard
                error, and what it would read differently is refused naming party and issue.
                --format negmas writes YAML files, negmas-json JSON files (docs/formats.md).

                Examples:
                  parley convert Tests/Fixtures/genius/y2010-Travel -o travel.yaml
                  parley convert travel.yaml -o travel.json
                  parley convert us-iran-geneva-2026 --genius -o geneva-genius
                  parley convert Tests/Fixtures/genius/y2010-Travel --format geniusweb -o travel-web
                  parley convert Tests/Fixtures/genius/y2010-Travel --format negmas -o travel-negmas
                """
        )

        @OptionGroup var source: ScenarioOptions

        @Option(name: .shortAndLong, help: "The file to write: .yaml/.yml for YAML, .json for JSON; for a folder format, a folder.")
        var output: String

        @Flag(help: "Write a GENIUS folder (a domain file and a profile per party); the same as --format genius.")
        var genius = false

        @Option(help: "genius, geniusweb, negmas (YAML files), negmas-json, yaml or json (default: from -o's extension).")
        var format: OutputFormat?

        /// What `convert` writes.
        enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
            case genius, geniusweb, negmas
            case negmasJSON = "negmas-json"
            case yaml, json
        }

        /// The format to write: `--format`, `--genius`, or the output's extension.
        var chosen: OutputFormat? {
            if let format { return format }
            if genius { return .genius }
            return ScenarioFile.Syntax(path: output).map { $0 == .json ? .json : .yaml }
        }

        func validate() throws {
            if genius, let format, format != .genius {
                throw ValidationError("--genius and --format \(format.rawValue) disagree; give one of them.")
            }
            if chosen == nil {
                throw ValidationError("-o \(output): a scenario file ends in .yaml, .yml or .json (or name a folder format with --format).")
            }
        }

        func run() async throws {
            let scenario = try source.load()
            do throws(FormatError) {
                let omitted: [String]
                let name: String
                switch chosen ?? .yaml {
                case .genius: (omitted, name) = (try GeniusExporter.write(scenario, to: output), "GENIUS")
                case .geniusweb: (omitted, name) = (try GeniusWebFormat.write(scenario, to: output), "GeniusWeb")
                case .negmas: (omitted, name) = (try NegMASFormat.write(scenario, to: output, syntax: .yaml), "NegMAS")
                case .negmasJSON: (omitted, name) = (try NegMASFormat.write(scenario, to: output, syntax: .json), "NegMAS")
                case .yaml, .json:
                    let text = ScenarioFile.encode(scenario, as: chosen == .json ? .json : .yaml)
                    do {
                        try text.write(toFile: output, atomically: true, encoding: .utf8)
                    } catch {
                        throw FormatError(file: output, "cannot be written: \(error.localizedDescription)")
                    }
                    (omitted, name) = ([], "")
                }
                if !omitted.isEmpty { printError("not in the \(name) files: " + omitted.joined(separator: "; ")) }
            } catch {
                printError(error.description)
                throw ExitCode(2)
            }
        }
    }
}
