import ArgumentParser
import Foundation
import Parley

extension ParleyCommand {
    struct Analyze: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Analyse a scenario's outcome space: Pareto frontier, Nash, Kalai–Smorodinsky, welfare, ZOPA.",
            discussion: """
                Examples:
                  parley analyze
                  parley analyze ../shared/scenarios/genius/y2010-Travel --json
                """
        )

        @OptionGroup var source: ScenarioOptions

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        @Option(help: "Show at most this many frontier points in the table (all of them in JSON).")
        var frontierRows = 12

        func run() async throws {
            let scenario = try source.load()
            let analysis: OutcomeAnalysis
            do {
                analysis = try OutcomeAnalysis(scenario: scenario)
            } catch {
                printError("\(scenario.name): \(error.description)")
                throw ExitCode(1)
            }
            let report = AnalysisReport(scenario: scenario, analysis: analysis)
            print(json ? report.json.pretty : report.table(frontierRows: frontierRows))
        }
    }
}
