import ArgumentParser
import Foundation
import Parley
import ParleyFormats
import ParleyReports
import ParleySupport

extension ParleyCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a negotiation and tell what happened.",
            discussion: """
                With no arguments it runs the bundled US–Iran talks in Geneva: indirect talks \
                through Oman, session by session.

                Negotiators: \(Strategies.negotiators.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")).
                Mediators: \(Strategies.mediators.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")).

                Examples:
                  parley run
                  parley run --seed 7 --report geneva.html
                  parley run Tests/Fixtures/genius/y2011-Camera --negotiators boulware,conceder --rounds 1000
                  parley run --protocol single-text --mediator hill-climbing --rounds 200 --json
                  parley run --ensemble 10000 --seed 1 --json
                  parley run --ensemble 2000 --vary --report geneva-ensemble.html
                  parley run --ensemble 10000 --forecast us-iran-forecast.csv
                """
        )

        @OptionGroup var source: ScenarioOptions

        @Option(name: .customLong("protocol"), help: "alternating-offers, single-text or indirect (default: the scenario's).")
        var protocolName: String?

        @Option(help: "Negotiators in party order, comma-separated (default: the scenario's, else linear).")
        var negotiators: String?

        @Option(help: "The mediator's strategy (default: the scenario's, else shuttle for indirect talks, hill-climbing for single-text).")
        var mediator: String?

        @Option(help: "The deadline in rounds (default: the scenario's).")
        var rounds: Int?

        @Option(help: "The seed: the same seed replays the same session.")
        var seed: UInt64 = 1

        @Option(help: "The longest a negotiator may take for one action, in seconds (e.g. 0.5).")
        var timeLimit: Double?

        @Flag(help: "Print the trace and result as JSON instead of the story.")
        var json = false

        @Option(help: "Also write a self-contained HTML report (charts, timeline, trace) to this file.")
        var report: String?

        @Option(
            help:
                "Run this many sessions (seeds derived from --seed, at most 1000000) and report the chance of agreement, breakdown and deadline."
        )
        var ensemble: Int?

        @Flag(
            help: """
                With --ensemble: draw every number the scenario marks as an assumption within its range for each session, \
                and rank the assumptions by how much each moves the chance of a deal (a tornado chart with --report).
                """)
        var vary = false

        @Option(
            help: """
                With --ensemble: a stakeholder table (a file, or a bundled one: us-iran-forecast.csv) whose forecasts are shown \
                beside the simulated agreements on the issues of the same name.
                """)
        var forecast: String?

        func validate() throws {
            if vary && ensemble == nil { throw ValidationError("--vary draws assumptions for an ensemble; add --ensemble N.") }
            if forecast != nil && ensemble == nil { throw ValidationError("--forecast sets a forecast beside an ensemble; add --ensemble N.") }
            if let timeLimit, !(timeLimit > 0 && timeLimit.isFinite) {
                throw ValidationError("--time-limit must be a positive number of seconds.")
            }
            if let rounds, !(1...Talks.roundLimit).contains(rounds) { throw ValidationError("--rounds must be between 1 and \(Talks.roundLimit).") }
        }

        /// The scenario with the options' protocol, deadline, negotiators and mediator; a
        /// name that is not known ends the command with one line (exit 64).
        func sessionSetup() throws -> SessionSetup {
            let loaded = try source.load()
            do throws(SessionError) {
                let kind = try protocolName.map { name throws(SessionError) in try ProtocolKind.named(name) }
                guard let negotiators else {
                    return try SessionSetup(scenario: loaded, protocol: kind, rounds: rounds, mediator: mediator)
                }
                let list = negotiators.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                return try SessionSetup(scenario: loaded, protocol: kind, rounds: rounds, negotiatorList: list, mediator: mediator)
            } catch {
                printError(error.description)
                throw ExitCode.validationFailure
            }
        }

        func run() async throws {
            if let ensemble { return try await runEnsemble(ensemble) }
            let setup = try sessionSetup()
            let (scenario, strategies, mediatorName) = (setup.scenario, setup.negotiators, setup.mediator)
            let trace: Trace
            let watch = SessionWatch()
            do {
                trace = try await setup.run(seed: seed, actionTimeLimit: timeLimit.map { .seconds($0) }, monitor: watch.monitor)
                watch.finish()
            } catch {
                watch.finish()
                printError(error.description)
                throw ExitCode.validationFailure
            }
            let interrupted = watch.monitor.isStopRequested
            if interrupted {
                printError("interrupted in round \(watch.monitor.round) (\(trace.events.count) events); the session so far follows")
            }
            let analysis = try? OutcomeAnalysis(scenario: scenario)
            let score = analysis.map { AgreementScore(utilities: trace.result.utilities, analysis: $0) }
            if json {
                trace.writeJSON(in: scenario, seed: seed, score: score) { FileHandle.standardOutput.write(Data($0.utf8)) }
            } else {
                print(
                    SessionStory(
                        scenario: scenario, trace: trace, analysis: analysis, strategies: strategies, mediatorStrategy: mediatorName, seed: seed
                    ).text)
            }
            if let report {
                let page = SessionReport(
                    scenario: scenario, trace: trace, analysis: analysis, strategies: strategies, mediatorStrategy: mediatorName, seed: seed)
                try ReportFile.write(page.html, to: report)
            }
            if interrupted { throw ExitCode(130) }
            if case .failure = trace.result.reason { throw ExitCode(1) }
        }
    }
}
