import Foundation

/// Where the server keeps negotiations: their definitions, role tokens (as digests) and answer
/// logs. The log is the source of truth; events are what the engine makes of it, the same on
/// every replay. Two stores: SQLite (`NegotiationStore`), one process; PostgreSQL
/// (`PostgresNegotiationStore`), any number of replicas on one database.
protocol NegotiationStorage: Sendable {
    /// The database, for messages (a path, or a URL without its password).
    var location: String { get }

    /// Whether other processes share the store. A shared store's negotiations are loaded when
    /// first asked for, followed through `follow`, and driven (their timeouts written) only by
    /// the holder of their lease.
    var isShared: Bool { get }

    /// Saves a new negotiation and its tokens in one transaction (and, shared, takes its lease).
    func create(id: String, definition: NegotiationDefinition, tokens: [(digest: String, role: String)]) async throws

    /// Appends answer number `sequence` to a log, with its idempotency key if it has one.
    func record(negotiation id: String, sequence: Int, _ recorded: RecordedAnswer, key: String?) async throws -> RecordOutcome

    /// What a process restores when it starts: every negotiation (SQLite), or none (shared: a
    /// replica loads a negotiation when it is asked for it or takes over its lease).
    func restore() throws -> [StoredNegotiation]

    /// One negotiation, or nil if there is none with that id.
    func load(id: String) async throws -> StoredNegotiation?

    /// The sequence of the answer a role gave with an idempotency key, if it gave one.
    func sequence(of id: String, role: String, key: String) async throws -> Int?

    /// The grant of a token's digest, or nil.
    func grant(digest: String) async throws -> Grant?

    /// The answers of a log from `sequence` on.
    func answers(of id: String, from sequence: Int) async throws -> [RecordedAnswer]

    /// Renews this process's leases and takes over expired ones: the negotiations it drives
    /// now, and those among them it has just taken.
    func renewLeases() async throws -> (held: Set<String>, taken: [String])

    /// Gives up the lease of a negotiation that has ended.
    func releaseLease(of id: String) async throws

    /// Calls `answered` with a negotiation's id and an answer's sequence whenever any process
    /// appends to a log, and `resynchronise` whenever some may have been missed (at the start,
    /// after a lost connection); returns when cancelled.
    func follow(
        answered: @escaping @Sendable (String, Int) async -> Void, resynchronise: @escaping @Sendable () async -> Void
    ) async throws
}

/// What became of an answer given to `record`.
enum RecordOutcome: Sendable, Equatable {
    /// Stored as answer number `sequence`.
    case stored
    /// That place in the log holds another answer: another replica's, or a timeout.
    case taken
    /// The role already used the idempotency key, for the answer with this sequence.
    case keyUsed(Int)
}

/// A negotiation as stored.
struct StoredNegotiation: Sendable {
    var id: String
    var definition: NegotiationDefinition
    /// Token digests and the roles they grant.
    var tokens: [(digest: String, role: String)]
    var answers: [RecordedAnswer]
    /// The idempotency keys answers were given with: (role, key) → the answer's sequence.
    var keys: [(role: String, key: String, sequence: Int)] = []
}

extension NegotiationStorage {
    var isShared: Bool { false }
    func load(id: String) async throws -> StoredNegotiation? { nil }
    func sequence(of id: String, role: String, key: String) async throws -> Int? { nil }
    func grant(digest: String) async throws -> Grant? { nil }
    func answers(of id: String, from sequence: Int) async throws -> [RecordedAnswer] { [] }
    func renewLeases() async throws -> (held: Set<String>, taken: [String]) { ([], []) }
    func releaseLease(of id: String) async throws {}
    func follow(
        answered: @escaping @Sendable (String, Int) async -> Void, resynchronise: @escaping @Sendable () async -> Void
    ) async throws {}
}
