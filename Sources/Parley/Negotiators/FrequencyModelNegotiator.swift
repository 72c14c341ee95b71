/// Concedes with time like `TimeBasedNegotiator`, and among the outcomes near its target
/// offers the one the other parties probably like best, by a frequency model of their offers:
/// an issue whose option an opponent rarely changes weighs more to it, and an option it offers
/// often is worth more to it (the classic frequency opponent model of GENIUS agents).
public struct FrequencyModelNegotiator: PreferenceDrivenNegotiator, SynchronousNegotiator {
    /// Its own preferences, set up in `start`.
    public private(set) var preferences: OwnPreferences?
    private var concession: TimeBasedNegotiator
    /// Per opponent: how often each option of each issue was offered, and how often each issue stayed unchanged.
    private var optionCounts: [String: [[Double]]] = [:]
    private var unchanged: [String: [Double]] = [:]
    private var lastOffer: [String: Outcome] = [:]
    /// The width of the utility band above the target that offers are chosen from.
    public var band = 0.05

    /// Concedes with the time-based exponent `exponent` (0.5 by default: late).
    public init(exponent: Double = 0.5) { concession = TimeBasedNegotiator(exponent: exponent) }
    /// `frequency-model`.
    public var strategy: String { "frequency-model" }

    /// Ranks its outcomes.
    /// - Throws: `NegotiatorError` when the free issues have more than
    /// `OwnPreferences.rankingLimit` outcomes.
    public mutating func start(_ context: NegotiatorContext) throws {
        try concession.start(context)
        try concession.preferences?.requireRanking(strategy)
        preferences = concession.preferences
    }

    /// The time-based target.
    public func target(at time: Double) -> Double { concession.target(at: time) }

    /// Counts, per other party, the options of its offers and the issues it left unchanged from
    /// its previous offer.
    public mutating func observe(_ event: TraceEvent) {
        guard let own = preferences, event.actor != own.context.name, event.kind == .offer || event.kind == .reject,
            let outcome = event.kind == .offer ? event.outcome : nil
        else { return }
        let radices = own.context.space.radices
        var counts = optionCounts[event.actor] ?? radices.map { [Double](repeating: 0, count: $0) }
        var stable = unchanged[event.actor] ?? [Double](repeating: 0, count: radices.count)
        for (issue, option) in outcome.options.enumerated() {
            counts[issue][option] += 1
            if lastOffer[event.actor]?.options[issue] == option { stable[issue] += 1 }
        }
        optionCounts[event.actor] = counts
        unchanged[event.actor] = stable
        lastOffer[event.actor] = outcome
    }

    /// The estimated utility of `outcome` to the opponents, averaged.
    func estimatedOpponentUtility(_ outcome: Outcome) -> Double {
        guard !optionCounts.isEmpty else { return 0 }
        var total = 0.0
        for (name, counts) in optionCounts {
            let stable = unchanged[name] ?? []
            let weights = stable.map { $0 + 1 }
            let weightSum = weights.reduce(0, +)
            for (issue, option) in outcome.options.enumerated() {
                let top = counts[issue].max() ?? 0
                let value = top > 0 ? counts[issue][option] / top : 0
                total += weights[issue] / weightSum * value
            }
        }
        return total / Double(optionCounts.count)
    }

    /// Accepts an offer worth at least its target; otherwise offers, among the outcomes from its
    /// target to about `band` above it (at most 256, evenly spread by rank), the one the frequency
    /// model rates best for the others.
    public mutating func act(_ turn: Turn) throws -> Action {
        let own = try own()
        let goal = target(at: turn.time)
        if let offer = turn.offer, own.utility(of: offer) >= goal { return .accept }
        let first = own.rank(atLeast: goal)
        let last = own.rank(atLeast: goal + band)
        // At most 256 candidates, evenly spread over the band, so a turn stays cheap.
        let stride = max(1, (last - first + 1) / 256)
        var choice = first
        var bestScore = -Double.infinity
        own.forEachOutcome(atRanks: Swift.stride(from: first, through: last, by: stride)) { rank, candidate in
            let score = estimatedOpponentUtility(candidate)
            if score > bestScore {
                bestScore = score
                choice = rank
            }
        }
        return .offer(own.outcome(atRank: choice))
    }
}
