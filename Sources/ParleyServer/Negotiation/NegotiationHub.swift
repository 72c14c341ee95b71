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

/// The live negotiations and their tokens. With SQLite, restores every stored negotiation when
/// it is made (replaying answer logs). With PostgreSQL, one of several replicas: it loads a
/// negotiation when a token for it is first presented or when it takes over its lease, follows
/// the answers other replicas append, and writes timeouts only for the negotiations whose lease
/// it holds. As a service, it stops the sessions on shutdown.
final class NegotiationHub: Service, Sendable {
    let storage: any NegotiationStorage
    let library: ScenarioLibrary
    let defaultAnswerTimeout: Double
    let admission: AdmissionPolicy
    let creationLimiter: CreationLimiter?
    /// How often leases are renewed and expired ones taken over, in seconds.
    let leaseRenewal: Double
    private let logger: Logger
    private let state = Mutex<State>(State())

    private struct State {
        var negotiations: [String: LiveNegotiation] = [:]
        var grants: [String: Grant] = [:]
        var keys: [KeyedAnswer: Int] = [:]
        /// The negotiations whose lease this process holds (shared stores only).
        var driving: Set<String> = []
    }

    /// An idempotency key as given by one role of one negotiation.
    struct KeyedAnswer: Hashable {
        var negotiation: String
        var role: String
        var key: String
    }

    init(
        storage: any NegotiationStorage, library: ScenarioLibrary, answerTimeout: Double = 3600, admission: AdmissionPolicy = .init(),
        leaseRenewal: Double = 10.0 / 3, logger: Logger = Logger(label: "parley-server")
    ) throws {
        self.storage = storage
        self.library = library
        self.defaultAnswerTimeout = answerTimeout
        self.admission = admission
        self.creationLimiter = admission.creationsPerMinute.map(CreationLimiter.init(perMinute:))
        self.leaseRenewal = leaseRenewal
        self.logger = logger
        var restored = 0
        var answers = 0
        for stored in try storage.restore() {
            guard let (live, _) = register(stored) else { continue }
            restored += 1
            answers += stored.answers.count
            live.start()
        }
        if storage.isShared {
            logger.notice("sharing \(storage.location) with any other replicas; negotiations are loaded as they are asked for")
        } else {
            logger.notice(
                "restored \(restored) negotiation\(restored == 1 ? "" : "s") from \(storage.location), replaying \(answers) stored answer\(answers == 1 ? "" : "s")"
            )
        }
    }

    /// Makes a stored negotiation live and adds it and its grants, unless it is there already;
    /// returns the one to use and whether it is new (then not yet started), or nil if it
    /// cannot be restored.
    private func register(_ stored: StoredNegotiation) -> (LiveNegotiation, new: Bool)? {
        let live: LiveNegotiation
        do {
            live = try makeLive(id: stored.id, definition: stored.definition, log: stored.answers)
        } catch {
            logger.error("negotiation \(stored.id) cannot be restored: \(error)")
            return nil
        }
        return state.withLock { state in
            if let existing = state.negotiations[stored.id] { return (existing, false) }
            state.negotiations[stored.id] = live
            for (digest, role) in stored.tokens { state.grants[digest] = Grant(negotiation: stored.id, role: role) }
            for (role, key, sequence) in stored.keys {
                state.keys[KeyedAnswer(negotiation: stored.id, role: role, key: key)] = sequence
            }
            return (live, true)
        }
    }

    func run() async throws {
        if storage.isShared {
            await cancelWhenGracefulShutdown {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await self.followAnswers() }
                    group.addTask { await self.keepLeases() }
                }
            }
        } else {
            try? await gracefulShutdown()
        }
        for live in state.withLock({ Array($0.negotiations.values) }) { live.cancel() }
    }

    /// The grant of a token's digest this process knows. Only tokens' digests are kept, in
    /// memory and in the store, so a copy of the database grants nothing.
    func knownGrant(digest: String) -> Grant? {
        state.withLock { $0.grants[digest] }
    }

    /// The grant of a digest this process has not seen, from the shared store (nil without
    /// one), its negotiation loaded.
    func sharedGrant(digest: String) async -> Grant? {
        guard storage.isShared else { return nil }
        do {
            guard let grant = try await storage.grant(digest: digest), try await mirror(grant.negotiation) != nil else { return nil }
            return grant
        } catch {
            logger.warning("the store could not be asked for a token: \(error)")
            return nil
        }
    }

    /// A negotiation this process has, loading it from a shared store if it has not.
    private func mirror(_ id: String) async throws -> LiveNegotiation? {
        if let live = negotiation(id) { return live }
        guard storage.isShared, let stored = try await storage.load(id: id), let (live, new) = register(stored) else { return nil }
        if new {
            live.start()
            // Answers appended between the load and the registration had no one to notify.
            await refresh(live)
        }
        return live
    }

    /// Appends what a shared store's log has beyond this process's copy.
    private func refresh(_ live: LiveNegotiation) async {
        let first = live.logCount
        do {
            let answers = try await storage.answers(of: live.id, from: first)
            if !answers.isEmpty { live.append(answers, from: first) }
        } catch {
            logger.warning("negotiation \(live.id): the store could not be read: \(error)")
        }
    }

    /// Follows the answers other replicas append, until cancelled.
    private func followAnswers() async {
        do {
            try await storage.follow(
                answered: { [weak self] id, sequence in
                    guard let self, let live = self.negotiation(id), live.logCount <= sequence else { return }
                    Task { await self.refresh(live) }
                },
                resynchronise: { [weak self] in
                    guard let self else { return }
                    for live in self.state.withLock({ Array($0.negotiations.values) }) where live.isRunning { await self.refresh(live) }
                })
        } catch {
            logger.error("following the store's answers stopped: \(error)")
        }
    }

    /// Renews this process's leases, takes over expired ones (loading their negotiations and
    /// timing out what is overdue) and gives up those of ended negotiations, until cancelled.
    private func keepLeases() async {
        while !Task.isCancelled {
            do {
                let (held, taken) = try await storage.renewLeases()
                state.withLock { $0.driving = held }
                for id in taken {
                    logger.notice("negotiation \(id): lease taken over")
                    try await mirror(id)?.timeOutIfOverdue()
                }
                for id in held where negotiation(id)?.isRunning == false {
                    try await storage.releaseLease(of: id)
                }
            } catch {
                logger.warning("leases could not be renewed: \(error)")
            }
            try? await Task.sleep(for: .seconds(leaseRenewal))
        }
    }

    /// Whether this process writes the timeouts of negotiation `id`.
    func drives(_ id: String) -> Bool {
        !storage.isShared || state.withLock { $0.driving.contains(id) }
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
        return LiveNegotiation(
            id: id, definition: definition, scenario: scenario, roles: Self.roles(of: scenario, definition: definition), log: log,
            onTimeout: { [weak self] live, sequence in await self?.timeOut(live, sequence: sequence) })
    }

    /// The answer time of question `sequence` ran out: the process that drives the negotiation
    /// writes a timeout as the answer, and the session goes on with it.
    private func timeOut(_ live: LiveNegotiation, sequence: Int) async {
        guard drives(live.id), let role = live.claimTimeout(sequence) else { return }
        let recorded = RecordedAnswer(role: role, answer: Answer(action: .timeout))
        do {
            if try await storage.record(negotiation: live.id, sequence: sequence, recorded, key: nil) == .stored {
                live.deliver(recorded, sequence: sequence)
            } else {
                live.release(sequence)
                await refresh(live)
            }
        } catch {
            live.release(sequence)
            logger.warning("negotiation \(live.id): a timeout could not be stored, trying again in a second: \(error)")
            try? await Task.sleep(for: .seconds(1))
            await timeOut(live, sequence: sequence)
        }
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
        try await storage.create(id: id, definition: definition, tokens: tokens.map { (Self.digest($0.token), $0.role.name) })
        let live: LiveNegotiation
        do { live = try makeLive(id: id, definition: definition, log: []) } catch { throw APIError(.unprocessableContent, error.message) }
        state.withLock { state in
            state.negotiations[id] = live
            for (token, role) in tokens { state.grants[Self.digest(token)] = Grant(negotiation: id, role: role.name) }
            state.driving.insert(id)
        }
        live.start()
        return (live, tokens)
    }

    /// Checks, logs, then hands an answer to the session. With an idempotency `key` the role
    /// already used, nothing is done and the sequence of the answer it then gave is returned
    /// with `replayed` true, so a client that lost a response may safely send again. With a
    /// shared store, the log is brought up to date first, and an answer another replica stored
    /// first for the same question is a conflict.
    func submit(_ answer: Answer, to live: LiveNegotiation, as role: String, key: String? = nil) async throws -> (sequence: Int, replayed: Bool) {
        let keyed = key.map { KeyedAnswer(negotiation: live.id, role: role, key: $0) }
        if let keyed, let sequence = state.withLock({ $0.keys[keyed] }) { return (sequence, true) }
        if storage.isShared {
            if let key, let earlier = try await storage.sequence(of: live.id, role: role, key: key) {
                if let keyed { state.withLock { $0.keys[keyed] = earlier } }
                return (earlier, true)
            }
            await refresh(live)
            _ = await live.wait(upTo: 5) { $0.settled }
        }
        let sequence = try live.claim(answer, role: role)
        let recorded = RecordedAnswer(role: role, answer: answer)
        let outcome: RecordOutcome
        do {
            outcome = try await storage.record(negotiation: live.id, sequence: sequence, recorded, key: key)
        } catch {
            live.release(sequence)
            throw APIError(.serviceUnavailable, "the answer could not be stored; try again")
        }
        switch outcome {
        case .stored:
            if let keyed { state.withLock { $0.keys[keyed] = sequence } }
            live.deliver(recorded, sequence: sequence)
            return (sequence, false)
        case .keyUsed(let earlier):
            live.release(sequence)
            if let keyed { state.withLock { $0.keys[keyed] = earlier } }
            return (earlier, true)
        case .taken:
            live.release(sequence)
            await refresh(live)
            throw APIError(
                .conflict, "another answer to this question was stored first (a timeout, or another replica's); poll the state for the next question")
        }
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
