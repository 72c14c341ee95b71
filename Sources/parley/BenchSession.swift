import ArgumentParser
import Foundation
import Parley
import ParleySupport

extension ParleyCommand {
    struct BenchSession: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench-session",
            abstract: "Time whole negotiation sessions in-process (build with -c release).",
            discussion: """
                Runs the same session --repeat times and reports the median time per session, rounds, \
                actions per second and the result. The default is the speed floor's case: 1000 rounds of \
                alternating offers between Boulware and Conceder.

                Example:
                  swift run -c release parley bench-session Tests/Fixtures/genius/y2011-Camera --json
                """
        )

        @OptionGroup var source: ScenarioOptions

        @Option(help: "Negotiators in party order, comma-separated.")
        var negotiators = "boulware,conceder"

        @Option(help: "The deadline in rounds.")
        var rounds = 1000

        @Option(name: .customLong("repeat"), help: "Sessions to time.")
        var repetitions = 20

        @Flag(help: "Print one JSON object.")
        var json = false

        func validate() throws {
            guard (1...Talks.roundLimit).contains(rounds) else { throw ValidationError("--rounds must be between 1 and \(Talks.roundLimit).") }
            guard repetitions >= 1 else { throw ValidationError("--repeat must be at least 1.") }
        }

        func run() async throws {
            var scenario = try source.load()
            scenario.talks = Talks(protocolKind: .alternatingOffers, rounds: rounds)
            let names = negotiators.split(separator: ",").map(String.init)
            guard names.count == scenario.parties.count else {
                printError("--negotiators lists \(names.count) strategies for \(scenario.parties.count) parties")
                throw ExitCode.validationFailure
            }
            var times = [Double]()
            var trace: Trace?
            let clock = ContinuousClock()
            for repetition in 0..<max(1, repetitions) {
                let agents = try names.map { try Strategies.negotiator(named: $0) }
                let start = clock.now
                trace = try await Session(scenario: scenario, seed: UInt64(repetition + 1)).run(negotiators: agents)
                let elapsed = clock.now - start
                times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            }
            guard let trace else { return }
            let median = times.sorted()[times.count / 2]
            let actions = trace.events.indices.count { [.offer, .accept, .end].contains(trace.events.kind(at: $0)) }
            if json {
                let object = JSONValue.object([
                    ("scenario", .string(scenario.name)), ("negotiators", .array(names.map(JSONValue.string))),
                    ("deadline", .int(rounds)), ("sessions", .int(times.count)), ("medianSeconds", .number(median)),
                    ("rounds", .int(trace.result.rounds)), ("actions", .int(actions)), ("actionsPerSecond", .number(Double(actions) / median)),
                    ("result", .string(trace.result.reason.label)), ("utilities", .numbers(trace.result.utilities)),
                ])
                print(object.pretty)
            } else {
                var table = TextTable(
                    header: ["scenario", "negotiators", "deadline", "rounds used", "result", "median per session", "actions/s"],
                    numeric: [2, 3, 5, 6])
                table.append([
                    scenario.name, names.joined(separator: " vs "), String(rounds), String(trace.result.rounds), trace.result.reason.label,
                    String(format: "%.3f ms", median * 1000), String(format: "%.3g", Double(actions) / median),
                ])
                print(table.rendered)
            }
        }
    }
}
