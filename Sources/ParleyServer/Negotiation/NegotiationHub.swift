import Crypto
import Foundation
import HTTPTypes
import Logging
import Parley
import ServiceLifecycle
import Synchronization

/// What a token grants: one role in one negotiation.
struct Grant: Sendable, Hashable {
    var negotiation: String
    var role: String
}

/// The live negotiations and their tokens. Restores every stored negotiation when it is made
/// (replaying answer logs), and, as a service, stops the session threads on shutdown.
final class NegotiationHub: Service, Sendable {
    let store: NegotiationStore
    let library: ScenarioLibrary
    let defaultAnswerTimeout: Double
    let admission: AdmissionPolicy
    let creationLimiter: CreationLimiter?
    private let state = Mutex<(negotiations: [String: LiveNegotiation], grants: [String: Grant], keys: [KeyedAnswer: Int])>(([:], [:], [:]))

    /// An idempotency key as given by one role of one negotiation.
    struct KeyedAnswer: Hashable {
        var negotiation: String
        var role: String
        var key: String
    }

    init(
        store: NegotiationStore, library: ScenarioLibrary, answerTimeout: Double = 3600, admission: AdmissionPolicy = .init(),
        logger: Logger = Logger(label: "parley-server")
    ) throws {
        self.store = store
        self.library = library
        self.defaultAnswerTimeout = answerTimeout
        self.admission = admission
        self.creationLimiter = admission.creationsPerMinute.map(CreationLimiter.init(perMinute:))
        var restored = 0
        var answers = 0
        for stored in try store.loadAll() {
            let live: LiveNegotiation
            do {
                live = try makeLive(id: stored.id, definition: stored.definition, log: stored.answers)
            } catch {
                logger.error("negotiation \(stored.id) cannot be restored: \(error)")
                continue
            }
            restored += 1
            answers += stored.answers.count
            state.withLock { state in
                state.negotiations[stored.id] = live
                for (digest, role) in stored.tokens { state.grants[digest] = Grant(negotiation: stored.id, role: role) }
                for (role, key, sequence) in stored.keys {
                    state.keys[KeyedAnswer(negotiation: stored.id, role: role, key: key)] = sequence
                }
            }
            live.start()
        }
        logger.notice(
            "restored \(restored) negotiation\(restored == 1 ? "" : "s") from \(store.path), replaying \(answers) stored answer\(answers == 1 ? "" : "s")"
        )
    }

    func run() async throws {
        try? await gracefulShutdown()
        for live in state.withLock({ Array($0.negotiations.values) }) { live.cancel() }
    }

    /// The grant of a presented token. Only tokens' digests are kept, in memory and on disk, so
    /// a copy of the database grants nothing.
    func grant(for token: String) -> Grant? {
        let digest = Self.digest(token)
        return state.withLock { $0.grants[digest] }
    }

    /// The SHA-256 of a token, in hex: what the store and the grant table hold.
    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
    }

    func negotiation(_ id: String) -> LiveNegotiation? { state.withLock { $0.negotiations[id] } }

    var count: Int { state.withLock { $0.negotiations.count } }

    /// The roles of a definition: parties in order, the mediator, the observer.
    static func roles(of scenario: Scenario, definition: NegotiationDefinition) -> [Role] {
        var roles = scenario.parties.enumerated().map { index, party in
            Role(name: party.name, kind: .party, party: index, strategy: definition.negotiators[index])
        }
        if let mediator = definition.mediator { roles.append(Role(name: scenario.mediator?.name ?? "mediator", kind: .mediator, strategy: mediator)) }
        roles.append(Role(name: Session.observer, kind: .observer))
        return roles
    }

    private func makeLive(id: String, definition: NegotiationDefinition, log: [RecordedAnswer]) throws(DefinitionError) -> LiveNegotiation {
        let scenario = try definition.scenario()
        let store = self.store
        return LiveNegotiation(
            id: id, definition: definition, scenario: scenario, roles: Self.roles(of: scenario, definition: definition), log: log,
            recordTimeout: { sequence, answer in try store.recordSynchronously(negotiation: id, sequence: sequence, answer) })
    }

    /// Checks a definition, stores it with a fresh token per role and starts it.
    func create(_ definition: NegotiationDefinition) async throws -> (LiveNegotiation, [(token: String, role: Role)]) {
        let scenario: Scenario
        do { scenario = try definition.scenario() } catch { throw APIError(.unprocessableContent, error.message) }
        let roles = Self.roles(of: scenario, definition: definition)
        if Set(roles.map(\.name)).count != roles.count {
            throw APIError(.unprocessableContent, "role names must differ: parties, the mediator and '\(Session.observer)' share a name")
        }
        // Check the session can start before storing it (a missing mediator, a bad deadline).
        do {
            for role in roles where role.strategy != nil && !role.isRemote {
                if role.kind == .party {
                    _ = try Strategies.negotiator(named: role.strategy!)
                } else {
                    _ = try Strategies.mediator(named: role.strategy!)
                }
            }
            try scenario.validate()
        } catch {
            throw APIError(.unprocessableContent, "\(error)")
        }
        let id = Self.randomHex(bytes: 8)
        let tokens = roles.map { (token: Self.randomHex(bytes: 24), role: $0) }
        try await store.create(id: id, definition: definition, tokens: tokens.map { (Self.digest($0.token), $0.role.name) })
        let live: LiveNegotiation
        do { live = try makeLive(id: id, definition: definition, log: []) } catch { throw APIError(.unprocessableContent, error.message) }
        state.withLock { state in
            state.negotiations[id] = live
            for (token, role) in tokens { state.grants[Self.digest(token)] = Grant(negotiation: id, role: role.name) }
        }
        live.start()
        return (live, tokens)
    }

    /// Checks, logs, then hands an answer to the session. With an idempotency `key` the role
    /// already used, nothing is done and the sequence of the answer it then gave is returned
    /// with `replayed` true, so a client that lost a response may safely send again.
    func submit(_ answer: Answer, to live: LiveNegotiation, as role: String, key: String? = nil) async throws -> (sequence: Int, replayed: Bool) {
        let keyed = key.map { KeyedAnswer(negotiation: live.id, role: role, key: $0) }
        if let keyed, let sequence = state.withLock({ $0.keys[keyed] }) { return (sequence, true) }
        let sequence = try live.claim(answer, role: role)
        do {
            try await store.record(negotiation: live.id, sequence: sequence, RecordedAnswer(role: role, answer: answer), key: key)
        } catch {
            live.release()
            throw APIError(.serviceUnavailable, "the answer could not be stored; try again")
        }
        if let keyed { state.withLock { $0.keys[keyed] = sequence } }
        live.deliver(answer, role: role)
        return (sequence, false)
    }

    /// Hex of `bytes` random bytes from the system's secure generator.
    static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }.joined()
    }
}
