/// What a negotiator knows about its own side and the rules, given when a session starts.
public struct NegotiatorContext: Sendable {
    /// Its party's position in the scenario.
    public var party: Int
    /// Its party's name.
    public var name: String
    /// Its own private profile, and nobody else's.
    public var profile: Profile
    /// The issues and options.
    public var space: OutcomeSpace
    /// Issues whose option is fixed for this session (settled earlier, or off the agenda).
    public var fixed: [Int: Int]
    /// The number of parties.
    public var partyCount: Int
    /// The deadline in rounds.
    public var rounds: Int
    /// The session's seed for this negotiator's own random draws.
    public var seed: UInt64

    /// A context; sessions build it, and tests and other hosts of a negotiator may too.
    public init(
        party: Int, name: String, profile: Profile, space: OutcomeSpace, fixed: [Int: Int] = [:], partyCount: Int, rounds: Int,
        seed: UInt64
    ) {
        self.party = party
        self.name = name
        self.profile = profile
        self.space = space
        self.fixed = fixed
        self.partyCount = partyCount
        self.rounds = rounds
        self.seed = seed
    }

    /// The party's utility for an outcome.
    public func utility(of outcome: Outcome) -> Double { profile.utility.utility(of: outcome, in: space) }

    /// Relative time in [0, 1] at `round` (1-based): 0 in the first round, 1 in the last.
    public func time(at round: Int) -> Double {
        rounds <= 1 ? 1 : min(1, max(0, Double(round - 1) / Double(rounds - 1)))
    }
}

/// What the protocol asks a negotiator in one turn.
public struct Turn: Sendable {
    /// The round, from 1.
    public var round: Int
    /// Relative time in [0, 1].
    public var time: Double
    /// The offer on the table and who made it, if any.
    public var offer: Outcome?
    /// The party (by position) that made `offer`; nil in the mediated protocols, whose `offer` is
    /// the mediator's text.
    public var offeredBy: Int?

    /// A turn of round `round` at relative time `time`.
    public init(round: Int, time: Double, offer: Outcome? = nil, offeredBy: Int? = nil) {
        self.round = round
        self.time = time
        self.offer = offer
        self.offeredBy = offeredBy
    }
}

/// A negotiator's move in alternating offers.
public enum Action: Hashable, Sendable {
    /// Puts an outcome on the table in place of the previous offer; it must keep every fixed issue.
    case offer(Outcome)
    /// Accepts the offer on the table, which another party must have made.
    case accept
    /// Ends the negotiation for every party: a walk-away.
    case end
}

/// A delegation's answer to a mediator's text in indirect talks.
public enum Response: Hashable, Sendable {
    /// Accepts the text as it stands.
    case accept
    /// Rejects the text, naming the issues it objects to and optionally proposing its own text.
    case reject(objections: [Int], counter: Outcome?)

    /// Whether the delegation accepts the text.
    public var accepts: Bool { self == .accept }
}

/// The strategy that acts for a party. Implement it to bring your own negotiator. Every method
/// must be implemented, unless the negotiator adopts `PreferenceDrivenNegotiator`: then every
/// method but `act` has a default built from the party's own utility, so a negotiator written
/// for alternating offers can also vote on single texts and answer a mediator.
///
/// The methods are `async` so that a negotiator may wait for a person or a program over the
/// network without holding a thread; a synchronous implementation satisfies them and is called
/// without suspending, so the built-in negotiators stay synchronous and fast.
///
/// A negotiator sees its own profile (in `start`) and the events addressed to it (`observe`),
/// nothing else. Throwing, returning an invalid action or overrunning the time limit ends the
/// session with a `failure` result that names the party; the run itself never crashes.
public protocol Negotiator {
    /// The strategy's name, as traces and reports show it.
    var strategy: String { get }

    /// Called before the first round, and again with the new fixed issues when a track of a
    /// sequential agenda starts or held issues come onto the agenda.
    nonisolated(nonsending) mutating func start(_ context: NegotiatorContext) async throws

    /// Alternating offers: offer, accept the offer on the table, or end the negotiation.
    nonisolated(nonsending) mutating func act(_ turn: Turn) async throws -> Action

    /// Single-text mediation: vote for (true) or against replacing `draft` by `proposal`.
    nonisolated(nonsending) mutating func vote(on proposal: Outcome, replacing draft: Outcome, turn: Turn) async throws -> Bool

    /// Ratification of a final single text at the deadline.
    nonisolated(nonsending) mutating func ratify(_ text: Outcome) async throws -> Bool

    /// Indirect talks: accept the mediator's text or reject it with objections and a counter-proposal.
    nonisolated(nonsending) mutating func respond(to text: Outcome, turn: Turn) async throws -> Response

    /// Whether the party lets `issue`, which it holds off the table, onto the agenda.
    nonisolated(nonsending) mutating func admit(issue: Int, turn: Turn, breakdownRisk: Double) async throws -> Bool

    /// An event visible to this negotiator.
    mutating func observe(_ event: TraceEvent)

    /// Whether `observe` does anything: a session shows events only to negotiators that say
    /// so, and skips the others. True unless a negotiator says otherwise; read once after
    /// each `start`.
    var observesEvents: Bool { get }

    /// Alternating offers, answered without suspending: the action, or nil for the session to
    /// ask `act`. Nil unless the negotiator is a `SynchronousNegotiator`; implement that
    /// protocol rather than this method.
    mutating func actWithoutSuspending(_ turn: Turn) throws -> Action?
}

extension Negotiator {
    /// True: every event the negotiator may see is shown to it.
    public var observesEvents: Bool { true }

    /// Nil: the session asks `act`.
    public mutating func actWithoutSuspending(_ turn: Turn) throws -> Action? { nil }
}

/// A negotiator whose `act` never waits: the session calls it directly, skipping the cost of an
/// `async` call (a frame allocated and freed on every turn). Every built-in negotiator is one;
/// a negotiator that waits for a person or a program adopts `Negotiator` alone.
public protocol SynchronousNegotiator: Negotiator {
    /// Alternating offers: offer, accept the offer on the table, or end the negotiation.
    mutating func act(_ turn: Turn) throws -> Action
}

extension SynchronousNegotiator {
    /// The action `act` gives.
    public mutating func actWithoutSuspending(_ turn: Turn) throws -> Action? { try act(turn) }
}
