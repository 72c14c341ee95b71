import Foundation
import GRDB

/// A tournament's sessions in SQLite: one row per cell, written as each session finishes, in
/// WAL mode with full synchronisation, so a killed tournament loses at most the sessions that
/// were running and resumes without running a finished one again. The cell index is the
/// primary key: no session is ever counted twice.
public final class TournamentStore: TournamentStorage {
    /// One finished session.
    public struct Row: Hashable, Sendable {
        /// The cell's index in the plan.
        public var cell: Int
        /// The scenario's entry name.
        public var scenario: String
        /// Strategy per party, in party order.
        public var strategies: [String]
        /// Which repetition of the assignment it was, from 0.
        public var repetition: Int
        /// The session's seed.
        public var seed: UInt64
        /// How the session ended, as `EndReason.label` names it.
        public var reason: String
        /// Rounds used.
        public var rounds: Int
        /// Each party's utility for the result, in party order.
        public var utilities: [Double]
        /// The utilities with each party's discount applied (equal to `utilities` when no party
        /// discounts, and for sessions stored before discounts were kept).
        public var discounted: [Double]
        /// Each party's reservation value.
        public var reservations: [Double]
        /// The agreement's distance to the Pareto frontier; nil without agreement or analysis.
        public var distanceToFrontier: Double?
        /// The agreement's distance to the Nash point; nil without agreement, analysis or Nash point.
        public var distanceToNash: Double?
        /// The sum of `utilities`.
        public var welfare: Double
        /// Wall-clock seconds the session took; the one column that differs from run to run.
        public var seconds: Double

        /// A row; the discounted utilities are the utilities unless given.
        public init(
            cell: Int, scenario: String, strategies: [String], repetition: Int, seed: UInt64, reason: String, rounds: Int,
            utilities: [Double], discounted: [Double]? = nil, reservations: [Double], distanceToFrontier: Double?, distanceToNash: Double?,
            welfare: Double, seconds: Double
        ) {
            self.discounted = discounted ?? utilities
            self.cell = cell
            self.scenario = scenario
            self.strategies = strategies
            self.repetition = repetition
            self.seed = seed
            self.reason = reason
            self.rounds = rounds
            self.utilities = utilities
            self.reservations = reservations
            self.distanceToFrontier = distanceToFrontier
            self.distanceToNash = distanceToNash
            self.welfare = welfare
            self.seconds = seconds
        }
    }

    /// The database file.
    public let path: String
    /// The database file, as messages name it.
    public var location: String { path }
    private let database: DatabaseQueue

    /// Opens (or creates) the database at `path` for the plan with `fingerprint`; a database
    /// of another plan is refused.
    public init(path: String, fingerprint: String) throws(TournamentError) {
        self.path = path
        do {
            var configuration = Configuration()
            // Another process may hold the file (a report, a second shard merging): wait for it.
            configuration.busyMode = .timeout(30)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            database = try DatabaseQueue(path: path, configuration: configuration)
            try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try Self.migrator.migrate(database)
            let stored = try database.write { db -> String? in
                if let existing = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'plan'") { return existing }
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('plan', ?)", arguments: [fingerprint])
                return nil
            }
            if let stored, stored != fingerprint {
                throw TournamentError.database(
                    path: path, problem: "holds another tournament (its plan: \(stored.prefix(120))…); use another --database")
            }
        } catch let error as TournamentError {
            throw error
        } catch {
            throw .database(path: path, problem: "\(error)")
        }
    }

    /// Opens an existing tournament database, whatever its plan.
    public static func open(path: String) throws(TournamentError) -> TournamentStore {
        let fingerprint: String
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(30)
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            guard let stored = try queue.read({ db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'plan'") }) else {
                throw TournamentError.database(path: path, problem: "is not a tournament database")
            }
            fingerprint = stored
        } catch let error as TournamentError {
            throw error
        } catch {
            throw .database(path: path, problem: "is not a tournament database: \(error)")
        }
        return try TournamentStore(path: path, fingerprint: fingerprint)
    }

    /// The plan this database holds.
    public func fingerprint() throws(TournamentError) -> String {
        do {
            return try database.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'plan'") } ?? ""
        } catch {
            throw .database(path: path, problem: "\(error)")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                    CREATE TABLE session (
                        cell INTEGER PRIMARY KEY NOT NULL,
                        scenario TEXT NOT NULL,
                        strategies TEXT NOT NULL,
                        repetition INTEGER NOT NULL,
                        seed TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        rounds INTEGER NOT NULL,
                        utilities TEXT NOT NULL,
                        reservations TEXT NOT NULL,
                        distanceToFrontier REAL,
                        distanceToNash REAL,
                        welfare REAL NOT NULL,
                        seconds REAL NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2: discounted utilities") { db in
            try db.execute(sql: "ALTER TABLE session ADD COLUMN discounted TEXT")
        }
        return migrator
    }

    /// The cells already stored.
    public func finishedCells() throws(TournamentError) -> Set<Int> {
        do { return Set(try database.read { db in try Int.fetchAll(db, sql: "SELECT cell FROM session") }) } catch {
            throw .database(path: path, problem: "\(error)")
        }
    }

    /// Stores a finished session; a cell already stored is left as it is.
    public func record(_ row: Row) throws(TournamentError) {
        do {
            try database.write { db in
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO session
                        (cell, scenario, strategies, repetition, seed, reason, rounds, utilities, reservations, distanceToFrontier, distanceToNash, welfare, seconds,
                         discounted)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        row.cell, row.scenario, row.strategies.joined(separator: ","), row.repetition, String(row.seed), row.reason, row.rounds,
                        Self.encode(row.utilities), Self.encode(row.reservations), row.distanceToFrontier, row.distanceToNash, row.welfare,
                        row.seconds, Self.encode(row.discounted),
                    ])
            }
        } catch {
            throw .database(path: path, problem: "\(error)")
        }
    }

    /// Every stored session, by cell.
    public func rows() throws(TournamentError) -> [Row] {
        do {
            return try database.read { db in
                try GRDB.Row.fetchAll(db, sql: "SELECT * FROM session ORDER BY cell").map { row in
                    Row(
                        cell: row["cell"], scenario: row["scenario"],
                        strategies: (row["strategies"] as String).split(separator: ",").map(String.init),
                        repetition: row["repetition"], seed: UInt64(row["seed"] as String) ?? 0, reason: row["reason"], rounds: row["rounds"],
                        utilities: Self.decode(row["utilities"]), discounted: (row["discounted"] as String?).map(Self.decode),
                        reservations: Self.decode(row["reservations"]),
                        distanceToFrontier: row["distanceToFrontier"], distanceToNash: row["distanceToNash"], welfare: row["welfare"],
                        seconds: row["seconds"])
                }
            }
        } catch {
            throw .database(path: path, problem: "\(error)")
        }
    }

    /// Copies every session of another database of the same plan into this one (shards into one);
    /// returns how many were new. A database of another plan is refused.
    public func merge(from other: TournamentStore) throws(TournamentError) -> Int {
        guard try other.fingerprint() == fingerprint() else {
            throw .database(path: other.path, problem: "holds another tournament than \(path) (a different plan); only shards of one plan merge")
        }
        var added = 0
        let before = try finishedCells()
        for row in try other.rows() where !before.contains(row.cell) {
            try record(row)
            added += 1
        }
        return added
    }

    /// Utilities as text that reads back exactly ("0.1,0.25").
    static func encode(_ values: [Double]) -> String { values.map { "\($0)" }.joined(separator: ",") }
    static func decode(_ text: String) -> [Double] { text.split(separator: ",").compactMap { Double($0) } }
}
