import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import ParleyPostgres
import ParleyServer
import ParleySupport

extension ParleyCommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve negotiations over HTTP and WebSocket, with a web page per role.",
            discussion: """
                Creating a negotiation (POST /api/negotiations) returns one bearer token per role; \
                remote roles act over the API or on their web page (/play/ID#token=...). State is \
                kept in SQLite: a restart, even after a crash, continues every negotiation where it \
                stopped. With a PostgreSQL URL as --database, any number of replicas share the \
                negotiations behind a load balancer, and a negotiation whose replica dies goes on \
                on another (docs/scale-out.md). SIGTERM or SIGINT shuts down cleanly. The API is \
                described at /openapi.json and in docs/server.md.

                Examples:
                  parley serve
                  parley serve --port 9000 --database negotiations.sqlite
                  parley serve --port 0     # any free port; the first line says which
                  parley serve --database postgres://parley@127.0.0.1:5432/parley
                """
        )

        @Option(help: "The TCP port (0 picks a free one; the first line printed names it).")
        var port: Int = 8080

        @Option(help: "The address to listen on.")
        var hostname: String = "127.0.0.1"

        @Option(help: "The SQLite database file (created if missing), or a PostgreSQL URL shared by replicas.")
        var database: String = "parley.sqlite"

        @Option(help: "With PostgreSQL, seconds a replica's lease on a negotiation lasts unrenewed (a dead replica's are taken over then).")
        var leaseSeconds: Double = 10

        @Option(help: "Seconds a remote role may take to answer before its negotiation fails.")
        var answerTimeout: Double = 3600

        @Option(
            help: ArgumentHelp(
                "The key that creating a negotiation needs (Authorization: Bearer KEY); also read from PARLEY_CREATION_KEY.",
                discussion: "Required when --hostname is not a loopback address; without it, creation is open to local clients.",
                valueName: "key"))
        var creationKey: String?

        @Option(help: "Negotiations one client address may create per minute, when a creation key is required.")
        var creationsPerMinute: Int = 30

        @Option(help: "The largest outcome space a negotiation may have; larger ones are refused with 422.")
        var maxOutcomes: Double = AdmissionPolicy.defaultOutcomeLimit

        @Option(help: "What the server logs on standard error: trace, debug, info (every request), notice, warning, error or critical.")
        var logLevel: LogLevel = .info

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
            guard answerTimeout > 0 else { throw ValidationError("--answer-timeout must be positive") }
            guard leaseSeconds >= 1, leaseSeconds <= 3600 else { throw ValidationError("--lease-seconds must be between 1 and 3600") }
            guard creationsPerMinute > 0 else { throw ValidationError("--creations-per-minute must be positive") }
            guard maxOutcomes >= 1, maxOutcomes.isFinite else { throw ValidationError("--max-outcomes must be at least 1") }
            if let key = key, key.isEmpty || key.count > 256 { throw ValidationError("the creation key must have 1 to 256 characters") }
            guard key != nil || AdmissionPolicy.isLoopback(hostname) else {
                throw ValidationError(
                    "--hostname \(hostname) accepts connections from other machines: give --creation-key KEY (or set PARLEY_CREATION_KEY) so that only holders of the key create negotiations"
                )
            }
        }

        /// The creation key: the option, else the environment.
        var key: String? { creationKey ?? ProcessInfo.processInfo.environment["PARLEY_CREATION_KEY"] }

        func run() async throws {
            let app: any ApplicationProtocol
            do {
                app = try buildApplication(
                    ServerArguments(
                        hostname: hostname, port: port, database: database, leaseSeconds: leaseSeconds, answerTimeout: answerTimeout,
                        logLevel: logLevel.level,
                        admission: AdmissionPolicy(
                            creationKey: key, creationsPerMinute: key == nil ? nil : creationsPerMinute,
                            outcomeLimit: maxOutcomes)),
                    onServerRunning: { port in
                        // Unbuffered, so a supervisor (or a test) reading the pipe learns the port at once.
                        FileHandle.standardOutput.write(Data("parley: serving on http://\(hostname):\(port)\n".utf8))
                    })
            } catch let error as FormatError {
                printError(error.description)
                throw ExitCode(2)
            } catch {
                printError("\(PostgresAddress.redacted(database)): cannot open the database: \(error)")
                throw ExitCode(2)
            }
            do {
                try await app.runService()
            } catch let error as IOError where error.errnoCode == EADDRINUSE {
                printError("port \(port) on \(hostname) is in use: stop what holds it, or choose another with --port (0 picks a free one)")
                throw ExitCode(1)
            }
        }
    }
}

/// `--log-level`: swift-log's levels by name.
enum LogLevel: String, CaseIterable, ExpressibleByArgument {
    case trace, debug, info, notice, warning, error, critical

    var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? .info }
}
