import Foundation
import ParleySupport
import Synchronization

/// One run of a scenario: the protocol's rules applied to negotiators and a mediator, from a
/// seed, giving a trace and a result. The same scenario, negotiators and seed give the same
/// trace, byte for byte.
public struct Session {
    /// The scenario run.
    public var scenario: Scenario
    /// The seed every random draw of the session (hazard, negotiators, mediator) derives from.
    public var seed: UInt64
    /// The longest a negotiator or mediator may take for one action; nil for no limit.
    public var actionTimeLimit: Duration?
    /// Where another thread watches the rounds go by and may ask the session to stop.
    public var monitor: SessionMonitor?

    /// A session of `scenario` from `seed`, with no time limit on actions unless one is given.
    public init(scenario: Scenario, seed: UInt64 = 1, actionTimeLimit: Duration? = nil, monitor: SessionMonitor? = nil) {
        self.scenario = scenario
        self.seed = seed
        self.actionTimeLimit = actionTimeLimit
        self.monitor = monitor
    }

    /// The name observers see events under; every event is visible to it.
    public static let observer = "observer"

    /// Runs the session, awaiting negotiators and mediators that wait for someone (a person
    /// or a program over the network) without holding a thread: the engine is an `async`
    /// function, which the compiler turns into a resumable state machine, so a session that
    /// waits for an answer costs memory, not a thread. Negotiators are given in party order; a
    /// mediator is needed by the mediated protocols. Never throws for what negotiators do:
    /// their failures end the session with a `failure` result.
    public func run(negotiators: [any Negotiator], mediator: (any Mediator)? = nil) async throws(SessionError) -> Trace {
        try check(negotiators: negotiators, mediator: mediator)
        var engine = Engine(session: self, negotiators: negotiators, mediator: mediator)
        return await engine.run()
    }

    /// Runs the session on the calling thread. With negotiators and a mediator that answer at
    /// once (every built-in one does) the engine's steps run synchronously, start to end, with
    /// no task switch; should one suspend, the call waits until the session ends.
    public func run(negotiators: [any Negotiator], mediator: (any Mediator)? = nil) throws(SessionError) -> Trace {
        try check(negotiators: negotiators, mediator: mediator)
        let finished = Mutex<Trace?>(nil)
        let done = DispatchSemaphore(value: 0)
        // Safe: this call does not return (and so cannot touch the negotiators again) until the
        // task that takes them has finished with them.
        nonisolated(unsafe) let engine = Engine(session: self, negotiators: negotiators, mediator: mediator)
        let operation: @Sendable () async -> Void = {
            var running = engine
            let trace = await running.run()
            finished.withLock { $0 = trace }
            done.signal()
        }
        if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
            Task.immediate(operation: operation)
        } else {
            Task(operation: operation)
        }
        done.wait()
        return finished.withLock { $0! }
    }

    /// Refuses what cannot run: the wrong number of negotiators, a mediated protocol without a
    /// mediator, a deadline below one round, an invalid scenario.
    private func check(negotiators: [any Negotiator], mediator: (any Mediator)?) throws(SessionError) {
        let talks = scenario.talks
        guard negotiators.count == scenario.parties.count else {
            throw SessionError("\(negotiators.count) negotiators for \(scenario.parties.count) parties")
        }
        let kinds = Set([talks.protocolKind] + talks.agenda.tracks.compactMap(\.protocolKind))
        if kinds.contains(where: \.needsMediator), mediator == nil || scenario.mediator == nil {
            throw SessionError(
                "the \(kinds.filter(\.needsMediator).map(\.rawValue).sorted().joined(separator: " and ")) protocol needs a mediator (the scenario's 'mediator' and a mediator strategy)"
            )
        }
        guard talks.rounds >= 1 else { throw SessionError("the deadline must be at least 1 round") }
        do { try scenario.validate() } catch { throw .invalidScenario(error) }
    }
}

/// A session that cannot start, and why. A scenario that does not hold together is wrapped,
/// so a caller can still tell which party or issue it concerns.
public enum SessionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The scenario itself is invalid.
    case invalidScenario(ScenarioError)
    /// A negotiator, mediator or protocol name that is not built in.
    case unknownName(kind: String, name: String, known: [String])
    /// Any other set-up that cannot run (counts that do not match, a deadline below 1).
    case setUp(String)

    /// A set-up problem.
    public init(_ message: String) { self = .setUp(message) }

    /// What is wrong, in a line.
    public var message: String {
        switch self {
        case .invalidScenario(let error): error.message
        case .unknownName(let kind, let name, let known): "unknown \(kind) '\(name)' (known: \(known.joined(separator: ", ")))"
        case .setUp(let message): message
        }
    }

    /// The message.
    public var description: String { message }
}

/// Raised inside the engine when a negotiator or mediator fails; ends the session.
struct ActorFailure: Error {
    var actor: String
    var message: String
}

/// The session's mutable state and the protocols' shared machinery: numbering and delivering
/// events to exactly their audience, timing and guarding every call into user code, the
/// hazard, the agenda.
struct Engine {
    let scenario: Scenario
    let session: Session
    var negotiators: [any Negotiator]
    var mediator: (any Mediator)?
    var random: SeededGenerator
    var events: EventLog
    /// Global round counter across tracks (the calendar's).
    var round = 0
    /// Options fixed for the current track: settled earlier, or held off the table.
    var fixed: [Int: Int] = [:]
    /// Issues still off the table, with their holders.
    var held: [Int: [Agenda.Hold]] = [:]
    var settled: Set<Int> = []
    var lastText: Outcome?

    let names: [String]
    let mediatorName: String
    /// Every party, the mediator and the observer: the audience of public events.
    let everyone: [String]
    /// The rounds of every track together: the calendar's length.
    let totalRounds: Int
    /// Whether the session has a mediator (which `consult` takes out while it works).
    let hasMediator: Bool
    /// The negotiators that look at events (`observesEvents`, as of their last start; all of
    /// them before the first).
    var listeners: [Int]

    init(session: Session, negotiators: [any Negotiator], mediator: (any Mediator)?) {
        self.scenario = session.scenario
        self.session = session
        self.negotiators = negotiators
        self.mediator = mediator
        self.hasMediator = mediator != nil
        self.listeners = Array(negotiators.indices)
        self.random = SeededGenerator(seed: session.seed)
        self.names = scenario.parties.map(\.name)
        self.mediatorName = scenario.mediator?.name ?? "mediator"
        self.everyone = names + (scenario.mediator.map { [$0.name] } ?? []) + [Session.observer]
        self.events = EventLog(everyone: everyone)
        let agenda = scenario.talks.agenda
        self.totalRounds =
            agenda.mode == .sequential && !agenda.tracks.isEmpty
            ? agenda.tracks.reduce(0) { $0 + ($1.rounds ?? session.scenario.talks.rounds) } : scenario.talks.rounds
        for hold in scenario.talks.agenda.holds {
            for issue in hold.issues { held[issue, default: []].append(hold) }
        }
    }

    // MARK: Events

    /// Whether a negotiator that observes events, or a mediator, may be shown an event: when
    /// none is, events are recorded without being built.
    private var anyoneWatches: Bool { !listeners.isEmpty || hasMediator }

    /// Records an event and shows it to its audience (and only to it).
    mutating func emit(_ event: consuming TraceEvent) {
        event.step = events.count + 1
        // Public events (most of them) share `everyone`'s storage: no name to compare.
        let isPublic = event.audience.withUnsafeBufferPointer { $0.baseAddress } == everyone.withUnsafeBufferPointer { $0.baseAddress }
        if !isPublic, !event.audience.contains(Session.observer) { event.audience.append(Session.observer) }
        if anyoneWatches { show(event, isPublic: isPublic) }
        events.append(event)
    }

    /// Records a public event: every actor sees it.
    mutating func emitPublic(
        round: Int, actor: String, kind: TraceEvent.Kind, outcome: Outcome? = nil, issues: [Int] = [], approve: Bool? = nil,
        value: Double? = nil, note: String? = nil
    ) {
        emit(
            TraceEvent(
                round: round, actor: actor, kind: kind, outcome: outcome, issues: issues, approve: approve, value: value, note: note,
                audience: everyone))
    }

    /// Records a party's public action (an offer, an acceptance): the hot path, which builds a
    /// `TraceEvent` only when a negotiator or the mediator looks at events.
    mutating func emitAction(round: Int, party: Int, kind: TraceEvent.Kind, outcome: Outcome?, approve: Bool? = nil) {
        if anyoneWatches {
            let event = TraceEvent(
                round: round, step: events.count + 1, actor: names[party], kind: kind, outcome: outcome, approve: approve, audience: everyone)
            show(event, isPublic: true)
        }
        events.appendPublic(round: round, actor: UInt32(party), kind: kind, outcome: outcome, approve: approve, value: nil)
    }

    /// Announces a round: public, by "session", with the track's issues, the risk and a note.
    private mutating func emitRound(issues: [Int], risk: Double, note: String) {
        if anyoneWatches {
            let event = TraceEvent(
                round: round, step: events.count + 1, actor: "session", kind: .round, issues: issues, value: risk, note: note,
                audience: everyone)
            show(event, isPublic: true)
        }
        events.appendPublic(round: round, actor: events.sessionActor, kind: .round, issues: issues, value: risk, note: note)
    }

    /// Shows an event to the negotiators that look at events, and to the mediator.
    private mutating func show(_ event: borrowing TraceEvent, isPublic: Bool) {
        for index in listeners where isPublic || event.isVisible(to: names[index]) {
            negotiators[index].observe(copy event)
        }
        if hasMediator, event.isVisible(to: mediatorName) { mediator?.observe(copy event) }
    }

    /// Calls into a negotiator, turning a throw or an overrun into a failure that names it.
    nonisolated(nonsending) mutating func ask<T>(
        _ party: Int, _ what: String, _ body: nonisolated(nonsending) (inout any Negotiator) async throws -> T
    ) async throws(ActorFailure) -> T {
        let started = startClock()
        let value: T
        do {
            value = try await body(&negotiators[party])
        } catch {
            throw failure(of: party, while: what, error)
        }
        try checkTime(since: started, actor: names[party], what: what)
        return value
    }

    /// A negotiator's throw, as the session reports it.
    private func failure(of party: Int, while what: String, _ error: any Error) -> ActorFailure {
        ActorFailure(actor: names[party], message: "\(negotiators[party].strategy) threw while \(what): \(error)")
    }

    /// Asks a `SynchronousNegotiator` for its action as `ask` does, with no `async` call; nil
    /// for a negotiator that must be awaited.
    mutating func actWithoutSuspending(_ party: Int, _ turn: Turn) throws(ActorFailure) -> Action? {
        let started = startClock()
        let action: Action?
        do {
            action = try negotiators[party].actWithoutSuspending(turn)
        } catch {
            throw failure(of: party, while: "acting", error)
        }
        if action != nil { try checkTime(since: started, actor: names[party], what: "acting") }
        return action
    }

    /// Calls into the mediator, as `ask` does for negotiators.
    nonisolated(nonsending) mutating func consult<T>(_ what: String, _ body: nonisolated(nonsending) (inout any Mediator) async throws -> T)
        async throws(ActorFailure) -> T
    {
        // Taken out while it works, so that its state has one owner and is never copied on write.
        guard var current = mediator.take() else { throw ActorFailure(actor: mediatorName, message: "no mediator") }
        defer { mediator = current }
        let started = startClock()
        let value: T
        do {
            value = try await body(&current)
        } catch {
            throw ActorFailure(actor: mediatorName, message: "\(current.strategy) threw while \(what): \(error)")
        }
        try checkTime(since: started, actor: mediatorName, what: what)
        return value
    }

    /// The clock's reading when actions have a time limit; nil (and no clock read) otherwise.
    private func startClock() -> ContinuousClock.Instant? {
        session.actionTimeLimit == nil ? nil : ContinuousClock.now
    }

    private func checkTime(since start: ContinuousClock.Instant?, actor: String, what: String) throws(ActorFailure) {
        guard let limit = session.actionTimeLimit, let start else { return }
        let spent = ContinuousClock.now - start
        if spent > limit { throw ActorFailure(actor: actor, message: "took \(spent) while \(what), over the limit of \(limit)") }
    }

    /// Checks that an outcome is in the space and keeps every fixed issue.
    func validate(_ outcome: Outcome, from actor: String) throws(ActorFailure) {
        guard scenario.space.contains(outcome) else {
            throw ActorFailure(actor: actor, message: "proposed an outcome outside the space: \(outcome.options)")
        }
        for (issue, option) in fixed where outcome.options[issue] != option {
            throw ActorFailure(
                actor: actor,
                message:
                    "changed issue '\(scenario.issues[issue].name)', which is fixed at '\(scenario.issues[issue].label(at: option))' in this session")
        }
    }

    // MARK: Rounds

    /// Starts a round: announces it with its date and risk and draws the hazard. Returns false
    /// when the talks break down. Held issues are then put to their holders
    /// (`admitHeldIssues`), which may wait; nothing here does.
    mutating func beginRound(track: Agenda.Track) throws(ActorFailure) -> Bool {
        round += 1
        if let monitor = session.monitor {
            guard !monitor.isStopRequested else {
                throw ActorFailure(actor: "session", message: "interrupted before round \(round) of \(totalRounds)")
            }
            monitor.begin(round: round)
        }
        let risk = scenario.talks.hazard.probability(round: round, of: totalRounds)
        var note = track.name
        if let schedule = scenario.talks.schedule {
            let slot = schedule.slot(of: round)
            note = "\(slot.date.readable), \(slot.session), \(track.venue ?? schedule.venue)"
        }
        emitRound(issues: track.issues, risk: risk, note: note)
        if risk > 0, random.unit() < risk {
            emit(
                TraceEvent(
                    round: round, actor: "session", kind: .breakdown, value: risk, note: "the talks collapse before the round", audience: everyone))
            return false
        }
        return true
    }

    /// The cumulative risk that the talks have broken down by now.
    var cumulativeRisk: Double { 1 - scenario.talks.hazard.survival(through: max(1, round), of: totalRounds) }

    /// Asks each holder of an issue of this track whether it lets the issue on; an issue
    /// comes on when all do. Negotiators are restarted with the wider space.
    nonisolated(nonsending) mutating func admitHeldIssues(track: Agenda.Track, localRound: Int, rounds: Int) async throws(ActorFailure) {
        guard !held.isEmpty else { return }
        var admitted = [Int]()
        for issue in track.issues.sorted() {
            guard let holds = held[issue] else { continue }
            var all = true
            for hold in holds {
                let turn = Turn(round: localRound, time: time(localRound, rounds))
                let risk = cumulativeRisk
                let agrees = try await ask(hold.party, "deciding the agenda") { try await $0.admit(issue: issue, turn: turn, breakdownRisk: risk) }
                all = all && (agrees || (hold.admitAtRisk.map { risk >= $0 } ?? false))
            }
            if all { admitted.append(issue) }
        }
        guard !admitted.isEmpty else { return }
        for issue in admitted {
            held[issue] = nil
            fixed[issue] = nil
        }
        let holders = Set(scenario.talks.agenda.holds.filter { hold in hold.issues.contains { admitted.contains($0) } }.map(\.party))
        emit(
            TraceEvent(
                round: round, actor: holders.sorted().map { names[$0] }.joined(separator: ", "), kind: .agenda, issues: admitted,
                note: "admitted to the agenda", audience: everyone))
        try await startActors(rounds: rounds, seedOffset: UInt64(round))
    }

    func time(_ localRound: Int, _ rounds: Int) -> Double {
        rounds <= 1 ? 1 : min(1, Double(localRound - 1) / Double(rounds - 1))
    }

    /// (Re)starts every negotiator and the mediator for the current fixed issues.
    nonisolated(nonsending) mutating func startActors(rounds: Int, seedOffset: UInt64 = 0) async throws(ActorFailure) {
        let fixed = self.fixed
        for index in negotiators.indices {
            let context = NegotiatorContext(
                party: index, name: names[index], profile: scenario.parties[index].profile, space: scenario.space, fixed: fixed,
                partyCount: names.count, rounds: rounds,
                seed: SeededGenerator.derive(session.seed, UInt64(index + 1) &+ seedOffset &* 7919))
            try await ask(index, "starting") { try await $0.start(context) }
        }
        listeners = negotiators.indices.filter { negotiators[$0].observesEvents }
        if mediator != nil, let mediation = scenario.mediator {
            let context = MediatorContext(
                name: mediation.name, space: scenario.space, fixed: fixed, parties: names,
                profiles: mediation.knowledge == .profiles ? scenario.parties.map(\.profile) : nil, rounds: rounds,
                seed: SeededGenerator.derive(session.seed, 1000 &+ seedOffset))
            try await consult("starting") { try await $0.start(context) }
        }
    }

    // MARK: The whole session

    nonisolated(nonsending) mutating func run() async -> Trace {
        let agenda = scenario.talks.agenda
        let allIssues = Array(scenario.issues.indices)
        let tracks: [Agenda.Track]
        if agenda.tracks.isEmpty {
            tracks = [Agenda.Track(name: "talks", issues: allIssues)]
        } else if agenda.mode == .package {
            tracks = [Agenda.Track(name: agenda.tracks.map(\.name).joined(separator: " + "), issues: agenda.tracks.flatMap(\.issues))]
        } else {
            tracks = agenda.tracks
        }
        // Every issue waits at its status quo until its track settles it; issues no track covers
        // and issues held off the table stay there.
        var frozen = Dictionary(uniqueKeysWithValues: allIssues.map { ($0, agenda.statusQuo[$0] ?? 0) })
        var agreed: Outcome?
        for track in tracks {
            fixed = frozen
            for issue in track.issues where held[issue] == nil { fixed[issue] = nil }
            let kind = track.protocolKind ?? scenario.talks.protocolKind
            let rounds = track.rounds ?? scenario.talks.rounds
            let result: SessionResult
            do {
                try await startActors(rounds: rounds)
                switch kind {
                case .alternatingOffers: result = try await runAlternatingOffers(track: track, rounds: rounds)
                case .singleText: result = try await runSingleText(track: track, rounds: rounds)
                case .indirect: result = try await runIndirect(track: track, rounds: rounds)
                }
            } catch {
                emit(TraceEvent(round: round, actor: error.actor, kind: .failure, note: error.message, audience: everyone))
                return finish(.failure(by: error.actor, message: error.message), agreement: nil)
            }
            guard let agreement = result.agreement else { return finish(result.reason, agreement: nil) }
            agreed = agreement
            for issue in track.issues {
                frozen[issue] = agreement.options[issue]
                if held[issue] == nil { settled.insert(issue) }
            }
        }
        return finish(.agreement, agreement: agreed)
    }

    /// Closes the trace: the result, each party's payoff, settled and open issues.
    mutating func finish(_ reason: EndReason, agreement: Outcome?) -> Trace {
        let space = scenario.space
        let utilities: [Double] = scenario.parties.map { party in
            switch reason {
            case .agreement: party.profile.utility.utility(of: agreement!, in: space)
            case .breakdown: party.profile.breakdownValue
            default: party.profile.reservationValue
            }
        }
        let all = Set(scenario.issues.indices)
        let settledIssues = reason == .agreement ? all.subtracting(held.keys) : settled
        let discounted =
            reason == .agreement
            ? zip(scenario.parties, utilities).map { $0.profile.discounted($1, agreedInRound: round, deadline: scenario.talks.rounds) } : utilities
        let result = SessionResult(
            reason: reason, agreement: agreement, utilities: utilities, discountedUtilities: discounted, rounds: round,
            settledIssues: settledIssues.sorted(),
            openIssues: all.subtracting(settledIssues).sorted(), lastText: agreement ?? lastText)
        let note: String
        switch reason {
        case .agreement: note = "agreement"
        case .deadline: note = "deadline passed without agreement"
        case .walkAway(let who): note = "\(who) ended the talks"
        case .breakdown: note = "the talks broke down"
        case .failure(let who, let message): note = "\(who) failed: \(message)"
        }
        let kind: TraceEvent.Kind =
            switch reason {
            case .agreement: .agreement
            case .deadline: .deadline
            case .walkAway: .end
            case .breakdown: .breakdown
            case .failure: .failure
            }
        if events.lastKind != kind || kind == .agreement || kind == .deadline {
            emit(TraceEvent(round: round, actor: "session", kind: kind, outcome: agreement, value: nil, note: note, audience: everyone))
        }
        return Trace(events: events, result: result)
    }
}
