import Parley
import ParleySupport
import ParleyTestSupport
import Testing

@Suite("Event log")
struct EventLogTests {
    static let everyone = ["A", "B", "Oman", Session.observer]

    /// Random events in round order: rounds that often repeat the round before (what the log
    /// folds), every kind, outcomes from a small pool, private audiences, notes, values.
    static func randomEvents(seed: UInt64, count: Int) -> [TraceEvent] {
        var random = SeededGenerator(seed: seed)
        let pool = (0..<4).map { _ in Outcome((0..<3).map { _ in Int(random.next() % 3) }) }
        let kinds = TraceEvent.Kind.allCases
        var events = [TraceEvent]()
        var round = 0
        var lastRound = [TraceEvent]()
        while events.count < count {
            round += 1
            if !lastRound.isEmpty, random.unit() < 0.6 {
                // The same round again, one round later.
                for event in lastRound {
                    var again = event
                    again.round = round
                    events.append(again)
                }
                continue
            }
            var this = [TraceEvent]()
            for _ in 0..<(1 + Int(random.next() % 4)) {
                let isPublic = random.unit() < 0.7
                let audience = isPublic ? everyone : ["A", "Oman", Session.observer]
                this.append(
                    TraceEvent(
                        round: round, actor: ["A", "B", "session", "Oman", "A, B"][Int(random.next() % 5)],
                        kind: kinds[Int(random.next() % UInt64(kinds.count))],
                        outcome: random.unit() < 0.6 ? pool[Int(random.next() % 4)] : nil,
                        issues: random.unit() < 0.3 ? [Int(random.next() % 3)] : [], otherIssues: random.unit() < 0.2 ? [0, 2] : [],
                        approve: random.unit() < 0.3 ? random.unit() < 0.5 : nil, value: random.unit() < 0.4 ? Double(random.next() % 5) / 10 : nil,
                        note: random.unit() < 0.2 ? "note \(random.next() % 3)" : nil, audience: audience))
            }
            events += this
            lastRound = this
        }
        // Events outside rounds, and a round number that goes back (the log must not assume order).
        events.append(TraceEvent(round: round, actor: "session", kind: .deadline, note: "deadline", audience: everyone))
        events.append(TraceEvent(round: 0, actor: "session", kind: .failure, note: "odd", audience: ["B", Session.observer]))
        return events
    }

    @Test("reads back every event it was given, with steps as positions", arguments: 1...40)
    func readsBack(seed: UInt64) {
        var events = Self.randomEvents(seed: seed, count: 200)
        for index in events.indices { events[index].step = index + 1 }
        let log = EventLog(events, everyone: Self.everyone)
        #expect(log.count == events.count)
        #expect(Array(log) == events)
        for position in events.indices {
            #expect(log.kind(at: position) == events[position].kind)
            #expect(log.round(at: position) == events[position].round)
            #expect(log.value(at: position) == events[position].value)
        }
        for actor in Self.everyone + ["stranger"] {
            #expect(log.visible(to: actor) == events.filter { $0.isVisible(to: actor) })
        }
        #expect(log == EventLog(events, everyone: Self.everyone))
        var shorter = events
        shorter.removeLast()
        #expect(log != EventLog(shorter, everyone: Self.everyone))
    }

    @Test("repeated rounds take the memory of one round")
    func repeatedRoundsFold() {
        var log = EventLog(everyone: Self.everyone)
        let first = Outcome([0, 1, 2])
        let second = Outcome([2, 1, 0])
        for round in 1...100_000 {
            log.append(TraceEvent(round: round, actor: "session", kind: .round, issues: [0, 1, 2], value: 0, note: "talks", audience: Self.everyone))
            log.append(TraceEvent(round: round, actor: "A", kind: .offer, outcome: first, audience: Self.everyone))
            log.append(TraceEvent(round: round, actor: "B", kind: .offer, outcome: second, audience: Self.everyone))
        }
        #expect(log.count == 300_000)
        #expect(log.storedRecords <= 6)
        #expect(log[299_999].round == 100_000)
        #expect(log[299_999].outcome == second)
        #expect(log[150_000].kind == .round && log[150_000].round == 50_001)
    }

    @Test("a session's log reads back the events its negotiators were shown, as they were shown")
    func sessionLogMatchesLiveEvents() throws {
        let scenario = ToyScenarios.opposed(talks: Talks(rounds: 400))
        let seenByA = SeenEvents()
        // A negotiator that looks at events makes the engine build each one as it happens.
        var watcher = ScriptedNegotiator(act: { turn in turn.round < 300 ? .offer(Outcome([0, 0])) : .offer(Outcome([1, 1])) }, log: seenByA)
        watcher.strategy = "watcher"
        let trace = try Session(scenario: scenario).run(negotiators: [watcher, HardLiner()])
        #expect(trace.result.reason == .deadline)
        #expect(trace.events.storedRecords < trace.events.count / 10)
        #expect(trace.visible(to: "A") == seenByA.events)
    }

    /// Memory that does not grow with the rounds for negotiators that keep no history: a
    /// hard-liner's offers never change and a time-based negotiator's change at most once per
    /// outcome, so the records kept stay bounded however long the session.
    @Test("a long session keeps records for what changes, not for its rounds", arguments: [1_000, 100_000])
    func longSessionsStaySmall(rounds: Int) throws {
        let scenario = ToyScenarios.opposed(talks: Talks(rounds: rounds))
        let outcomes = try #require(scenario.space.count)
        let pairs: [[any Negotiator]] = [[HardLiner(), HardLiner()], [TimeBasedNegotiator.boulware, HardLiner()]]
        for negotiators in pairs {
            let trace = try Session(scenario: scenario).run(negotiators: negotiators)
            #expect(trace.events.count >= 2 * trace.result.rounds)
            #expect(trace.events.storedRecords <= 3 * (2 * outcomes + 4), "\(negotiators.map(\.strategy))")
        }
    }
}
