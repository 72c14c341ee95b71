import Foundation
import Logging
import NIOCore
import ParleyPostgres
import ParleySupport
import PostgresNIO

/// The server's store on PostgreSQL, shared by any number of `parley serve` replicas: the same
/// tables as SQLite's (negotiations, token digests, answer logs with their idempotency keys),
/// plus a lease per running negotiation. Every replica replays a log to the same events; the
/// lease says which one writes the server's own answers (timeouts). Appending an answer sends
/// a notification (`NOTIFY parley_answers`) that every replica follows.
///
/// Correctness does not rest on the lease: an answer's place in a log is its primary key, so
/// of two replicas that answer the same question (a stalled lease holder and its successor, or
/// a client's answer and a timeout) exactly one is stored and both go on from it.
final class PostgresNegotiationStore: NegotiationStorage {
    let address: PostgresAddress
    /// This process, as leases name it: random, new at every start.
    let replica: String
    /// How long a lease lasts without renewal; the hub renews every third of it.
    let leaseSeconds: Double
    let client: PostgresClient
    private let logger: Logger

    var location: String { address.description }
    var isShared: Bool { true }

    /// The notification channel of appended answers; the payload is "ID SEQUENCE".
    static let channel = "parley_answers"
    /// The key of the advisory lock that serialises schema changes between replicas.
    static let lockKey = 0x7061_726C_6579_7331  // "parleys1"

    /// Connects, and brings the schema to the latest version (or to `version`, for tests of
    /// migrations) before returning; `client` must then run as a service.
    init(address: PostgresAddress, leaseSeconds: Double = 10, migratingTo version: Int? = nil) throws {
        self.address = address
        self.leaseSeconds = leaseSeconds
        replica = NegotiationHub.randomHex(bytes: 6)
        logger = Logger(label: "parley.server.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        var configuration = PostgresClient.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password, database: address.database,
            tls: .disable)
        configuration.options.maximumConnections = 16
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        try migrate(upTo: version ?? Self.migrations.count)
    }

    // MARK: Schema

    /// The migrations, in order, version 1 first; each is applied once, in the transaction
    /// that records it in `schema_version` (component `server`; tournaments keep their own).
    static let migrations: [(description: String, statements: [PostgresQuery])] = [
        (
            "negotiations, token digests, answer logs with idempotency keys",
            [
                "CREATE TABLE negotiation (id text PRIMARY KEY, definition text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
                """
                CREATE TABLE negotiation_token (
                    digest text PRIMARY KEY, negotiation_id text NOT NULL REFERENCES negotiation ON DELETE CASCADE, role text NOT NULL)
                """,
                """
                CREATE TABLE negotiation_answer (
                    negotiation_id text NOT NULL REFERENCES negotiation ON DELETE CASCADE,
                    sequence integer NOT NULL,
                    role text NOT NULL,
                    answer text NOT NULL,
                    idempotency_key text,
                    PRIMARY KEY (negotiation_id, sequence))
                """,
                """
                CREATE UNIQUE INDEX negotiation_answer_key ON negotiation_answer (negotiation_id, role, idempotency_key)
                    WHERE idempotency_key IS NOT NULL
                """,
            ]
        ),
        (
            "leases: which replica drives a running negotiation",
            [
                """
                CREATE TABLE negotiation_lease (
                    negotiation_id text PRIMARY KEY REFERENCES negotiation ON DELETE CASCADE,
                    holder text NOT NULL,
                    expires_at timestamptz NOT NULL)
                """,
                "CREATE INDEX negotiation_lease_expiry ON negotiation_lease (expires_at)",
                // Negotiations stored before leases existed are leased as expired: the first
                // replica to renew takes them, replays them and gives up those that have ended.
                "INSERT INTO negotiation_lease (negotiation_id, holder, expires_at) SELECT id, '', now() FROM negotiation",
            ]
        ),
    ]

    /// Applies the migrations up to `version` under an advisory lock, so that replicas starting
    /// at the same moment on an empty database make the schema once.
    private func migrate(upTo version: Int) throws {
        let connection: PostgresConnection
        do {
            connection = try address.connect(id: 0, logger: logger)
        } catch {
            throw FormatError(file: location, PSQLError.oneLine(error))
        }
        defer { try? connection.close().wait() }
        func run(_ query: PostgresQuery) throws -> PostgresQueryResult {
            do { return try connection.query(query, logger: logger).wait() } catch { throw FormatError(file: location, PSQLError.oneLine(error)) }
        }
        _ = try run("BEGIN")
        _ = try run("SELECT pg_advisory_xact_lock(\(Self.lockKey))")
        _ = try run(
            """
            CREATE TABLE IF NOT EXISTS schema_version (
                component text NOT NULL, version integer NOT NULL, description text NOT NULL, PRIMARY KEY (component, version))
            """)
        let current = Int(try run("SELECT coalesce(max(version), 0) FROM schema_version WHERE component = 'server'").first?.decode(Int32.self) ?? 0)
        guard current <= Self.migrations.count else {
            _ = try? run("ROLLBACK")
            throw FormatError(
                file: location, "has server schema version \(current), newer than this parley knows (\(Self.migrations.count)); update parley")
        }
        for (index, migration) in Self.migrations.enumerated() where index + 1 > current && index + 1 <= version {
            for statement in migration.statements { _ = try run(statement) }
            _ = try run(
                "INSERT INTO schema_version (component, version, description) VALUES ('server', \(Int32(index + 1)), \(migration.description))")
        }
        _ = try run("COMMIT")
    }

    // MARK: Negotiations

    func create(id: String, definition: NegotiationDefinition, tokens: [(digest: String, role: String)]) async throws {
        let text = String(decoding: try JSONEncoder.api.encode(definition), as: UTF8.self)
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("INSERT INTO negotiation (id, definition) VALUES (\(id), \(text))", logger: logger)
            for (digest, role) in tokens {
                try await connection.query(
                    "INSERT INTO negotiation_token (digest, negotiation_id, role) VALUES (\(digest), \(id), \(role))", logger: logger)
            }
            try await connection.query(
                """
                INSERT INTO negotiation_lease (negotiation_id, holder, expires_at)
                VALUES (\(id), \(replica), now() + make_interval(secs => \(leaseSeconds)))
                """, logger: logger)
        }
    }

    func record(negotiation id: String, sequence: Int, _ recorded: RecordedAnswer, key: String?) async throws -> RecordOutcome {
        let text = String(decoding: try JSONEncoder.api.encode(recorded.answer), as: UTF8.self)
        do {
            let rows = try await client.query(
                """
                WITH stored AS (
                    INSERT INTO negotiation_answer (negotiation_id, sequence, role, answer, idempotency_key)
                    VALUES (\(id), \(Int32(sequence)), \(recorded.role), \(text), \(key))
                    ON CONFLICT (negotiation_id, sequence) DO NOTHING
                    RETURNING negotiation_id, sequence)
                SELECT pg_notify(\(Self.channel), negotiation_id || ' ' || sequence)::text FROM stored
                """, logger: logger)
            var stored = false
            for try await _ in rows { stored = true }
            if stored { return .stored }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            // The role's idempotency key is taken: its answer is found below.
        }
        if let key, let used = try await self.sequence(of: id, role: recorded.role, key: key) { return .keyUsed(used) }
        return .taken
    }

    /// The sequence of the answer a role gave with an idempotency key, if it gave one.
    func sequence(of id: String, role: String, key: String) async throws -> Int? {
        let rows = try await client.query(
            "SELECT sequence FROM negotiation_answer WHERE negotiation_id = \(id) AND role = \(role) AND idempotency_key = \(key)",
            logger: logger)
        for try await sequence in rows.decode(Int32.self) { return Int(sequence) }
        return nil
    }

    func restore() throws -> [StoredNegotiation] { [] }

    func load(id: String) async throws -> StoredNegotiation? {
        var definitionText: String?
        for try await text in try await client.query("SELECT definition FROM negotiation WHERE id = \(id)", logger: logger).decode(String.self) {
            definitionText = text
        }
        guard let definitionText else { return nil }
        let definition = try JSONDecoder().decode(NegotiationDefinition.self, from: Data(definitionText.utf8))
        var stored = StoredNegotiation(id: id, definition: definition, tokens: [], answers: [])
        let tokens = try await client.query("SELECT digest, role FROM negotiation_token WHERE negotiation_id = \(id)", logger: logger)
        for try await (digest, role) in tokens.decode((String, String).self) { stored.tokens.append((digest, role)) }
        let keys = try await client.query(
            "SELECT role, idempotency_key, sequence FROM negotiation_answer WHERE negotiation_id = \(id) AND idempotency_key IS NOT NULL",
            logger: logger)
        for try await (role, key, sequence) in keys.decode((String, String, Int32).self) { stored.keys.append((role, key, Int(sequence))) }
        stored.answers = try await answers(of: id, from: 0)
        return stored
    }

    func grant(digest: String) async throws -> Grant? {
        let rows = try await client.query("SELECT negotiation_id, role FROM negotiation_token WHERE digest = \(digest)", logger: logger)
        for try await (id, role) in rows.decode((String, String).self) { return Grant(negotiation: id, role: role) }
        return nil
    }

    func answers(of id: String, from sequence: Int) async throws -> [RecordedAnswer] {
        let rows = try await client.query(
            "SELECT role, answer FROM negotiation_answer WHERE negotiation_id = \(id) AND sequence >= \(Int32(sequence)) ORDER BY sequence",
            logger: logger)
        var answers: [RecordedAnswer] = []
        let decoder = JSONDecoder()
        for try await (role, text) in rows.decode((String, String).self) {
            answers.append(RecordedAnswer(role: role, answer: try decoder.decode(Answer.self, from: Data(text.utf8))))
        }
        return answers
    }

    // MARK: Leases

    func renewLeases() async throws -> (held: Set<String>, taken: [String]) {
        var held = Set<String>()
        let renewed = try await client.query(
            """
            UPDATE negotiation_lease SET expires_at = now() + make_interval(secs => \(leaseSeconds))
            WHERE holder = \(replica) RETURNING negotiation_id
            """, logger: logger)
        for try await id in renewed.decode(String.self) { held.insert(id) }
        var taken: [String] = []
        let expired = try await client.query(
            """
            UPDATE negotiation_lease AS lease SET holder = \(replica), expires_at = now() + make_interval(secs => \(leaseSeconds))
            FROM (SELECT negotiation_id FROM negotiation_lease WHERE expires_at < now() ORDER BY expires_at LIMIT 100
                  FOR UPDATE SKIP LOCKED) AS due
            WHERE lease.negotiation_id = due.negotiation_id
            RETURNING lease.negotiation_id
            """, logger: logger)
        for try await id in expired.decode(String.self) {
            held.insert(id)
            taken.append(id)
        }
        return (held, taken)
    }

    func releaseLease(of id: String) async throws {
        try await client.query("DELETE FROM negotiation_lease WHERE negotiation_id = \(id) AND holder = \(replica)", logger: logger)
    }

    // MARK: Following other replicas

    func follow(
        answered: @escaping @Sendable (String, Int) async -> Void, resynchronise: @escaping @Sendable () async -> Void
    ) async throws {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        // Listening now: anything appended before is found by resynchronising.
                        await resynchronise()
                        for try await notification in notifications {
                            let parts = notification.payload.split(separator: " ")
                            guard parts.count == 2, let sequence = Int(parts[1]) else { continue }
                            await answered(String(parts[0]), sequence)
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
            }
            // The connection was lost: listen again after a pause.
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
