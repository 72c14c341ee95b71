import Foundation
import ParleySupport

/// A PostgreSQL database named by a URL, `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`,
/// as `--database` (tournaments, the server) and `tournament report` take it; anything else is
/// an SQLite path.
public struct PostgresAddress: Hashable, Sendable, CustomStringConvertible {
    /// The role to connect as.
    public var user: String
    /// The password, if the server asks for one (none with trust or peer authentication).
    public var password: String?
    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The database's name.
    public var database: String

    /// Whether `text` names a PostgreSQL database rather than a file.
    public static func isAddress(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads a URL; a malformed one is a `FormatError` naming what is missing.
    public init(_ text: String) throws(FormatError) {
        func bad(_ problem: String) -> FormatError {
            FormatError(file: Self.redacted(text), "is not a usable PostgreSQL URL: \(problem) (postgres://USER@HOST:PORT/DATABASE)")
        }
        guard Self.isAddress(text), let components = URLComponents(string: text) else { throw bad("it does not parse") }
        guard let user = components.percentEncodedUser.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            throw bad("no user")
        }
        guard let host = components.host, !host.isEmpty else { throw bad("no host") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw bad("no database name after the host") }
        if let port = components.port, !(1...65535).contains(port) { throw bad("the port must be between 1 and 65535") }
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode", item.value == "disable" else {
                throw bad(
                    "'\(item.name)' is not supported (connections are without TLS; reach a remote server through a tunnel or a private network)")
            }
        }
        self.user = user
        self.password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        self.host = host
        self.port = components.port ?? 5432
        self.database = database.removingPercentEncoding ?? database
    }

    /// The URL without its password, for messages.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// `text` with anything between "://USER:" and "@" left out, for a message about a URL that did not parse.
    public static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") else { return text }
        let credentials = text[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":…" + String(text[at...])
    }
}
