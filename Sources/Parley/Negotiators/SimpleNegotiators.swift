import ParleySupport

/// Never concedes: offers its best outcome every turn and accepts only offers worth as much.
public struct HardLiner: PreferenceDrivenNegotiator, SynchronousNegotiator {
    /// Its own preferences, set up in `start`.
    public private(set) var preferences: OwnPreferences?
    /// A hard-liner.
    public init() {}
    /// `hardliner`.
    public var strategy: String { "hardliner" }
    /// False: it decides from its own preferences and the offer on the table alone.
    public var observesEvents: Bool { false }

    /// Ranks its outcomes, or searches for the best in a space too large to rank.
    public mutating func start(_ context: NegotiatorContext) throws { preferences = try OwnPreferences(context) }
    /// Its best utility, at any time.
    public func target(at time: Double) -> Double { preferences?.bestUtility ?? 1 }

    /// Accepts an offer worth its best utility; otherwise offers its best outcome.
    public mutating func act(_ turn: Turn) throws -> Action {
        let own = try own()
        if let offer = turn.offer, own.utility(of: offer) >= own.bestUtility { return .accept }
        return .offer(own.best)
    }
}

/// Offers outcomes drawn at random among those worth more than its reservation value, and
/// accepts any offer worth more than its reservation value.
public struct RandomNegotiator: PreferenceDrivenNegotiator, SynchronousNegotiator {
    /// Its own preferences, set up in `start`.
    public private(set) var preferences: OwnPreferences?
    private var random = SeededGenerator(seed: 0)
    /// A random negotiator; its draws are seeded in `start`.
    public init() {}
    /// `random`.
    public var strategy: String { "random" }
    /// False: it decides from its own preferences and the offer on the table alone.
    public var observesEvents: Bool { false }

    /// Ranks its outcomes and seeds its draws from the context.
    /// - Throws: `NegotiatorError` when the free issues have more than
    /// `OwnPreferences.rankingLimit` outcomes.
    public mutating func start(_ context: NegotiatorContext) throws {
        let own = try OwnPreferences(context)
        try own.requireRanking(strategy)
        preferences = own
        random = SeededGenerator(seed: context.seed)
    }

    /// Its reservation value (its best utility, if lower), at any time.
    public func target(at time: Double) -> Double {
        guard let own = preferences else { return 1 }
        return min(own.bestUtility, own.context.profile.reservationValue)
    }

    /// Accepts an offer worth more than its reservation value; otherwise offers an outcome drawn
    /// uniformly among those worth more (its best outcome if none is).
    public mutating func act(_ turn: Turn) throws -> Action {
        let own = try own()
        let reservation = own.context.profile.reservationValue
        if let offer = turn.offer, own.utility(of: offer) > reservation { return .accept }
        let first = own.rank(atLeast: reservation.nextUp)
        return .offer(own.outcome(atRank: first + random.uniform(below: own.count - first)))
    }

    /// Accepts a text worth more than its reservation value; otherwise objects to the issues it
    /// would change to get above it, proposing the text those changes give.
    public mutating func respond(to text: Outcome, turn: Turn) throws -> Response {
        let own = try own()
        if own.utility(of: text) > own.context.profile.reservationValue { return .accept }
        let (counter, changed) = own.improve(text, toward: own.context.profile.reservationValue.nextUp)
        return .reject(objections: changed, counter: counter)
    }
}

/// Relative tit-for-tat: concedes, in its own utility, as much as the other side's offers have
/// conceded to it since their first offer; never below its reservation value.
public struct TitForTat: PreferenceDrivenNegotiator, SynchronousNegotiator {
    /// Its own preferences, set up in `start`.
    public private(set) var preferences: OwnPreferences?
    private var firstReceived: Double?
    private var bestReceived = -Double.infinity
    /// A tit-for-tat negotiator.
    public init() {}
    /// `tit-for-tat`.
    public var strategy: String { "tit-for-tat" }

    /// Ranks its outcomes, or searches for the best in a space too large to rank.
    public mutating func start(_ context: NegotiatorContext) throws { preferences = try OwnPreferences(context) }

    /// Its best utility less what the others' offers have conceded to it since their first, never
    /// below its reservation value (or its best utility, if lower).
    public func target(at time: Double) -> Double {
        guard let own = preferences else { return 1 }
        let conceded = firstReceived.map { max(0, bestReceived - $0) } ?? 0
        return max(own.bestUtility - conceded, min(own.context.profile.reservationValue, own.bestUtility))
    }

    /// Notes what the other parties' offers and the mediator's texts are worth to it.
    public mutating func observe(_ event: TraceEvent) {
        guard let own = preferences, event.actor != own.context.name, let outcome = event.outcome,
            event.kind == .offer || event.kind == .text
        else { return }
        let value = own.utility(of: outcome)
        if firstReceived == nil { firstReceived = value }
        bestReceived = max(bestReceived, value)
    }

    /// Offers the least valuable outcome worth its target; accepts an offer worth at least that.
    public mutating func act(_ turn: Turn) throws -> Action {
        let own = try own()
        let goal = target(at: turn.time)
        if let offer = turn.offer, own.utility(of: offer) >= goal { return .accept }
        return .offer(own.outcome(atLeast: goal))
    }
}
