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
