import ArgumentParser
import Foundation
import Parley
import ParleyFormats
import ParleyPostgres
import ParleyReports
import ParleySupport
import ParleyTournament

extension ParleyCommand {
    struct Tournament: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Play every negotiator against every other on many scenarios, in parallel, stored and resumable.",
            discussion: """
                Sessions go to an SQLite database as they finish. Run the same command again after an \
                interruption (even kill -9) and it plays only the sessions that are missing. --shard k/n \
                plays one slice, so an array job can spread a tournament over machines; `merge` joins the \
                shards' databases. A postgres:// URL instead of a path makes PostgreSQL the store: every \
                worker started with the same plan on that database shares the work, and the cells of a \
                worker that dies are played by another once its lease expires.

                Examples:
                  parley tournament run Tests/Fixtures/genius/y2011-Camera Tests/Fixtures/genius/y2010-Travel \\
                      --negotiators boulware,conceder,linear,tit-for-tat --repetitions 3 --database camera.sqlite
                  parley tournament report camera.sqlite
                  parley tournament merge all.sqlite shard0.sqlite shard1.sqlite
                  parley tournament run Tests/Fixtures/genius/y2011-Camera --database postgres://parley@127.0.0.1:5432/camera
                  parley tournament report postgres://parley@127.0.0.1:5432/camera
                """,
            subcommands: [RunTournament.self, Report.self, Merge.self]
        )
    }

    struct RunTournament: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run", abstract: "Play (or resume) a tournament.")

        @Argument(help: "Scenarios: Parley files, GENIUS folders or bundled names.")
        var scenarios: [String]

        @Option(help: "Negotiators, comma-separated; every assignment of them to the parties is played.")
        var negotiators = "boulware,linear,conceder,tit-for-tat"

        @Option(help: "Sessions per assignment, each with its own seed.")
        var repetitions = 1

        @Option(name: .customLong("protocol"), help: "alternating-offers, single-text or indirect.")
        var protocolName = "alternating-offers"

        @Option(help: "The deadline in rounds.")
        var rounds = 100

        @Option(help: "The tournament's seed; each session's is derived from it.")
        var seed: UInt64 = 1

        @Option(help: "The SQLite database the sessions go to, or a PostgreSQL one shared by workers (postgres://USER@HOST:PORT/DATABASE).")
        var database: String

        @Option(help: "Play one slice: k/n plays the cells whose index is k modulo n.")
        var shard = "0/1"

        @Option(help: "Sessions at once (default: the number of cores).")
        var jobs: Int?

        @Option(help: "Discretisation step for real-valued GENIUS issues.")
        var realStep: Double?

        @Option(help: "PostgreSQL only: seconds a worker's claim on a cell lasts unless renewed; a dead worker's cells wait this long.")
        var lease: Double = 30

        @Option(help: "Also write the summary as a self-contained HTML page to this file.")
        var report: String?

        func validate() throws {
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
            guard lease >= 0.5, lease <= 86_400 else { throw ValidationError("--lease must be between 0.5 and 86400 seconds.") }
            guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1.") }
            guard (1...Talks.roundLimit).contains(rounds) else { throw ValidationError("--rounds must be between 1 and \(Talks.roundLimit).") }
        }

        func run() async throws {
            let parts = shard.split(separator: "/").compactMap { Int($0) }
            guard parts.count == 2, parts[1] >= 1, (0..<parts[1]).contains(parts[0]) else {
                printError("--shard is k/n with 0 <= k < n, not '\(shard)'")
                throw ExitCode.validationFailure
            }
            guard let kind = ProtocolKind(rawValue: protocolName) else {
                printError("unknown protocol '\(protocolName)'")
                throw ExitCode.validationFailure
            }
            var entries = [TournamentPlan.Entry]()
            for reference in scenarios {
                do {
                    let scenario = try ScenarioLoader(realStep: realStep).load(reference)
                    entries.append(.init(name: URL(fileURLWithPath: reference).lastPathComponent, scenario: scenario))
                } catch {
                    printError(error.description)
                    throw ExitCode(2)
                }
            }
            let plan = TournamentPlan(
                scenarios: entries, strategies: negotiators.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                repetitions: repetitions, protocolKind: kind, rounds: rounds, seed: seed)
            do {
                try plan.validate()
            } catch {
                printError(error.description)
                throw ExitCode.validationFailure
            }
            let summary: TournamentSummary
            let rows: [TournamentStore.Row]
            let title: String
            do {
                let store: any TournamentStorage =
                    PostgresAddress.isAddress(database)
                    ? try PostgresTournamentStore(
                        address: postgresAddress(database), fingerprint: plan.fingerprint, cellCount: plan.cells.count,
                        lease: .milliseconds(Int(lease * 1000)))
                    : try TournamentStore(path: database, fingerprint: plan.fingerprint)
                let runner = TournamentRunner(plan: plan, store: store, shard: (parts[0], parts[1]), jobs: jobs)
                let clock = ContinuousClock()
                let start = clock.now
                // A progress line redrawn in place, only where a person watches it.
                let onTerminal = isatty(STDERR_FILENO) == 1
                let outcome = try runner.run { done, total in
                    if onTerminal, done % max(1, total / 20) == 0 || done == total {
                        FileHandle.standardError.write(Data("\r\(done)/\(total) sessions\(done == total ? "\n" : "")".utf8))
                    }
                }
                let elapsed = (clock.now - start).components
                let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
                print(
                    "Played \(outcome.ran) sessions in \(String(format: "%.1f", seconds)) s (\(outcome.alreadyDone) were already in \(store.location); \(outcome.total) in this shard)."
                )
                rows = try store.rows()
                summary = TournamentSummary(rows: rows)
                title = store.location
            } catch {
                printError(error.description)
                throw error.exitCode
            }
            print(summary.table)
            if let report { try ReportFile.write(TournamentReportPage.render(title: "Tournament: \(title)", rows: rows), to: report) }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Summarise a tournament database by strategy.")

        @Argument(help: "The tournament's SQLite database, or its PostgreSQL URL (postgres://USER@HOST:PORT/DATABASE).")
        var database: String

        @Flag(help: "Print JSON.")
        var json = false

        @Option(help: "Also write the summary as a self-contained HTML page to this file.")
        var report: String?

        @Option(help: "Also write the breakdown by agent, opponent and domain (mean, standard error, 95 % interval) as CSV to this file.")
        var csv: String?

        func run() async throws {
            let isAddress = PostgresAddress.isAddress(database)
            guard isAddress || FileManager.default.fileExists(atPath: database) else {
                printError("\(database): no such file")
                throw ExitCode(2)
            }
            let rows: [TournamentStore.Row]
            let title: String
            do {
                let store: any TournamentStorage =
                    isAddress ? try PostgresTournamentStore(existing: postgresAddress(database)) : try TournamentStore.open(path: database)
                rows = try store.rows()
                title = store.location
            } catch {
                printError(error.description)
                throw ExitCode(2)
            }
            let summary = TournamentSummary(rows: rows)
            print(json ? summary.json.pretty : summary.table)
            if let report { try ReportFile.write(TournamentReportPage.render(title: "Tournament: \(title)", rows: rows), to: report) }
            if let csv { try ReportFile.write(TournamentBreakdown(rows: rows).csv, to: csv) }
        }
    }

    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Join shard databases of one tournament into one.")

        @Argument(help: "The database to write (created if missing).")
        var output: String

        @Argument(help: "The shard databases.")
        var inputs: [String]

        func run() async throws {
            do throws(TournamentError) {
                if let url = ([output] + inputs).first(where: PostgresAddress.isAddress) {
                    throw .database(
                        path: PostgresAddress.redacted(url),
                        problem: "merge joins SQLite shard files; workers on one PostgreSQL database share the work and need no merge")
                }
                var added = 0
                var target: TournamentStore?
                for input in inputs {
                    guard FileManager.default.fileExists(atPath: input) else { throw .database(path: input, problem: "no such file") }
                    let shard = try TournamentStore.open(path: input)
                    let store: TournamentStore
                    if let target {
                        store = target
                    } else {
                        store = try TournamentStore(path: output, fingerprint: try shard.fingerprint())
                    }
                    target = store
                    added += try store.merge(from: shard)
                }
                print("Merged \(added) sessions into \(output).")
            } catch {
                printError(error.description)
                throw ExitCode(2)
            }
        }
    }
}

extension TournamentError {
    /// The exit code of the command that met this error: the caller's choices are bad
    /// arguments (64), a database that cannot be used is bad input (2), a session that could
    /// not be played is a failed task (1).
    var exitCode: ExitCode {
        switch self {
        case .invalidPlan, .unknownStrategy: .validationFailure
        case .database: ExitCode(2)
        case .session: ExitCode(1)
        }
    }
}

/// A PostgreSQL URL, or the tournament error that says why it is not one.
private func postgresAddress(_ text: String) throws(TournamentError) -> PostgresAddress {
    do { return try PostgresAddress(text) } catch { throw .database(path: error.file, problem: error.problem) }
}
