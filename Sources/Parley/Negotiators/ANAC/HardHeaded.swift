import ParleySupport

/// HardHeaded, winner of ANAC 2011 (van Krimpen, Looije & Hajizadeh, "HardHeaded", in
/// *Complex Automated Negotiations: Theories, Models, and Software Competitions*, 2013).
///
/// It concedes along a very Boulware time-dependent curve, `e = 0.05` and `k = 0.05`, from its
/// best utility to `Pmin = max(0.585, reservation value)` (relative to its best utility), so it
/// hardly concedes before the last tenth of the session. Among the outcomes worth its target to
/// `tolerance` above it, it ranks them by a frequency model of each opponent
/// (`FrequencyOpponentModel`: unchanged issues gain weight, offered options gain count) and
/// offers one of the `topSelected` best for them, drawn at random (seeded). Before the
/// opponents have offered it offers its best outcome. It accepts an offer worth at least the
/// offer it is about to make, or at least the lowest offer it has made so far.
public struct HardHeaded: PreferenceDrivenNegotiator, SynchronousNegotiator {
    /// The concession curve: e = 0.05, k = 0.05, Pmin set in `start`.
    public private(set) var curve = ConcessionCurve(exponent: 0.05, initialConcession: 0.05)
    /// The lowest utility it bids, relative to its best (0.585 in HardHeaded).
    public var minimumBidUtility = 0.585
    /// The band above the target it picks offers from.
    public var tolerance = 0.01
    /// How many of the band's outcomes best for the opponents it draws from.
    public var topSelected = 4
    /// Its own preferences, set up in `start`.
    public private(set) var preferences: OwnPreferences?
    /// The frequency models of its opponents.
    public private(set) var opponents: OpponentModels?
    private var lowestOwnUtility: Double?
    private var random = SeededGenerator(seed: 0)

    /// HardHeaded.
    public init() {}
    /// `hardheaded`.
    public var strategy: String { "hardheaded" }

    /// Ranks its outcomes, sets `Pmin` and starts a frequency model per opponent.
    public mutating func start(_ context: NegotiatorContext) throws {
        let own = try OwnPreferences(context)
        preferences = own
        curve.minimum = max(minimumBidUtility * own.bestUtility, own.concessionFloor)
        curve.maximum = own.bestUtility
        opponents = OpponentModels(FrequencyOpponentModel(), space: context.space)
        lowestOwnUtility = nil
        random = SeededGenerator(seed: context.seed)
    }

    /// `p(t) = Pmin + (Pmax − Pmin) · (1 − 0.05 − 0.95 · t^20)`.
    public func target(at time: Double) -> Double {
        guard let own = preferences else { return 1 }
        return own.clampedTarget(curve.target(at: time, best: own.bestUtility, floor: own.concessionFloor))
    }

    /// Updates the offering party's frequency model.
    public mutating func observe(_ event: TraceEvent) {
        guard let own = preferences, event.kind == .offer, event.actor != own.context.name, let outcome = event.outcome else { return }
        opponents?.update(event.actor, with: outcome, at: own.context.time(at: event.round))
    }

    /// The offer it would make at `time`.
    mutating func nextOffer(at time: Double, own: OwnPreferences) -> Outcome {
        guard let opponents, !opponents.models.isEmpty else { return own.best }
        let candidates = own.topOutcomes(from: target(at: time), width: tolerance, limit: topSelected) { opponents.utility(of: $0) }
        return candidates[random.uniform(below: candidates.count)]
    }

    /// Accepts an offer worth its next offer or its lowest offer so far (never below its
    /// reservation value); otherwise offers.
    public mutating func act(_ turn: Turn) throws -> Action {
        let own = try own()
        let next = nextOffer(at: turn.time, own: own)
        let nextUtility = own.utility(of: next)
        if let offer = turn.offer, turn.offeredBy != own.context.party {
            let utility = own.utility(of: offer)
            if utility >= own.context.profile.reservationValue && (utility >= nextUtility || utility >= lowestOwnUtility ?? .infinity) {
                return .accept
            }
        }
        lowestOwnUtility = min(lowestOwnUtility ?? .infinity, nextUtility)
        return .offer(next)
    }
}
