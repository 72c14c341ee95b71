/// What a mediator knows when a session starts.
public struct MediatorContext: Sendable {
    /// The mediator's role name.
    public var name: String
    /// The issues and options.
    public var space: OutcomeSpace
    /// Issues whose option is fixed for this session.
    public var fixed: [Int: Int]
    /// The parties' names, in order.
    public var parties: [String]
    /// The parties' private profiles, only when the scenario trusts the mediator with them.
    public var profiles: [Profile]?
    /// The deadline in rounds of the current track.
    public var rounds: Int
    /// The session's seed for the mediator's own random draws.
    public var seed: UInt64

    /// A context; sessions build it, and tests and other hosts of a mediator may too.
    public init(
        name: String, space: OutcomeSpace, fixed: [Int: Int] = [:], parties: [String], profiles: [Profile]?, rounds: Int, seed: UInt64
    ) {
        self.name = name
        self.space = space
        self.fixed = fixed
        self.parties = parties
        self.profiles = profiles
        self.rounds = rounds
        self.seed = seed
    }

    /// The issues the mediator may change.
    public var freeIssues: [Int] { space.issues.indices.filter { fixed[$0] == nil } }

    /// Relative time in [0, 1] at `round` (1-based).
    public func time(at round: Int) -> Double {
        rounds <= 1 ? 1 : min(1, max(0, Double(round - 1) / Double(rounds - 1)))
    }
}

/// The strategy of a mediator: it drafts the single text, proposes changes for the parties to
/// vote on, and in indirect talks carries a framework text between delegations and revises it
/// from what each tells it. Implement it to bring your own mediator; as with `Negotiator`, the
/// methods may be synchronous or `async`.
public protocol Mediator {
    /// The strategy's name, as traces and reports show it.
    var strategy: String { get }

    /// Called before the first round, and again with the new fixed issues when a track of a
    /// sequential agenda starts or held issues come onto the agenda.
    nonisolated(nonsending) mutating func start(_ context: MediatorContext) async throws

    /// The first draft.
    nonisolated(nonsending) mutating func initialText() async throws -> Outcome

    /// Single-text mediation: the change to put to a vote (a whole new text).
    nonisolated(nonsending) mutating func propose(from draft: Outcome, turn: Turn) async throws -> Outcome

    /// Single-text mediation: how the vote on `proposal` went.
    mutating func learn(proposal: Outcome, votes: [Bool], adopted: Bool)

    /// Indirect talks: the next framework text, from the current one and each delegation's answer (in party order).
    nonisolated(nonsending) mutating func revise(_ text: Outcome, responses: [Response], turn: Turn) async throws -> Outcome

    /// An event visible to the mediator.
    mutating func observe(_ event: TraceEvent)
}

extension Mediator {
    /// Learns nothing from the vote.
    public mutating func learn(proposal: Outcome, votes: [Bool], adopted: Bool) {}
    /// Ignores the event.
    public mutating func observe(_ event: TraceEvent) {}
}

/// A mediator that cannot work with what it was given.
public struct MediatorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// An error with `message`.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
