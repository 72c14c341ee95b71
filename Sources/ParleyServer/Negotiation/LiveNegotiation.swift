import Foundation
import HTTPTypes
import Parley

/// A negotiation in progress: its session is a task on Swift's shared cooperative pool, and
/// asks remote roles through `ask`, which replays the next answer of the log or suspends the
/// session until one arrives over the API (or its time runs out). A waiting negotiation holds
/// no thread, so the number of threads does not grow with the number of negotiations.
/// Answers are written to the store before the engine sees them, so after a crash the same
/// definition and log give the same events, in the same order; a replica that follows the log
/// another replica writes (`append`) makes the same events too.
///
/// `@unchecked Sendable`: every mutable property is read and written only while `lock` is
/// held; the rest is immutable.
final class LiveNegotiation: @unchecked Sendable {
    enum Status: String, Sendable { case running, finished }

    let id: String
    let definition: NegotiationDefinition
    let scenario: Scenario
    let roles: [Role]
    /// Called when the answer time of question `sequence` runs out: the hub writes the
    /// timeout (if this process drives the negotiation) and hands it back through `deliver`.
    private let onTimeout: @Sendable (_ live: LiveNegotiation, _ sequence: Int) async -> Void

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
    /// When the answer time of `question` runs out.
    private var deadline: ContinuousClock.Instant?
    /// The sequence of the answer being written to the store, if one is.
    private var claimed: Int?
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
        onTimeout: @escaping @Sendable (LiveNegotiation, Int) async -> Void
    ) {
        self.id = id
        self.definition = definition
        self.scenario = scenario
        self.roles = roles
        self.log = log
        self.onTimeout = onTimeout
    }

    func role(named name: String) -> Role? { roles.first { $0.name == name } }

    /// Whether the session has neither ended nor been stopped.
    var isRunning: Bool { lock.withLock { result == nil && !cancelled } }

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
                events: EventLog([event]),
                result: SessionResult(
                    reason: .failure(by: "session", message: error.message), agreement: nil,
                    utilities: scenario.parties.map(\.profile.reservationValue), rounds: 0))
        }
        lock.withLock {
            if !cancelled {
                // The final trace holds every event, including any no role was shown live.
                events = Array(trace.events)
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
                deadline = .now + .seconds(seconds)
                timer = Task { [weak self] in
                    try? await Task.sleep(for: .seconds(seconds))
                    guard !Task.isCancelled, let self else { return }
                    // Not in this task: the timer is cancelled when the timeout is delivered.
                    Task { await self.onTimeout(self, sequence) }
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

    /// Claims question `sequence` for a timeout, if it is still open, unanswered and its time
    /// is out; returns the role that was asked. While an answer is being written, marks the
    /// question expired instead: it times out if that write fails.
    func claimTimeout(_ sequence: Int) -> String? {
        lock.withLock {
            guard pending != nil, let question, question.sequence == sequence, log.count == sequence, result == nil, !cancelled else {
                return nil
            }
            guard claimed == nil else {
                expired = true
                return nil
            }
            claimed = sequence
            return question.role
        }
    }

    /// If the open question's answer time is out and nothing answers it, asks for its timeout:
    /// what a replica does for the negotiations whose lease it has just taken over.
    func timeOutIfOverdue() {
        let sequence: Int? = lock.withLock {
            guard let question, let deadline, deadline <= .now, claimed == nil else { return nil }
            return question.sequence
        }
        if let sequence { Task { await onTimeout(self, sequence) } }
    }

    /// Appends `answer` to the log as the answer to the open question and hands the session
    /// back its continuation. Must be called with the lock held.
    private func answerLocked(_ answer: RecordedAnswer) -> (CheckedContinuation<RecordedAnswer?, Never>, RecordedAnswer)? {
        log.append(answer)
        return resumeLocked()
    }

    /// Closes the open question with the log's next unused answer and hands the session back
    /// its continuation with it. Must be called with the lock held.
    private func resumeLocked() -> (CheckedContinuation<RecordedAnswer?, Never>, RecordedAnswer)? {
        let answer = log[used]
        used += 1
        question = nil
        deadline = nil
        claimed = nil
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
        guard let question, question.role == role, question.sequence == log.count, claimed == nil else {
            throw APIError(.conflict, "it is not \(role)'s turn to act; poll the state for the next question")
        }
        try AnswerValidator(scenario: scenario).check(answer, against: question)
        claimed = question.sequence
        return question.sequence
    }

    /// Answer `sequence` is stored: the session resumes with it (unless it has already, from
    /// the log another replica's notification brought).
    func deliver(_ recorded: RecordedAnswer, sequence: Int) {
        let resume = lock.withLock { log.count == sequence ? answerLocked(recorded) : nil }
        if let (continuation, recorded) = resume { continuation.resume(returning: recorded) }
    }

    /// The answer claimed as `sequence` was not stored: the question is open again, or times
    /// out now if its time ran out meanwhile.
    func release(_ sequence: Int) {
        let timedOut: Bool = lock.withLock {
            guard claimed == sequence else { return false }
            claimed = nil
            defer { expired = false }
            return expired && question?.sequence == sequence
        }
        if timedOut { Task { await onTimeout(self, sequence) } }
    }

    /// How many answers the log holds.
    var logCount: Int { lock.withLock { log.count } }

    /// Answers from the shared store, the first of them answer number `first`: those the log
    /// lacks are appended, and the session resumes if it waits for the first of them.
    func append(_ answers: [RecordedAnswer], from first: Int) {
        let resume: (CheckedContinuation<RecordedAnswer?, Never>, RecordedAnswer)? = lock.withLock {
            let known = log.count - first
            guard known >= 0, known < answers.count, !cancelled else { return nil }
            let waiting = pending != nil && question != nil
            log.append(contentsOf: answers[known...])
            guard waiting else {
                changed()
                return nil
            }
            return resumeLocked()
        }
        if let (continuation, answer) = resume { continuation.resume(returning: answer) }
    }

    // MARK: Reading

    struct Snapshot: Sendable {
        var events: [TraceEvent]
        var question: Question?
        var result: SessionResult?
        var version: Int
        /// Whether the session has used every answer of the log and waits for the next or has ended.
        var settled: Bool
    }

    func snapshot() -> Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return Snapshot(
            events: events, question: question, result: result, version: version,
            settled: used == log.count && (question != nil || result != nil || cancelled))
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
