import Parley

/// A negotiator driven by closures, for testing protocol rules; it records every event it is shown.
public struct ScriptedNegotiator: Negotiator {
    public var strategy = "scripted"
    public var onAct: (Turn) throws -> Action
    public var onVote: (Outcome, Outcome) -> Bool
    public var onRespond: (Outcome, Turn) -> Response
    public var onAdmit: (Int, Double) -> Bool
    public var context: NegotiatorContext?
    /// Every event this negotiator was shown, in order (shared with the test through the box).
    public let seen: SeenEvents

    public init(
        act: @escaping (Turn) throws -> Action = { _ in .end },
        vote: @escaping (Outcome, Outcome) -> Bool = { _, _ in true },
        respond: @escaping (Outcome, Turn) -> Response = { _, _ in .accept },
        admit: @escaping (Int, Double) -> Bool = { _, _ in false },
        log: SeenEvents = SeenEvents()
    ) {
        self.onAct = act
        self.onVote = vote
        self.onRespond = respond
        self.onAdmit = admit
        self.seen = log
    }

    public mutating func start(_ context: NegotiatorContext) throws { self.context = context }
    public mutating func act(_ turn: Turn) throws -> Action { try onAct(turn) }
    public mutating func vote(on proposal: Outcome, replacing draft: Outcome, turn: Turn) throws -> Bool { onVote(proposal, draft) }
    public mutating func ratify(_ text: Outcome) throws -> Bool { true }
    public mutating func respond(to text: Outcome, turn: Turn) throws -> Response { onRespond(text, turn) }
    public mutating func admit(issue: Int, turn: Turn, breakdownRisk: Double) throws -> Bool { onAdmit(issue, breakdownRisk) }
    public mutating func observe(_ event: TraceEvent) { seen.events.append(event) }
}

/// A shared, growing list of events (tests run each session on one thread).
public final class SeenEvents: @unchecked Sendable {
    // Safe: a log is created, filled and read by one test on one thread; it is never shared across tasks.
    public var events: [TraceEvent] = []
    public init() {}
}

/// Small scenarios for protocol tests.
public enum ToyScenarios {
    /// Two parties with opposed preferences over two issues of three options; option 0 is best for A.
    public static func opposed(reservation: Double = 0, talks: Talks = Talks(), mediator: Bool = false) -> Scenario {
        let issues = [Issue(name: "price", options: ["low", "mid", "high"]), Issue(name: "speed", options: ["slow", "normal", "fast"])]
        let a = Profile(
            utility: UtilityFunction(weights: [0.6, 0.4], valuations: [.table([1, 0.5, 0]), .table([0, 0.5, 1])]), reservationValue: reservation,
            breakdownValue: 0.05)
        let b = Profile(
            utility: UtilityFunction(weights: [0.3, 0.7], valuations: [.table([0, 0.5, 1]), .table([1, 0.5, 0])]), reservationValue: reservation,
            breakdownValue: 0.02)
        return Scenario(
            name: "toy", issues: issues, parties: [.init(name: "A", profile: a), .init(name: "B", profile: b)],
            mediator: mediator ? Mediation(name: "M", knowledge: .profiles) : nil, talks: talks)
    }
}
