import ParleySupport

/// CUHKAgent, winner of ANAC 2012 (Hao & Leung, "CUHKAgent: an adaptive negotiation strategy for
/// bilateral negotiations over multiple items", in *Novel Insights in Agent-based Complex
/// Automated Negotiation*, 2014), in Parley's undiscounted reading.
///
/// Its threshold holds at its best utility until its non-exploitation point `λ`, then falls
/// along `τ(t) = floor + (max − floor) · (1 − t'^α)` (α = 2, `t' = (t − λ)/(1 − λ)`), where the
/// floor is the best the opponents have offered it, never below its reservation value: it
/// concedes toward what it already knows it can get. `λ = λmin + w · (1 − λmin) · c^γ` (λmin =
/// 0.08, w = 0.1, γ = 10) adapts to the opponents' concession degree `c`, the share of new offers
/// among an opponent's last 10, squared (near 1 for an opponent that keeps conceding with new
/// offers): it exploits a conceding opponent longer. With several opponents the least conceding
/// one sets `c`.
///
/// It offers the opponents' best offer back once that is worth its threshold; otherwise, among
/// the outcomes worth its threshold to 0.02 above (64 of them at most, spread by rank), the one
/// a frequency model of the opponents' offers rates best for them. It accepts an offer worth its
/// threshold or its next offer, and in the last 1 % of the session one within 0.01 of the best it
/// has been offered. It never offers or accepts below its reservation value.
public struct CUHKAgent: PreferenceDrivenNegotiator, SynchronousNegotiator {
    /// The concession exponent α (2: the larger, the tougher).
    public var alpha = 2.0
    /// The earliest point at which it starts conceding, λmin.
    public var minimumHoldPoint = 0.08
    /// How much a tough opponent delays its concession, w.
    public var toughnessWeight = 0.1
    /// The exponent γ on the opponent's toughness.
    public var toughnessExponent = 10.0
    /// The band above the threshold it picks offers from.
    public var band = 0.02
    /// How many outcomes of the band, spread by rank, the opponent model scores each turn: in
    /// wide bands (Travel's 188 160 outcomes) this bounds the cost of a turn.
    public var sample = 64
    /// Its own preferences, set up in `start`.
    public private(set) var preferences: OwnPreferences?
    private var opponents: OpponentModels?
    private var bestReceived: (outcome: Outcome, utility: Double)?
    /// The last offers of each opponent (at most 10), oldest first, with how often each was
    /// offered overall.
    private var recent: [String: [Outcome]] = [:]
    private var counts: [String: [Outcome: Int]] = [:]
    private var holdPoint = 0.08

    /// CUHKAgent.
    public init() {}
    /// `cuhkagent`.
    public var strategy: String { "cuhkagent" }

    /// Ranks its outcomes and starts a frequency model per opponent.
    public mutating func start(_ context: NegotiatorContext) throws {
        preferences = try OwnPreferences(context)
        opponents = OpponentModels(FrequencyOpponentModel(), space: context.space)
        (bestReceived, recent, counts) = (nil, [:], [:])
        holdPoint = Self.holdPoint(concessionDegree: 0, minimum: minimumHoldPoint, weight: toughnessWeight, exponent: toughnessExponent)
    }

    /// The paper's concession degree of an opponent: the share of its last 10 offers (all of
    /// them when fewer) that it had never offered before, squared.
    public static func concessionDegree(newOffers: Int, of window: Int) -> Double {
        guard window > 0 else { return 1 }
        let share = Double(newOffers) / Double(window)
        return share * share
    }

    /// The point before which it does not concede: `λmin + w · (1 − λmin) · c^γ`.
    public static func holdPoint(concessionDegree: Double, minimum: Double, weight: Double, exponent: Double) -> Double {
        minimum + weight * (1 - minimum) * Double.pow(min(1, max(0, concessionDegree)), exponent)
    }

    /// The threshold `floor + (max − floor) · (1 − ((t − λ)/(1 − λ))^α)`, its best utility before
    /// `λ`.
    public func target(at time: Double) -> Double {
        guard let own = preferences else { return 1 }
        let floor = max(own.concessionFloor, min(own.bestUtility, bestReceived?.utility ?? own.concessionFloor))
        let progress = time <= holdPoint ? 0 : (time - holdPoint) / (1 - holdPoint)
        return own.clampedTarget(floor + (own.bestUtility - floor) * (1 - Double.pow(progress, alpha)))
    }

    /// Counts another party's offer: its frequency model, its best offer for us, and its
    /// toughness.
    public mutating func observe(_ event: TraceEvent) {
        guard let own = preferences, event.kind == .offer, event.actor != own.context.name, let outcome = event.outcome else { return }
        opponents?.update(event.actor, with: outcome, at: own.context.time(at: event.round))
        let utility = own.utility(of: outcome)
        if bestReceived.map({ utility > $0.utility }) ?? true { bestReceived = (outcome, utility) }
        counts[event.actor, default: [:]][outcome, default: 0] += 1
        // In place: no copy of the window per offer.
        recent[event.actor, default: []].append(outcome)
        if recent[event.actor]!.count > 10 { recent[event.actor]!.removeFirst() }
        // The least conceding opponent sets the hold point (sorted names: no dictionary order).
        var degree = 1.0
        for name in recent.keys.sorted() {
            guard let offers = recent[name], let seen = counts[name] else { continue }
            let new = offers.reduce(0) { $0 + (seen[$1] == 1 ? 1 : 0) }
            degree = min(degree, Self.concessionDegree(newOffers: new, of: offers.count))
        }
        holdPoint = Self.holdPoint(concessionDegree: degree, minimum: minimumHoldPoint, weight: toughnessWeight, exponent: toughnessExponent)
    }

    /// The offer it would make at `time`.
    func nextOffer(at time: Double, own: OwnPreferences) -> Outcome {
        let threshold = target(at: time)
        if let best = bestReceived, best.utility >= threshold { return best.outcome }
        guard let opponents, !opponents.models.isEmpty else { return own.best }
        return own.bestOutcome(from: threshold, width: band, sample: sample) { opponents.utility(of: $0) }
    }

    /// Accepts an offer worth its threshold or its next offer, or, in the last 1 % of the
    /// session, within 0.01 of the best it was offered; otherwise offers.
    public mutating func act(_ turn: Turn) throws -> Action {
        let own = try own()
        let next = nextOffer(at: turn.time, own: own)
        if let offer = turn.offer, turn.offeredBy != own.context.party {
            let utility = own.utility(of: offer)
            let late = turn.time >= 0.99 && utility >= (bestReceived?.utility ?? .infinity) - 0.01 * own.bestUtility
            if utility >= own.context.profile.reservationValue && (utility >= target(at: turn.time) || utility >= own.utility(of: next) || late) {
                return .accept
            }
        }
        return .offer(next)
    }
}
