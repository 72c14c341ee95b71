import Foundation

/// A PostgreSQL 15 server of the tests' own: a cluster made by initdb in a temporary folder and
/// started by pg_ctl on a free loopback port, with trust authentication and no password. When
/// the tests run as root it runs as the `postgres` user, since PostgreSQL refuses root.
public final class PostgresCluster {
    /// A step of the set-up that failed, with what the command printed.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// PostgreSQL's programs: where Debian's PostgreSQL 15 puts them, or the folder
    /// `PARLEY_POSTGRES_BIN` names (another system's installation).
    public static let binaries = URL(fileURLWithPath: ProcessInfo.processInfo.environment["PARLEY_POSTGRES_BIN"] ?? "/usr/lib/postgresql/15/bin")
    /// The superuser initdb makes, the user of every URL.
    public static let user = "parley"

    public let folder: URL
    public let port: Int
    private var data: URL { folder.appendingPathComponent("data") }
    private let asPostgres = getuid() == 0

    /// Makes and starts a cluster; fails, never skips, when PostgreSQL 15 is not installed.
    public init() throws {
        let initdb = Self.binaries.appendingPathComponent("initdb").path
        guard FileManager.default.isExecutableFile(atPath: initdb) else {
            throw Failure(
                description:
                    "PostgreSQL 15 is not installed (\(initdb) is missing): apt-get install postgresql, as .ci/run does, or set PARLEY_POSTGRES_BIN"
            )
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-pg-\(UUID().uuidString.prefix(8))")
        port = try Self.freePort()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        do {
            if asPostgres { try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: folder.path) }
            try server("initdb", ["-D", data.path, "-U", Self.user, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"])
            try server(
                "pg_ctl",
                [
                    "-D", data.path, "-l", folder.appendingPathComponent("server.log").path, "-w", "-t", "60", "-o",
                    "-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100", "start",
                ])
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    /// Stops the server at once and removes its folder.
    public func stop() {
        _ = try? server("pg_ctl", ["-D", data.path, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: folder)
    }

    /// The URL of `database`, without password or TLS.
    public func url(_ database: String) -> String { "postgres://\(Self.user)@127.0.0.1:\(port)/\(database)" }

    /// Creates an empty database.
    public func createDatabase(_ name: String) throws {
        _ = try psql("postgres", "CREATE DATABASE \(name)")
    }

    /// Runs SQL with psql and returns its unaligned output, without the last line break.
    public func psql(_ database: String, _ sql: String) throws -> String {
        let output = try Self.run(
            Self.binaries.appendingPathComponent("psql").path,
            ["-X", "-A", "-t", "-q", "-h", "127.0.0.1", "-p", String(port), "-U", Self.user, "-d", database, "-c", sql])
        return output.hasSuffix("\n") ? String(output.dropLast()) : output
    }

    /// Runs a server program, as `postgres` when the tests run as root, with no open file but
    /// the standard three: the server pg_ctl leaves running must not hold the descriptor by
    /// which Foundation learns that a child exited (this one's, or another test's), or
    /// `waitUntilExit` would wait for the server.
    @discardableResult
    private func server(_ program: String, _ arguments: [String]) throws -> String {
        let path = Self.binaries.appendingPathComponent(program).path
        let closeAndRun = """
            ( for fd in /proc/self/fd/*; do n=${fd##*/}; if [ "$n" -gt 2 ]; then eval "exec $n>&-"; fi; done; exec "$@" ); exit $?
            """
        let command = asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--", path] : [path]
        return try Self.run("/bin/bash", ["-c", closeAndRun, "bash"] + command + arguments, in: folder)
    }

    /// Runs a program to its end; a failure carries what it printed.
    private static func run(_ path: String, _ arguments: [String], in directory: URL? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("parley-pg-output-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(path) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus): \(output)")
        }
        return output
    }

    /// A loopback port nothing listens on now: the kernel's choice for a socket bound to port 0.
    public static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "no socket for a free port") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "could not bind a loopback socket to find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
