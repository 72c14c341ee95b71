import Foundation
import HTTPTypes
import Parley

/// A negotiation in progress: its session runs on a thread of its own, synchronously, and
/// asks remote roles through `ask`, which replays the next answer of the log or waits for one
/// to arrive over the API. Answers are written to the store before the engine sees them, so
/// after a crash the same definition and log give the same events, in the same order.
///
/// `@unchecked Sendable`: every mutable property is read and written only while `condition`
/// is locked; the rest is immutable.
final class LiveNegotiation: @unchecked Sendable {
    enum Status: String, Sendable { case running, finished }

    let id: String
    let definition: NegotiationDefinition
    let scenario: Scenario
    let roles: [Role]
    /// Writes an answer the server gives on a role's behalf (a timeout) before it is used.
    private let recordTimeout: @Sendable (_ sequence: Int, _ answer: RecordedAnswer) throws -> Void

    private let condition = NSCondition()
    private var events: [TraceEvent] = []
    private var log: [RecordedAnswer]
    /// How many answers of the log the engine has used.
    private var used = 0
    private var question: Question?
    /// Set while an answer to `question` is being written to the store.
    private var claimed = false
    private var result: SessionResult?
    private var cancelled = false
    /// Bumped on every change (event, question, end); async waiters wake on it.
    private var version = 0
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]

    init(
        id: String, definition: NegotiationDefinition, scenario: Scenario, roles: [Role], log: [RecordedAnswer],
        recordTimeout: @escaping @Sendable (Int, RecordedAnswer) throws -> Void
    ) {
        self.id = id
        self.definition = definition
        self.scenario = scenario
        self.roles = roles
        self.log = log
        self.recordTimeout = recordTimeout
    }

    func role(named name: String) -> Role? { roles.first { $0.name == name } }

    // MARK: The session's thread

    /// Starts the session on its own thread.
    func start() {
        let thread = Thread { [self] in runSession() }
        thread.name = "parley-\(id)"
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func runSession() {
        let negotiators: [any Negotiator] = roles.filter { $0.kind == .party }.map { role in
            if role.isRemote { return RemoteNegotiator(live: self, role: role.name) }
            // The strategies were checked when the negotiation was created.
            let inner = (try? Strategies.negotiator(named: role.strategy ?? SessionSetup.defaultNegotiator)) ?? TimeBasedNegotiator.linear
            return ObservedNegotiator(inner: inner, live: self)
        }
        var mediator: (any Mediator)?
        if let role = roles.first(where: { $0.kind == .mediator }) {
            if role.isRemote {
                mediator = RemoteMediator(live: self, role: role.name)
            } else if let inner = try? Strategies.mediator(named: role.strategy ?? SessionSetup.defaultMediator(for: scenario.talks.protocolKind)) {
                mediator = ObservedMediator(inner: inner, live: self)
            }
        }
        let trace: Trace
        do {
            trace = try Session(scenario: scenario, seed: definition.seed).run(negotiators: negotiators, mediator: mediator)
        } catch {
            let event = TraceEvent(round: 0, step: 1, actor: "session", kind: .failure, note: error.message, audience: roles.map(\.name))
            trace = Trace(
                events: [event],
                result: SessionResult(
                    reason: .failure(by: "session", message: error.message), agreement: nil,
                    utilities: scenario.parties.map(\.profile.reservationValue), rounds: 0))
        }
        condition.lock()
        if !cancelled {
            // The final trace holds every event, including any no role was shown live.
            events = trace.events
            result = trace.result
        }
        question = nil
        changed()
        condition.unlock()
    }

    /// Records an event the engine showed to an actor; the engine numbers events from 1.
    func observe(_ event: TraceEvent) {
        condition.lock()
        defer { condition.unlock() }
        guard event.step > events.count else { return }
        events.append(event)
        changed()
    }

    /// Called on the session's thread: the next logged answer, or the one the role gives.
    func ask(_ question: Question) throws -> Answer {
        condition.lock()
        defer { condition.unlock() }
        if cancelled { throw RemoteError("the server is shutting down") }
        if used < log.count {
            let recorded = log[used]
            guard recorded.role == question.role else {
                throw RemoteError(
                    "the answer log does not match the session: answer \(used + 1) is \(recorded.role)'s, but \(question.role) was asked")
            }
            used += 1
            if recorded.answer.action == .timeout { throw RemoteError("\(question.role) did not answer within \(definition.answerTimeout) s") }
            return recorded.answer
        }
        var asked = question
        asked.sequence = log.count
        self.question = asked
        changed()
        let deadline = Date(timeIntervalSinceNow: definition.answerTimeout)
        while used == log.count && !cancelled {
            if claimed {
                // An answer is being written to the store: it arrives or is released.
                condition.wait()
            } else if Date() < deadline {
                _ = condition.wait(until: deadline)
            } else {
                let timeout = RecordedAnswer(role: question.role, answer: Answer(action: .timeout))
                try? recordTimeout(log.count, timeout)
                log.append(timeout)
            }
        }
        self.question = nil
        if cancelled { throw RemoteError("the server is shutting down") }
        let recorded = log[used]
        used += 1
        changed()
        if recorded.answer.action == .timeout { throw RemoteError("\(question.role) did not answer within \(definition.answerTimeout) s") }
        return recorded.answer
    }

    /// Stops the session thread at its next question; nothing more is recorded.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        changed()
        condition.unlock()
    }

    // MARK: Answers from the API

    /// Claims the open question for `role`, after checking the answer against it. The
    /// caller writes the answer to the store, then calls `deliver` (or `release` on failure).
    func claim(_ answer: Answer, role: String) throws(APIError) -> Int {
        condition.lock()
        defer { condition.unlock() }
        guard result == nil, !cancelled else { throw APIError(.conflict, "the negotiation has ended") }
        guard let question, question.role == role, question.sequence == log.count, !claimed else {
            throw APIError(.conflict, "it is not \(role)'s turn to act; poll the state for the next question")
        }
        try AnswerValidator(scenario: scenario).check(answer, against: question)
        claimed = true
        return question.sequence
    }

    func deliver(_ answer: Answer, role: String) {
        condition.lock()
        log.append(RecordedAnswer(role: role, answer: answer))
        // Answered: the question closes now, not when the session thread wakes.
        question = nil
        claimed = false
        condition.broadcast()
        condition.unlock()
    }

    func release() {
        condition.lock()
        claimed = false
        condition.broadcast()
        condition.unlock()
    }

    // MARK: Reading

    struct Snapshot: Sendable {
        var events: [TraceEvent]
        var question: Question?
        var result: SessionResult?
        var version: Int
    }

    func snapshot() -> Snapshot {
        condition.lock()
        defer { condition.unlock() }
        return Snapshot(events: events, question: question, result: result, version: version)
    }

    /// Waits until something changes after `version`, or the task is cancelled.
    func waitForChange(after version: Int) async {
        let key = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                condition.lock()
                if self.version != version || Task.isCancelled {
                    condition.unlock()
                    continuation.resume()
                    return
                }
                waiters[key] = continuation
                condition.unlock()
            }
        } onCancel: {
            condition.lock()
            let continuation = waiters.removeValue(forKey: key)
            condition.unlock()
            continuation?.resume()
        }
    }

    /// Waits until `done` holds for a snapshot, or `seconds` pass; returns the last snapshot.
    func wait(upTo seconds: Double, until done: @Sendable @escaping (Snapshot) -> Bool) async -> Snapshot {
        var current = snapshot()
        guard seconds > 0, !done(current) else { return current }
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while !done(current), ContinuousClock.now < deadline, !Task.isCancelled {
            let seen = current.version
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.waitForChange(after: seen) }
                group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
                await group.next()
                group.cancelAll()
            }
            current = snapshot()
        }
        return current
    }

    /// Must be called with the lock held.
    private func changed() {
        version += 1
        let waiting = waiters
        waiters = [:]
        for continuation in waiting.values { continuation.resume() }
    }
}

/// A remote role that failed to answer, or a replay that went wrong.
struct RemoteError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
