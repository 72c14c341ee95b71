import ArgumentParser
import Foundation
import Parley
import ParleyReports
import ParleySupport

extension ParleyCommand {
    struct Analyze: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Analyse a scenario's outcome space: Pareto frontier, Nash, Kalai–Smorodinsky, welfare, ZOPA.",
            discussion: """
                Exit codes: 0 when the analysis is exact; 1 when the exact frontier search of a \
                large non-linear space did not finish within --time-limit (one line on standard \
                error gives the proven gap; with --json, standard output still holds the JSON, \
                with "exact": false, the points found as "frontier", the proven "gap" and the \
                "nodes" explored; give it more seconds); 2 for a scenario that cannot be read; 64 \
                for bad options.

                While that search runs, and only when standard error is a terminal, one line on \
                standard error shows the nodes explored, the frontier points found and the time \
                so far, redrawn every half second after the first second and cleared at the end.

                Examples:
                  parley analyze
                  parley analyze Tests/Fixtures/genius/y2010-Travel --json
                  parley analyze Tests/Fixtures/genius/y2014-50issueswithRV --time-limit 60
                """
        )

        @OptionGroup var source: ScenarioOptions

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        @Option(help: "Show at most this many frontier points in the table (all of them in JSON).")
        var frontierRows = 12

        @Option(help: "Also write a self-contained HTML page (solutions, utility space, frontier) to this file.")
        var report: String?

        @Option(help: "The longest the exact frontier search of a large non-linear space may take, in seconds.")
        var timeLimit: Double = 30

        func validate() throws {
            guard timeLimit > 0, timeLimit.isFinite else { throw ValidationError("--time-limit must be a positive number of seconds.") }
        }

        func run() async throws {
            let scenario = try source.load()
            var options = OutcomeAnalysis.Options(searchTimeLimit: .seconds(timeLimit), acceptsIncompleteSearch: json)
            let linear = scenario.parties.allSatisfy { $0.profile.utility.isLinearAdditive }
            var watch: SearchWatch?
            if !linear && scenario.space.cardinality > options.enumerationLimit {
                FileHandle.standardError.write(
                    Data(
                        "parley: searching the exact frontier of \(formatCount(scenario.space.cardinality)) outcomes (up to \(formatNumber(timeLimit)) s)…\n"
                            .utf8)
                )
                watch = SearchWatch()
                options.searchProgress = watch?.progress
            }
            let analysis: OutcomeAnalysis
            do {
                defer { watch?.finish() }
                analysis = try OutcomeAnalysis(scenario: scenario, options: options)
            } catch {
                printError("\(scenario.name): \(error.description)")
                // A frontier too large to hold is a refused input; an unfinished search is a result.
                if case .frontierTooLarge = error { throw ExitCode(2) }
                throw ExitCode(1)
            }
            let result = AnalysisReport(scenario: scenario, analysis: analysis)
            print(json ? result.json.pretty : result.table(frontierRows: frontierRows))
            if !analysis.isExact {
                // Only with --json: the points found are printed, and the outcome is still a failure.
                let error = AnalysisError.searchIncomplete(
                    outcomes: scenario.space.cardinality, timeLimit: options.searchTimeLimit, nodes: analysis.searchNodes ?? 0,
                    pointsFound: analysis.frontier.count, gap: analysis.gap)
                printError("\(scenario.name): \(error.description)")
                throw ExitCode(1)
            }
            if let report {
                try ReportFile.write(AnalysisPage(report: result).html, to: report)
            }
        }
    }
}
