import ParleySupport

/// Never concedes: offers its best outcome every turn and accepts only offers worth as much.
public struct HardLiner: PreferenceDrivenNegotiator {
    public private(set) var preferences: OwnPreferences?
    public init() {}
    public var strategy: String { "hardliner" }

    public mutating func start(_ context: NegotiatorContext) throws { preferences = try OwnPreferences(context) }
    public func target(at time: Double) -> Double { preferences?.bestUtility ?? 1 }

    public mutating func act(_ turn: Turn) throws -> Action {
        let own = try own()
        if let offer = turn.offer, own.utility(of: offer) >= own.bestUtility { return .accept }
        return .offer(own.best)
    }
}

/// Offers outcomes drawn at random among those worth more than its reservation value, and
/// accepts any offer worth more than its reservation value.
public struct RandomNegotiator: PreferenceDrivenNegotiator {
    public private(set) var preferences: OwnPreferences?
    private var random = SeededGenerator(seed: 0)
    public init() {}
    public var strategy: String { "random" }

    public mutating func start(_ context: NegotiatorContext) throws {
        let own = try OwnPreferences(context)
        try own.requireRanking(strategy)
        preferences = own
        random = SeededGenerator(seed: context.seed)
    }

    public func target(at time: Double) -> Double {
        guard let own = preferences else { return 1 }
        return min(own.bestUtility, own.context.profile.reservationValue)
    }

    public mutating func act(_ turn: Turn) throws -> Action {
        let own = try own()
        let reservation = own.context.profile.reservationValue
        if let offer = turn.offer, own.utility(of: offer) > reservation { return .accept }
        let first = own.rank(atLeast: reservation.nextUp)
        return .offer(own.outcome(atRank: first + random.uniform(below: own.count - first)))
    }

    public mutating func respond(to text: Outcome, turn: Turn) throws -> Response {
        let own = try own()
        if own.utility(of: text) > own.context.profile.reservationValue { return .accept }
        let (counter, changed) = own.improve(text, toward: own.context.profile.reservationValue.nextUp)
        return .reject(objections: changed, counter: counter)
    }
}

/// Relative tit-for-tat: concedes, in its own utility, as much as the other side's offers have
/// conceded to it since their first offer; never below its reservation value.
public struct TitForTat: PreferenceDrivenNegotiator {
    public private(set) var preferences: OwnPreferences?
    private var firstReceived: Double?
    private var bestReceived = -Double.infinity
    public init() {}
    public var strategy: String { "tit-for-tat" }

    public mutating func start(_ context: NegotiatorContext) throws { preferences = try OwnPreferences(context) }

    public func target(at time: Double) -> Double {
        guard let own = preferences else { return 1 }
        let conceded = firstReceived.map { max(0, bestReceived - $0) } ?? 0
        return max(own.bestUtility - conceded, min(own.context.profile.reservationValue, own.bestUtility))
    }

    public mutating func observe(_ event: TraceEvent) {
        guard let own = preferences, event.actor != own.context.name, let outcome = event.outcome,
            event.kind == .offer || event.kind == .text
        else { return }
        let value = own.utility(of: outcome)
        if firstReceived == nil { firstReceived = value }
        bestReceived = max(bestReceived, value)
    }

    public mutating func act(_ turn: Turn) throws -> Action {
        let own = try own()
        let goal = target(at: turn.time)
        if let offer = turn.offer, own.utility(of: offer) >= goal { return .accept }
        return .offer(own.outcome(atLeast: goal))
    }
}
