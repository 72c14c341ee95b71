import Foundation
import HTTPTypes
import Parley

/// A negotiation in progress: its session is a task on Swift's shared cooperative pool, and
/// asks remote roles through `ask`, which replays the next answer of the log or suspends the
/// session until one arrives over the API (or its time runs out). A waiting negotiation holds
/// no thread, so the number of threads does not grow with the number of negotiations.
/// Answers are written to the store before the engine sees them, so after a crash the same
/// definition and log give the same events, in the same order.
///
/// `@unchecked Sendable`: every mutable property is read and written only while `lock` is
/// held; the rest is immutable.
final class LiveNegotiation: @unchecked Sendable {
    enum Status: String, Sendable { case running, finished }

    let id: String
    let definition: NegotiationDefinition
    let scenario: Scenario
    let roles: [Role]
    /// Writes an answer the server gives on a role's behalf (a timeout) before it is used.
    private let recordTimeout: @Sendable (_ sequence: Int, _ answer: RecordedAnswer) throws -> Void

    private let lock = NSLock()
    private var events: [TraceEvent] = []
    private var log: [RecordedAnswer]
    /// How many answers of the log the engine has used.
    private var used = 0
    private var question: Question?
    /// The session, suspended until `question` is answered; resumed with nil on shutdown.
    private var pending: CheckedContinuation<RecordedAnswer?, Never>?
    /// Fires the answer timeout of `question`.
    private var timer: Task<Void, Never>?
    /// Set while an answer to `question` is being written to the store.
    private var claimed = false
    /// Set when the answer time ran out while an answer was being written: if that write
    /// fails, the question times out at once.
    private var expired = false
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

    // MARK: The session

    /// Starts the session as a task; it runs until it needs an answer, and so on.
    func start() {
        Task { await runSession() }
    }

    private func runSession() async {
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
            trace = try await Session(scenario: scenario, seed: definition.seed).run(negotiators: negotiators, mediator: mediator)
        } catch {
            let event = TraceEvent(round: 0, step: 1, actor: "session", kind: .failure, note: error.message, audience: roles.map(\.name))
            trace = Trace(
                events: [event],
                result: SessionResult(
                    reason: .failure(by: "session", message: error.message), agreement: nil,
                    utilities: scenario.parties.map(\.profile.reservationValue), rounds: 0))
        }
        lock.withLock {
            if !cancelled {
                // The final trace holds every event, including any no role was shown live.
                events = trace.events
                result = trace.result
            }
            question = nil
            changed()
        }
    }

    /// Records an event the engine showed to an actor; the engine numbers events from 1.
    func observe(_ event: TraceEvent) {
        lock.withLock {
            guard event.step > events.count else { return }
            events.append(event)
            changed()
        }
    }

    /// Called by the session: the next logged answer, or the one the role gives. The session
    /// suspends until then; no thread waits.
    func ask(_ question: Question) async throws -> Answer {
        let recorded: RecordedAnswer? = await withCheckedContinuation { continuation in
            let replayed: RecordedAnswer?? = lock.withLock {
                if cancelled { return .some(nil) }
                if used < log.count {
                    used += 1
                    return .some(log[used - 1])
                }
                var asked = question
                asked.sequence = log.count
                self.question = asked
                pending = continuation
                expired = false
                let sequence = log.count
                let seconds = definition.answerTimeout
                timer = Task { [weak self] in
                    try? await Task.sleep(for: .seconds(seconds))
                    if !Task.isCancelled { self?.timeOut(sequence: sequence) }
                }
                changed()
                return nil
            }
            if let replayed { continuation.resume(returning: replayed) }
        }
        guard let recorded else { throw RemoteError("the server is shutting down") }
        guard recorded.role == question.role else {
            throw RemoteError("the answer log does not match the session: \(recorded.role) answered, but \(question.role) was asked")
        }
        if recorded.answer.action == .timeout { throw RemoteError("\(question.role) did not answer within \(definition.answerTimeout) s") }
        return recorded.answer
    }

    /// The answer time of question `sequence` ran out: unless an answer is being written, the
    /// timeout is recorded (so that a replay ends the same way) and the session resumes with it.
    private func timeOut(sequence: Int) {
        let resume: (CheckedContinuation<RecordedAnswer?, Never>, RecordedAnswer)? = lock.withLock {
            guard pending != nil, question?.sequence == sequence, log.count == sequence else { return nil }
            if claimed {
                expired = true
                return nil
            }
            return answerLocked(RecordedAnswer(role: question?.role ?? "", answer: Answer(action: .timeout)), record: true)
        }
        if let (continuation, answer) = resume { continuation.resume(returning: answer) }
    }

    /// Appends `answer` to the log as the answer to the open question and hands the session
    /// back its continuation. Must be called with the lock held.
    private func answerLocked(_ answer: RecordedAnswer, record: Bool) -> (CheckedContinuation<RecordedAnswer?, Never>, RecordedAnswer)? {
        if record { try? recordTimeout(log.count, answer) }
        log.append(answer)
        used += 1
        question = nil
        claimed = false
        expired = false
        timer?.cancel()
        timer = nil
        changed()
        guard let continuation = pending.take() else { return nil }
        return (continuation, answer)
    }

    /// Stops the session at its next question; nothing more is recorded.
    func cancel() {
        let continuation: CheckedContinuation<RecordedAnswer?, Never>? = lock.withLock {
            cancelled = true
            timer?.cancel()
            timer = nil
            changed()
            return pending.take()
        }
        continuation?.resume(returning: nil)
    }

    // MARK: Answers from the API

    /// Claims the open question for `role`, after checking the answer against it. The
    /// caller writes the answer to the store, then calls `deliver` (or `release` on failure).
    func claim(_ answer: Answer, role: String) throws(APIError) -> Int {
        lock.lock()
        defer { lock.unlock() }
        guard result == nil, !cancelled else { throw APIError(.conflict, "the negotiation has ended") }
        guard let question, question.role == role, question.sequence == log.count, !claimed else {
            throw APIError(.conflict, "it is not \(role)'s turn to act; poll the state for the next question")
        }
        try AnswerValidator(scenario: scenario).check(answer, against: question)
        claimed = true
        return question.sequence
    }

    /// The claimed answer is stored: the session resumes with it.
    func deliver(_ answer: Answer, role: String) {
        let resume = lock.withLock { answerLocked(RecordedAnswer(role: role, answer: answer), record: false) }
        if let (continuation, recorded) = resume { continuation.resume(returning: recorded) }
    }

    /// The claimed answer could not be stored: the question is open again, or times out now
    /// if its time ran out meanwhile.
    func release() {
        let resume: (CheckedContinuation<RecordedAnswer?, Never>, RecordedAnswer)? = lock.withLock {
            claimed = false
            guard expired, let question else { return nil }
            return answerLocked(RecordedAnswer(role: question.role, answer: Answer(action: .timeout)), record: true)
        }
        if let (continuation, answer) = resume { continuation.resume(returning: answer) }
    }

    // MARK: Reading

    struct Snapshot: Sendable {
        var events: [TraceEvent]
        var question: Question?
        var result: SessionResult?
        var version: Int
    }

    func snapshot() -> Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return Snapshot(events: events, question: question, result: result, version: version)
    }

    /// Waits until something changes after `version`, or the task is cancelled.
    func waitForChange(after version: Int) async {
        let key = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lock.lock()
                if self.version != version || Task.isCancelled {
                    lock.unlock()
                    continuation.resume()
                    return
                }
                waiters[key] = continuation
                lock.unlock()
            }
        } onCancel: {
            lock.lock()
            let continuation = waiters.removeValue(forKey: key)
            lock.unlock()
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
