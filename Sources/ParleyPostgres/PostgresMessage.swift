import Logging
import NIOPosix
import PostgresNIO

extension PSQLError {
    /// A PostgreSQL client error in one line: the server's own message where there is one
    /// (PSQLError's description hides it on purpose, so that no data leaks into logs).
    public static func oneLine(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return message + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        if error.code == .connectionError {
            return "cannot connect (\(error.underlying.map { "\($0)" } ?? "no reply")); is PostgreSQL running there?"
        }
        return "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
    }
}

extension PostgresAddress {
    /// How long a connection attempt (TCP and the start-up exchange) may take.
    public static let connectTimeout = TimeAmount.seconds(10)

    /// Opens one connection, without TLS, and waits for it: for callers off the event loops.
    public func connect(id: Int, logger: Logger) throws -> PostgresConnection {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: .disable)
        configuration.options.connectTimeout = Self.connectTimeout
        return try PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id, logger: logger
        ).wait()
    }
}
