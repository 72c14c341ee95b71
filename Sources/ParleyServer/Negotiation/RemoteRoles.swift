import Parley

/// A party played over the API: every question goes to `LiveNegotiation.ask`.
struct RemoteNegotiator: Negotiator {
    let live: LiveNegotiation
    let role: String
    var context: NegotiatorContext?

    init(live: LiveNegotiation, role: String) {
        self.live = live
        self.role = role
    }

    var strategy: String { NegotiationDefinition.remote }

    mutating func start(_ context: NegotiatorContext) async throws { self.context = context }

    private func question(_ kind: Question.Kind, _ turn: Turn?) -> Question {
        Question(
            sequence: 0, role: role, kind: kind, round: turn?.round, time: turn?.time, text: turn?.offer, offeredBy: turn?.offeredBy,
            fixed: context?.fixed ?? [:], party: context?.party)
    }

    mutating func act(_ turn: Turn) async throws -> Action {
        let answer = try await live.ask(question(.act, turn))
        switch answer.action {
        case .offer: return .offer(Outcome(answer.outcome ?? []))
        case .accept: return .accept
        default: return .end
        }
    }

    mutating func vote(on proposal: Outcome, replacing draft: Outcome, turn: Turn) async throws -> Bool {
        var asked = question(.vote, turn)
        asked.text = draft
        asked.proposal = proposal
        return try await live.ask(asked).approve ?? false
    }

    mutating func ratify(_ text: Outcome) async throws -> Bool {
        var asked = question(.ratify, nil)
        asked.text = text
        return try await live.ask(asked).approve ?? false
    }

    mutating func respond(to text: Outcome, turn: Turn) async throws -> Response {
        var asked = question(.respond, turn)
        asked.text = text
        let answer = try await live.ask(asked)
        guard answer.action == .reject else { return .accept }
        return .reject(objections: answer.objections ?? [], counter: answer.outcome.map(Outcome.init))
    }

    mutating func admit(issue: Int, turn: Turn, breakdownRisk: Double) async throws -> Bool {
        var asked = question(.admit, turn)
        asked.issue = issue
        asked.breakdownRisk = breakdownRisk
        return try await live.ask(asked).approve ?? false
    }

    mutating func observe(_ event: TraceEvent) { live.observe(event) }
}

/// A mediator played over the API.
struct RemoteMediator: Mediator {
    let live: LiveNegotiation
    let role: String
    var context: MediatorContext?

    init(live: LiveNegotiation, role: String) {
        self.live = live
        self.role = role
    }

    var strategy: String { NegotiationDefinition.remote }

    mutating func start(_ context: MediatorContext) async throws { self.context = context }

    private func ask(_ kind: Question.Kind, text: Outcome?, turn: Turn?, responses: [Response]? = nil) async throws -> Outcome {
        let asked = Question(
            sequence: 0, role: role, kind: kind, round: turn?.round, time: turn?.time, text: text, responses: responses,
            fixed: context?.fixed ?? [:])
        return Outcome(try await live.ask(asked).outcome ?? [])
    }

    mutating func initialText() async throws -> Outcome { try await ask(.initialText, text: nil, turn: nil) }

    mutating func propose(from draft: Outcome, turn: Turn) async throws -> Outcome { try await ask(.propose, text: draft, turn: turn) }

    mutating func revise(_ text: Outcome, responses: [Response], turn: Turn) async throws -> Outcome {
        try await ask(.revise, text: text, turn: turn, responses: responses)
    }

    mutating func observe(_ event: TraceEvent) { live.observe(event) }
}

/// A built-in negotiator whose view of the session is also recorded live.
struct ObservedNegotiator: Negotiator {
    var inner: any Negotiator
    let live: LiveNegotiation

    var strategy: String { inner.strategy }
    mutating func start(_ context: NegotiatorContext) async throws { try await inner.start(context) }
    mutating func act(_ turn: Turn) async throws -> Action { try await inner.act(turn) }
    mutating func vote(on proposal: Outcome, replacing draft: Outcome, turn: Turn) async throws -> Bool {
        try await inner.vote(on: proposal, replacing: draft, turn: turn)
    }
    mutating func ratify(_ text: Outcome) async throws -> Bool { try await inner.ratify(text) }
    mutating func respond(to text: Outcome, turn: Turn) async throws -> Response { try await inner.respond(to: text, turn: turn) }
    mutating func admit(issue: Int, turn: Turn, breakdownRisk: Double) async throws -> Bool {
        try await inner.admit(issue: issue, turn: turn, breakdownRisk: breakdownRisk)
    }
    mutating func observe(_ event: TraceEvent) {
        live.observe(event)
        inner.observe(event)
    }
}

/// A built-in mediator whose view of the session is also recorded live.
struct ObservedMediator: Mediator {
    var inner: any Mediator
    let live: LiveNegotiation

    var strategy: String { inner.strategy }
    mutating func start(_ context: MediatorContext) async throws { try await inner.start(context) }
    mutating func initialText() async throws -> Outcome { try await inner.initialText() }
    mutating func propose(from draft: Outcome, turn: Turn) async throws -> Outcome { try await inner.propose(from: draft, turn: turn) }
    mutating func learn(proposal: Outcome, votes: [Bool], adopted: Bool) { inner.learn(proposal: proposal, votes: votes, adopted: adopted) }
    mutating func revise(_ text: Outcome, responses: [Response], turn: Turn) async throws -> Outcome {
        try await inner.revise(text, responses: responses, turn: turn)
    }
    mutating func observe(_ event: TraceEvent) {
        live.observe(event)
        inner.observe(event)
    }
}
