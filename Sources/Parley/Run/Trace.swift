/// What happened in a session, in order.
public struct TraceEvent: Hashable, Sendable {
    /// What kind of event it is.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case offer, accept, reject, end, text, vote, relay, agreement, deadline, breakdown, failure
        /// The start of a round (a dated session in the Geneva story), with its breakdown risk.
        case round
        /// Issues moved onto (or kept off) the agenda.
        case agenda
        /// Which issues are settled and which are open.
        case status
    }

    /// The round, from 1.
    public var round: Int
    /// The position of the event in the trace, from 1.
    public var step: Int
    /// Who acted: a party, the mediator, or "session" for the protocol itself.
    public var actor: String
    /// What happened.
    public var kind: Kind
    /// The outcome offered, proposed, voted on or agreed, if any.
    public var outcome: Outcome?
    /// Issues named: objections in a rejection, settled issues in a status, issues admitted to the agenda.
    public var issues: [Int]
    /// A second list of issues: open issues in a status.
    public var otherIssues: [Int]
    /// A vote, an acceptance or a ratification.
    public var approve: Bool?
    /// A probability (the round's breakdown risk) or a utility, where the kind carries one.
    public var value: Double?
    /// Human-readable detail (the session's date and venue, a failure's reason).
    public var note: String?
    /// The actors who can see the event. Negotiators are shown nothing else.
    public var audience: [String]

    /// An event; the session sets `step` and adds the observer to `audience` when it records it.
    public init(
        round: Int, step: Int = 0, actor: String, kind: Kind, outcome: Outcome? = nil, issues: [Int] = [],
        otherIssues: [Int] = [], approve: Bool? = nil, value: Double? = nil, note: String? = nil, audience: [String]
    ) {
        self.round = round
        self.step = step
        self.actor = actor
        self.kind = kind
        self.outcome = outcome
        self.issues = issues
        self.otherIssues = otherIssues
        self.approve = approve
        self.value = value
        self.note = note
        self.audience = audience
    }

    /// Whether `actor` may see this event.
    public func isVisible(to actor: String) -> Bool { audience.contains(actor) }
}

/// How a session ended.
public enum EndReason: Hashable, Sendable {
    /// Every party agreed on one outcome.
    case agreement
    /// The deadline passed without agreement: every party gets its reservation value.
    case deadline
    /// A party ended the negotiation.
    case walkAway(by: String)
    /// The talks collapsed (the hazard struck): every party gets its breakdown value.
    case breakdown
    /// A negotiator or mediator threw, returned an invalid action or overran its time.
    case failure(by: String, message: String)

    /// A one-word name for tables and files: `agreement`, `deadline`, `walk-away`, `breakdown` or
    /// `failure`.
    public var label: String {
        switch self {
        case .agreement: "agreement"
        case .deadline: "deadline"
        case .walkAway: "walk-away"
        case .breakdown: "breakdown"
        case .failure: "failure"
        }
    }
}

/// The result of a session.
public struct SessionResult: Hashable, Sendable {
    /// How the session ended.
    public var reason: EndReason
    /// The agreed outcome, if any.
    public var agreement: Outcome?
    /// Each party's utility for the result (agreement, reservation or breakdown value).
    public var utilities: [Double]
    /// The same, with each party's discount applied to an agreement for the round it came in
    /// (`Profile.discounted(_:agreedInRound:deadline:)`); equal to `utilities` for parties that do
    /// not discount and for results without agreement.
    public var discountedUtilities: [Double]
    /// Rounds used.
    public var rounds: Int
    /// Issues every party accepted in the last text or offer considered (all issues on agreement).
    public var settledIssues: [Int]
    /// The issues not settled.
    public var openIssues: [Int]
    /// The last text or offer on the table, agreed or not.
    public var lastText: Outcome?

    /// A result; the discounted utilities are the utilities unless given.
    public init(
        reason: EndReason, agreement: Outcome?, utilities: [Double], discountedUtilities: [Double]? = nil, rounds: Int,
        settledIssues: [Int] = [], openIssues: [Int] = [], lastText: Outcome? = nil
    ) {
        self.reason = reason
        self.agreement = agreement
        self.utilities = utilities
        self.discountedUtilities = discountedUtilities ?? utilities
        self.rounds = rounds
        self.settledIssues = settledIssues
        self.openIssues = openIssues
        self.lastText = lastText
    }
}

/// A session's events and result.
public struct Trace: Hashable, Sendable {
    /// Every event, in order.
    public var events: EventLog
    /// How the session ended and what each party got.
    public var result: SessionResult

    /// A trace of `events` ending in `result`.
    public init(events: EventLog, result: SessionResult) {
        self.events = events
        self.result = result
    }

    /// The events `actor` could see.
    public func visible(to actor: String) -> [TraceEvent] { events.visible(to: actor) }
}
