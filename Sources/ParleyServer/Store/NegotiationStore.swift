import Foundation
import GRDB

/// The server's SQLite database (GRDB, WAL): negotiations' definitions, role tokens, and every
/// answer remote roles gave, in order. It is all a restart needs: the engine replays the rest.
/// One process uses it; replicas share a `PostgresNegotiationStore`.
final class NegotiationStore: NegotiationStorage {
    let database: DatabasePool

    /// The database file.
    var location: String { database.path }

    /// Opens (or creates) the database at `path` and migrates it.
    init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // WAL (DatabasePool's mode) with NORMAL: a committed answer survives the process
            // being killed; only a power cut can lose the last commits.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        configuration.busyMode = .timeout(10)
        database = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(database)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: negotiations, tokens, answers") { db in
            try db.create(table: "negotiation") { table in
                table.primaryKey("id", .text)
                table.column("definition", .text).notNull()
                table.column("createdAt", .double).notNull()
            }
            try db.create(table: "token") { table in
                table.primaryKey("token", .text)
                table.column("negotiationId", .text).notNull().indexed().references("negotiation", onDelete: .cascade)
                table.column("role", .text).notNull()
            }
            try db.create(table: "answer") { table in
                table.column("negotiationId", .text).notNull().references("negotiation", onDelete: .cascade)
                table.column("sequence", .integer).notNull()
                table.column("role", .text).notNull()
                table.column("answer", .text).notNull()
                table.primaryKey(["negotiationId", "sequence"])
            }
        }
        migrator.registerMigration("v2: tokens kept as SHA-256 digests") { db in
            let rows = try Row.fetchAll(db, sql: "SELECT token FROM token")
            for row in rows {
                let token: String = row["token"]
                try db.execute(sql: "UPDATE token SET token = ? WHERE token = ?", arguments: [NegotiationHub.digest(token), token])
            }
        }
        migrator.registerMigration("v3: idempotency keys of answers") { db in
            try db.create(table: "idempotency") { table in
                table.column("negotiationId", .text).notNull().references("negotiation", onDelete: .cascade)
                table.column("role", .text).notNull()
                table.column("key", .text).notNull()
                table.column("sequence", .integer).notNull()
                table.primaryKey(["negotiationId", "role", "key"])
            }
        }
        return migrator
    }

    /// Saves a new negotiation and its tokens in one transaction.
    func create(id: String, definition: NegotiationDefinition, tokens: [(digest: String, role: String)]) async throws {
        let text = String(decoding: try JSONEncoder.api.encode(definition), as: UTF8.self)
        let now = Date().timeIntervalSince1970
        try await database.write { db in
            try db.execute(sql: "INSERT INTO negotiation (id, definition, createdAt) VALUES (?, ?, ?)", arguments: [id, text, now])
            for (token, role) in tokens {
                try db.execute(sql: "INSERT INTO token (token, negotiationId, role) VALUES (?, ?, ?)", arguments: [token, id, role])
            }
        }
    }

    /// Appends answer number `sequence`, with its idempotency key if it has one, in one
    /// transaction; a second answer with the same number is refused (the process's one
    /// `LiveNegotiation` lets only one answer claim a place, so that is a failure, not `taken`).
    func record(negotiation id: String, sequence: Int, _ recorded: RecordedAnswer, key: String?) async throws -> RecordOutcome {
        let text = String(decoding: try JSONEncoder.api.encode(recorded.answer), as: UTF8.self)
        try await database.write { db in
            try db.execute(
                sql: "INSERT INTO answer (negotiationId, sequence, role, answer) VALUES (?, ?, ?, ?)",
                arguments: [id, sequence, recorded.role, text])
            if let key {
                try db.execute(
                    sql: "INSERT INTO idempotency (negotiationId, role, key, sequence) VALUES (?, ?, ?, ?)",
                    arguments: [id, recorded.role, key, sequence])
            }
        }
        return .stored
    }

    /// Every negotiation, oldest first, with its tokens and answer log.
    func restore() throws -> [StoredNegotiation] {
        try database.read { db in
            let decoder = JSONDecoder()
            var byId: [String: StoredNegotiation] = [:]
            var order: [String] = []
            for row in try Row.fetchAll(db, sql: "SELECT id, definition FROM negotiation ORDER BY createdAt, id") {
                let id: String = row["id"]
                let definition = try decoder.decode(NegotiationDefinition.self, from: Data((row["definition"] as String).utf8))
                byId[id] = StoredNegotiation(id: id, definition: definition, tokens: [], answers: [])
                order.append(id)
            }
            for row in try Row.fetchAll(db, sql: "SELECT token, negotiationId, role FROM token") {
                byId[row["negotiationId"] as String]?.tokens.append((row["token"], row["role"]))
            }
            for row in try Row.fetchAll(db, sql: "SELECT negotiationId, role, answer FROM answer ORDER BY negotiationId, sequence") {
                let answer = try decoder.decode(Answer.self, from: Data((row["answer"] as String).utf8))
                byId[row["negotiationId"] as String]?.answers.append(RecordedAnswer(role: row["role"], answer: answer))
            }
            for row in try Row.fetchAll(db, sql: "SELECT negotiationId, role, key, sequence FROM idempotency ORDER BY negotiationId, sequence") {
                byId[row["negotiationId"] as String]?.keys.append((row["role"], row["key"], row["sequence"]))
            }
            return order.compactMap { byId[$0] }
        }
    }
}
