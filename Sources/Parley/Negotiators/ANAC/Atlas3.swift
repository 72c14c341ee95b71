import ParleySupport

/// Atlas3, winner of ANAC 2015 (Mori & Ito, "Atlas3: a negotiating agent based on expecting
/// lower limit of concession function", in *Modern Approaches to Agent-based Complex Automated
/// Negotiation*, 2017), in Parley's undiscounted reading.
///
/// For each opponent it estimates the most that opponent will give it from the mean μ and the
/// standard deviation σ of the utilities of its offers, `emax = μ + (1 − μ) · √3σ` (the top of
/// a uniform distribution of that deviation, scaled into what is left above the mean). The lowest
/// of these estimates, never below its reservation value, is its lower limit of concession `L`;
/// its threshold falls from its best utility to `L` along a Boulware curve,
/// `τ(t) = L + (max − L) · (1 − t^(1/e))` with e = 0.1.
///
/// Its offers come from a relative-utility search: starting from the last offer it received, it
/// changes one issue at a time, always the change worth most to it, until the offer is worth
/// its threshold — an offer close to what the other side asked for. In the final phase (the last
/// `finalRounds` rounds) it offers the outcomes the opponents have offered or accepted, the
/// best for it first, each once, while they are worth its reservation value. It accepts an offer
/// worth its threshold, and in the final phase one worth what it would offer. It never offers or
/// accepts below its reservation value.
public struct Atlas3: PreferenceDrivenNegotiator, SynchronousNegotiator {
    /// The exponent of its concession toward the lower limit (0.1: Boulware).
    public var exponent = 0.1
    /// The rounds at the end in which it offers the outcomes the opponents supported.
    public var finalRounds = 5
    /// Its own preferences, set up in `start`.
    public private(set) var preferences: OwnPreferences?
    /// Per opponent: count, sum and sum of squares of the utilities of its offers (relative to
    /// the best), in the order they first offered.
    private var statistics: [(name: String, count: Int, sum: Double, squares: Double)] = []
    private var lastReceived: Outcome?
    /// Outcomes another party offered or accepted, in the order first seen, with their utility.
    private var supported: [(outcome: Outcome, utility: Double)] = []
    private var supportedSet: Set<Outcome> = []
    private var offeredInFinal: Set<Outcome> = []

    /// Atlas3.
    public init() {}
    /// `atlas3`.
    public var strategy: String { "atlas3" }

    /// Ranks its outcomes and forgets earlier sessions.
    public mutating func start(_ context: NegotiatorContext) throws {
        preferences = try OwnPreferences(context)
        (statistics, lastReceived, supported, supportedSet, offeredInFinal) = ([], nil, [], [], [])
    }

    /// The estimated most an opponent will give, `μ + (1 − μ) · √3σ`, at most 1.
    public static func estimatedMaximum(mean: Double, deviation: Double) -> Double {
        min(1, mean + (1 - mean) * 3.0.squareRoot() * max(0, deviation))
    }

    /// Its lower limit of concession in its own utility: the lowest estimated maximum among the
    /// opponents, never below its concession floor; its best utility before any offer.
    public var lowerLimit: Double {
        guard let own = preferences else { return 1 }
        let scale = own.bestUtility > 0 ? own.bestUtility : 1
        guard !statistics.isEmpty else { return own.bestUtility }
        var limit = 1.0
        for entry in statistics {
            let mean = entry.sum / Double(entry.count)
            let variance = max(0, entry.squares / Double(entry.count) - mean * mean)
            limit = min(limit, Self.estimatedMaximum(mean: mean, deviation: variance.squareRoot()))
        }
        return min(own.bestUtility, max(own.concessionFloor, limit * scale))
    }

    /// `τ(t) = L + (max − L) · (1 − t^(1/e))`.
    public func target(at time: Double) -> Double {
        guard let own = preferences else { return 1 }
        let limit = lowerLimit
        return own.clampedTarget(limit + (own.bestUtility - limit) * (1 - Double.pow(time, 1 / exponent)))
    }

    /// Records another party's offer (its statistics, the last offer, a supported outcome) and
    /// outcomes other parties accepted.
    public mutating func observe(_ event: TraceEvent) {
        guard let own = preferences, event.actor != own.context.name, let outcome = event.outcome else { return }
        guard event.kind == .offer || event.kind == .accept else { return }
        let utility = own.utility(of: outcome)
        if supportedSet.insert(outcome).inserted { supported.append((outcome, utility)) }
        guard event.kind == .offer else { return }
        lastReceived = outcome
        let relative = min(1, utility / (own.bestUtility > 0 ? own.bestUtility : 1))
        if let index = statistics.firstIndex(where: { $0.name == event.actor }) {
            statistics[index].count += 1
            statistics[index].sum += relative
            statistics[index].squares += relative * relative
        } else {
            statistics.append((event.actor, 1, relative, relative * relative))
        }
    }

    /// The relative-utility search: the last received offer improved one issue at a time until
    /// it is worth `threshold`; the least outcome worth it when that search falls short.
    func searchedOffer(threshold: Double, own: OwnPreferences) -> Outcome {
        guard let base = lastReceived else { return own.best }
        let improved = own.improve(base, toward: threshold).outcome
        return own.utility(of: improved) >= threshold ? improved : own.outcome(atLeast: threshold)
    }

    /// The best supported outcome it has not offered in the final phase, if worth its
    /// reservation value.
    func finalOffer(own: OwnPreferences) -> (outcome: Outcome, utility: Double)? {
        var choice: (outcome: Outcome, utility: Double)?
        for entry in supported where !offeredInFinal.contains(entry.outcome) && entry.utility >= own.context.profile.reservationValue {
            if choice.map({ entry.utility > $0.utility }) ?? true { choice = entry }
        }
        return choice
    }

    /// Accepts an offer worth its threshold (in the final phase, worth its final offer);
    /// otherwise offers from the search, or a supported outcome in the final phase.
    public mutating func act(_ turn: Turn) throws -> Action {
        let own = try own()
        let threshold = target(at: turn.time)
        let final = own.context.rounds - turn.round < finalRounds
        let late = final ? finalOffer(own: own) : nil
        if let offer = turn.offer, turn.offeredBy != own.context.party {
            let utility = own.utility(of: offer)
            let good = utility >= threshold || (late.map { utility >= $0.utility } ?? false)
            if utility >= own.context.profile.reservationValue && good { return .accept }
        }
        if let late {
            offeredInFinal.insert(late.outcome)
            return .offer(late.outcome)
        }
        return .offer(searchedOffer(threshold: threshold, own: own))
    }
}
