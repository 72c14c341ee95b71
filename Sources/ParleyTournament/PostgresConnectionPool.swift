import Logging
import NIOCore
import ParleyPostgres
import PostgresNIO
import Synchronization

/// Connections to one PostgreSQL database, opened as the runner's threads need them and kept
/// for reuse, with blocking calls: the tournament runner plays sessions on its own threads,
/// never on an event loop's, so waiting there for a reply is safe.
final class PostgresConnectionPool: Sendable {
    /// The database.
    let address: PostgresAddress
    private let idle = Mutex<[PostgresConnection]>([])
    private let opened = Atomic<Int>(0)
    /// Quiet: failures reach the user as one-line errors, not as log lines.
    private let logger = Logger(label: "parley.tournament.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    init(address: PostgresAddress) {
        self.address = address
    }

    deinit {
        // PostgresConnection asserts that it is closed before it goes.
        for connection in idle.withLock({ $0 }) { Self.close(connection) }
    }

    /// Runs `body` with a connection of its own; a connection whose work failed is closed, not
    /// reused, since it may be inside an aborted transaction.
    func withConnection<Result>(_ body: (PostgresConnection) throws -> Result) throws(TournamentError) -> Result {
        do {
            let connection = try idle.withLock { $0.popLast() } ?? connect()
            do {
                let result = try body(connection)
                idle.withLock { $0.append(connection) }
                return result
            } catch {
                Self.close(connection)
                throw error
            }
        } catch let error as TournamentError {
            throw error
        } catch {
            throw .database(path: address.description, problem: PSQLError.oneLine(error))
        }
    }

    /// Runs one statement and waits for all its rows.
    func query(_ query: PostgresQuery, on connection: PostgresConnection) throws -> PostgresQueryResult {
        try connection.query(query, logger: logger).wait()
    }

    /// Runs one statement on a connection of its own.
    func query(_ query: PostgresQuery) throws(TournamentError) -> PostgresQueryResult {
        try withConnection { connection in try self.query(query, on: connection) }
    }

    private static func close(_ connection: PostgresConnection) {
        let closed: EventLoopFuture<Void> = connection.close()
        try? closed.wait()
    }

    private func connect() throws -> PostgresConnection {
        try address.connect(id: opened.add(1, ordering: .relaxed).newValue, logger: logger)
    }
}
