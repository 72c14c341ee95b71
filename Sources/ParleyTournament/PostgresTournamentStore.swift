import ParleyPostgres
import PostgresNIO

/// A tournament's sessions in PostgreSQL, shared by workers on any number of machines: one
/// row per cell as in SQLite, plus one claim row per cell not stored yet, which a worker leases
/// (`FOR UPDATE SKIP LOCKED`) before playing it. A worker that dies holds its cells only until
/// its lease expires; the cell is the key of the sessions, so none is stored twice.
///
/// Schema changes are numbered migrations recorded in `schema_version`. Creating the schema and
/// registering the plan happen in one transaction under an advisory lock, so workers may start
/// at the same moment on an empty database.
public final class PostgresTournamentStore: TournamentStorage {
    /// The database.
    public let address: PostgresAddress
    /// How long a claim on a cell lasts without renewal; renewed every third of it while the
    /// cell plays.
    public let lease: Duration
    let pool: PostgresConnectionPool

    /// The database, without its password, as messages name it.
    public var location: String { address.description }

    /// The default lease: long enough for a slow session between renewals, short enough that a
    /// dead worker's cells are soon played by another.
    public static let defaultLease = Duration.seconds(30)

    /// Opens the database at `address` for the plan with `fingerprint` and `cellCount` cells,
    /// creating or migrating the schema and registering the plan if it is the first; a database
    /// of another plan is refused.
    public init(address: PostgresAddress, fingerprint: String, cellCount: Int, lease: Duration = defaultLease) throws(TournamentError) {
        self.address = address
        self.lease = lease
        pool = PostgresConnectionPool(address: address)
        let stored = try migrate(registering: (fingerprint, cellCount))
        if let stored, stored != fingerprint {
            throw .database(path: location, problem: "holds another tournament (its plan: \(stored.prefix(120))…); use another --database")
        }
    }

    /// Opens an existing tournament database, whatever its plan; one without a tournament is refused
    /// and left unchanged.
    public init(existing address: PostgresAddress) throws(TournamentError) {
        self.address = address
        lease = Self.defaultLease
        pool = PostgresConnectionPool(address: address)
        let exists = try pool.query("SELECT to_regclass('tournament_meta') IS NOT NULL").first.map { try? $0.decode(Bool.self) } ?? nil
        guard exists == true, try migrate(registering: nil) != nil else {
            throw .database(path: location, problem: "is not a tournament database")
        }
    }

    /// The key of the advisory lock that serialises schema changes and plan registration.
    static let lockKey = 0x7061_726C_6579_7431  // "parleyt1"

    /// The migrations, in order; each is applied once, in the transaction that records it.
    static let migrations: [(version: Int, description: String, statements: [PostgresQuery])] = [
        (
            1, "tournament sessions, plan and claims",
            [
                "CREATE TABLE tournament_meta (key text PRIMARY KEY, value text NOT NULL)",
                """
                CREATE TABLE tournament_session (
                    cell bigint PRIMARY KEY,
                    scenario text NOT NULL,
                    strategies text NOT NULL,
                    repetition bigint NOT NULL,
                    seed text NOT NULL,
                    reason text NOT NULL,
                    rounds bigint NOT NULL,
                    utilities text NOT NULL,
                    discounted text NOT NULL,
                    reservations text NOT NULL,
                    distance_to_frontier double precision,
                    distance_to_nash double precision,
                    welfare double precision NOT NULL,
                    seconds double precision NOT NULL
                )
                """,
                "CREATE TABLE tournament_claim (cell bigint PRIMARY KEY, claimed_by text, lease_expires_at timestamptz)",
            ]
        )
    ]

    /// Brings the schema to the latest version and, given a plan, registers it with a claim row
    /// per cell if the database has none; returns the plan stored before (nil if none was).
    private func migrate(registering plan: (fingerprint: String, cells: Int)?) throws(TournamentError) -> String? {
        try pool.withConnection { connection in
            _ = try pool.query("BEGIN", on: connection)
            _ = try pool.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", on: connection)
            _ = try pool.query(
                """
                CREATE TABLE IF NOT EXISTS schema_version (
                    component text NOT NULL, version integer NOT NULL, description text NOT NULL, PRIMARY KEY (component, version))
                """, on: connection)
            let current =
                try pool.query("SELECT coalesce(max(version), 0) FROM schema_version WHERE component = 'tournament'", on: connection)
                .first?.decode(Int32.self) ?? 0
            let latest = Self.migrations.last?.version ?? 0
            guard current <= latest else {
                throw TournamentError.database(
                    path: location, problem: "has tournament schema version \(current), newer than this parley knows (\(latest)); update parley")
            }
            for migration in Self.migrations where migration.version > current {
                for statement in migration.statements { _ = try pool.query(statement, on: connection) }
                _ = try pool.query(
                    "INSERT INTO schema_version (component, version, description) VALUES ('tournament', \(Int32(migration.version)), \(migration.description))",
                    on: connection)
            }
            let stored = try pool.query("SELECT value FROM tournament_meta WHERE key = 'plan'", on: connection).first?.decode(String.self)
            if stored == nil, let plan {
                _ = try pool.query("INSERT INTO tournament_meta (key, value) VALUES ('plan', \(plan.fingerprint))", on: connection)
                _ = try pool.query(
                    "INSERT INTO tournament_claim (cell) SELECT generate_series(0::bigint, \(plan.cells - 1))", on: connection)
            }
            _ = try pool.query("COMMIT", on: connection)
            return stored
        }
    }

    /// The plan this database holds.
    public func fingerprint() throws(TournamentError) -> String {
        try pool.withConnection { connection in
            try pool.query("SELECT value FROM tournament_meta WHERE key = 'plan'", on: connection).first?.decode(String.self) ?? ""
        }
    }

    /// The cells already stored.
    public func finishedCells() throws(TournamentError) -> Set<Int> {
        try pool.withConnection { connection in
            Set(try pool.query("SELECT cell FROM tournament_session", on: connection).map { try $0.decode(Int.self) })
        }
    }

    /// Stores a finished session and drops its claim, in one statement; a cell already stored is
    /// left as it is.
    public func record(_ row: TournamentStore.Row) throws(TournamentError) {
        let query: PostgresQuery = """
            WITH stored AS (
                INSERT INTO tournament_session (cell, scenario, strategies, repetition, seed, reason, rounds, utilities, discounted, reservations,
                    distance_to_frontier, distance_to_nash, welfare, seconds)
                VALUES (\(row.cell), \(row.scenario), \(row.strategies.joined(separator: ",")), \(row.repetition), \(String(row.seed)),
                    \(row.reason), \(row.rounds), \(TournamentStore.encode(row.utilities)), \(TournamentStore.encode(row.discounted)),
                    \(TournamentStore.encode(row.reservations)), \(row.distanceToFrontier), \(row.distanceToNash), \(row.welfare), \(row.seconds))
                ON CONFLICT (cell) DO NOTHING
            )
            DELETE FROM tournament_claim WHERE cell = \(row.cell)
            """
        _ = try pool.query(query)
    }

    /// Every stored session, by cell: the order SQLite gives, so that summaries add up alike.
    public func rows() throws(TournamentError) -> [TournamentStore.Row] {
        try pool.withConnection { connection in
            try pool.query(
                """
                SELECT cell, scenario, strategies, repetition, seed, reason, rounds, utilities, discounted, reservations,
                    distance_to_frontier, distance_to_nash, welfare, seconds
                FROM tournament_session ORDER BY cell
                """, on: connection
            ).map { row in
                let (
                    cell, scenario, strategies, repetition, seed, reason, rounds, utilities, discounted, reservations, frontier, nash, welfare,
                    seconds
                ) =
                    try row.decode((Int, String, String, Int, String, String, Int, String, String, String, Double?, Double?, Double, Double).self)
                return TournamentStore.Row(
                    cell: cell, scenario: scenario, strategies: strategies.split(separator: ",").map(String.init), repetition: repetition,
                    seed: UInt64(seed) ?? 0, reason: reason, rounds: rounds, utilities: TournamentStore.decode(utilities),
                    discounted: TournamentStore.decode(discounted), reservations: TournamentStore.decode(reservations),
                    distanceToFrontier: frontier, distanceToNash: nash, welfare: welfare, seconds: seconds)
            }
        }
    }

    /// The cells of `shard` this worker plays, claimed one at a time with a lease.
    public func queue(of cells: [TournamentPlan.Cell], shard: (index: Int, count: Int), limit: Int?) throws(TournamentError)
        -> any TournamentQueue
    {
        try PostgresTournamentQueue(store: self, cells: cells, shard: shard, limit: limit)
    }
}
