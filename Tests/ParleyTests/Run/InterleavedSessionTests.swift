import Parley
import ParleyReports
import ParleySupport
import ParleyTestSupport
import Testing

/// A negotiator that suspends before every answer, as one waiting for a person over the
/// network does, then answers as the built-in negotiator inside it would.
struct SuspendingNegotiator: Negotiator {
    var inner: any Negotiator
    var strategy: String { inner.strategy }
    mutating func start(_ context: NegotiatorContext) async throws {
        await Task.yield()
        try await inner.start(context)
    }
    mutating func act(_ turn: Turn) async throws -> Action {
        await Task.yield()
        return try await inner.act(turn)
    }
    mutating func vote(on proposal: Outcome, replacing draft: Outcome, turn: Turn) async throws -> Bool {
        await Task.yield()
        return try await inner.vote(on: proposal, replacing: draft, turn: turn)
    }
    mutating func ratify(_ text: Outcome) async throws -> Bool {
        await Task.yield()
        return try await inner.ratify(text)
    }
    mutating func respond(to text: Outcome, turn: Turn) async throws -> Response {
        await Task.yield()
        return try await inner.respond(to: text, turn: turn)
    }
    mutating func admit(issue: Int, turn: Turn, breakdownRisk: Double) async throws -> Bool {
        await Task.yield()
        return try await inner.admit(issue: issue, turn: turn, breakdownRisk: breakdownRisk)
    }
    mutating func observe(_ event: TraceEvent) { inner.observe(event) }
}

/// A mediator that suspends before every text, as a remote one does.
struct SuspendingMediator: Mediator {
    var inner: any Mediator
    var strategy: String { inner.strategy }
    mutating func start(_ context: MediatorContext) async throws {
        await Task.yield()
        try await inner.start(context)
    }
    mutating func initialText() async throws -> Outcome {
        await Task.yield()
        return try await inner.initialText()
    }
    mutating func propose(from draft: Outcome, turn: Turn) async throws -> Outcome {
        await Task.yield()
        return try await inner.propose(from: draft, turn: turn)
    }
    mutating func learn(proposal: Outcome, votes: [Bool], adopted: Bool) { inner.learn(proposal: proposal, votes: votes, adopted: adopted) }
    mutating func revise(_ text: Outcome, responses: [Response], turn: Turn) async throws -> Outcome {
        await Task.yield()
        return try await inner.revise(text, responses: responses, turn: turn)
    }
    mutating func observe(_ event: TraceEvent) { inner.observe(event) }
}

/// The engine is resumable: sessions whose negotiators suspend, run interleaved, give the very
/// traces the same sessions give run one by one on the calling thread.
@Suite("Interleaved sessions")
struct InterleavedSessionTests {
    struct Case: Sendable {
        var scenario: Scenario
        var negotiators: [String]
        var mediator: String?
        var seed: UInt64
    }

    /// 60 random sessions over the three protocols, with negotiators and mediators that draw
    /// random numbers, so that any mix-up of state between sessions shows.
    static let cases: [Case] = (0..<60).map { index in
        let seed = UInt64(7000 + index)
        var scenario = RandomScenarios.linear(seed: seed, issues: 2 + index % 3, parties: 2 + index % 2, maxOptions: 5)
        let kinds: [ProtocolKind] = [.alternatingOffers, .singleText, .indirect]
        scenario.talks.protocolKind = kinds[index % 3]
        scenario.talks.rounds = 8 + index % 20
        if scenario.needsMediator { scenario.mediator = Mediation(name: "mediator") }
        let pool = ["boulware", "conceder", "linear", "random", "tit-for-tat", "frequency-model"]
        let negotiators = scenario.parties.indices.map { pool[(index + $0 * 5) % pool.count] }
        let mediators = ["shuttle", "random-change", "hill-climbing", "annealing"]
        return Case(
            scenario: scenario, negotiators: negotiators, mediator: scenario.needsMediator ? mediators[index % mediators.count] : nil, seed: seed)
    }

    /// Every case run one by one on the calling thread (the synchronous `run`).
    static func sequentialTraces() throws -> [String] {
        try cases.map { item in
            let negotiators = try item.negotiators.map { try Strategies.negotiator(named: $0) }
            let mediator = try item.mediator.map { try Strategies.mediator(named: $0) }
            let trace = try Session(scenario: item.scenario, seed: item.seed).run(negotiators: negotiators, mediator: mediator)
            return trace.json(in: item.scenario, seed: item.seed).compact
        }
    }

    @Test("interleaved sessions give the traces of sessions run one by one")
    func interleavedEqualsSequential() async throws {
        let sequential = try Self.sequentialTraces()
        #expect(Set(sequential).count > 50, "the cases differ")
        let interleaved = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (index, item) in Self.cases.enumerated() {
                group.addTask {
                    let negotiators: [any Negotiator] = try item.negotiators.map { SuspendingNegotiator(inner: try Strategies.negotiator(named: $0)) }
                    let mediator: (any Mediator)? = try item.mediator.map { SuspendingMediator(inner: try Strategies.mediator(named: $0)) }
                    let trace = try await Session(scenario: item.scenario, seed: item.seed).run(negotiators: negotiators, mediator: mediator)
                    return (index, trace.json(in: item.scenario, seed: item.seed).compact)
                }
            }
            var traces = [String](repeating: "", count: Self.cases.count)
            for try await (index, json) in group { traces[index] = json }
            return traces
        }
        for index in Self.cases.indices {
            #expect(interleaved[index] == sequential[index], "session \(index)")
        }
    }

    /// The one-by-one runs above take the engine's path for negotiators that answer at once, the
    /// interleaved runs its `async` path: the comparison holds only if every built-in negotiator
    /// takes the first.
    @Test("every built-in negotiator answers without suspending")
    func builtInNegotiatorsAreSynchronous() throws {
        let names =
            Strategies.negotiators.map(\.name).filter { !$0.contains(":") && !$0.contains("/") } + [
                "time:0.5", "boa/offer=time:0.2/accept=ac-next/model=frequency",
            ]
        for name in names {
            #expect(try Strategies.negotiator(named: name) is any SynchronousNegotiator, "\(name)")
        }
        #expect(!(SuspendingNegotiator(inner: HardLiner()) is any SynchronousNegotiator))
    }
}
