import ParleySupport

/// TheNegotiator Reloaded, of ANAC 2012 (Dirkzwager & Hendrikx, "TheNegotiator Reloaded", in
/// *Novel Insights in Agent-based Complex Automated Negotiation*, 2014), a BOA agent, in Parley's
/// undiscounted reading.
///
/// Bidding: GENIUS's time-dependent curve from its best utility to `Pmin`, with the exponent
/// chosen by what the opponents do: it classifies an opponent as hardheaded when its last
/// `window` offers are worth, on average, less than `concessionThreshold` (relative to the room
/// left) more to it than its first `window` offers, and concedes along `e = 0.2` against a
/// hardheaded opponent (to reach an agreement) and `e = 0.05` against a conceding one (to wait for
/// it). `Pmin` is its utility at the Kalai–Smorodinsky point estimated with a frequency model
/// of the opponents (the outcome maximising the smaller of its own relative utility and the
/// model's estimate, over at most 256 outcomes spread by rank), never below its reservation
/// value; it re-estimates every `reviewInterval` of the session. Among the outcomes worth its
/// target to `band` above it offers the one the model rates best for the opponents.
/// Acceptance: AC_combi(T, MAX^W) — an offer worth its next offer, or after `T = 0.99` one worth
/// the best offer received in the window `[t − (1 − t), t]`. It never offers or accepts below its
/// reservation value.
public struct TheNegotiatorReloaded: PreferenceDrivenNegotiator, SynchronousNegotiator {
    /// The exponent against a hardheaded opponent.
    public var hardheadedExponent = 0.2
    /// The exponent against a conceding opponent.
    public var concederExponent = 0.05
    /// How many first and last offers of an opponent its classification compares.
    public var window = 10
    /// The least concession (share of the room left above its first offers) of a conceder.
    public var concessionThreshold = 0.05
    /// How often, in relative time, it reviews its classification and `Pmin`.
    public var reviewInterval = 0.05
    /// The time T after which MAX^W acceptance applies.
    public var acceptanceDeadline = 0.99
    /// The band above the target it picks offers from.
    public var band = 0.02
    /// How many outcomes of the band, spread by rank, the opponent model scores each turn.
    public var sample = 64
    /// Its own preferences, set up in `start`.
    public private(set) var preferences: OwnPreferences?
    private var opponents: OpponentModels?
    /// Per opponent, in order of first offer: the relative utilities of its offers.
    private var histories: [(name: String, utilities: [Double])] = []
    private var received: [ReceivedOffer] = []
    private var nextReview = 0.0
    /// Whether it judges the opponents hardheaded (true until one has offered `window` times).
    public private(set) var facingHardheaded = true
    /// `Pmin`, in its own utility (its floor until the first review with a model).
    public private(set) var minimum = 0.0

    /// TheNegotiator Reloaded.
    public init() {}
    /// `the-negotiator-reloaded`.
    public var strategy: String { "the-negotiator-reloaded" }

    /// Ranks its outcomes and starts a frequency model per opponent.
    public mutating func start(_ context: NegotiatorContext) throws {
        let own = try OwnPreferences(context)
        preferences = own
        opponents = OpponentModels(FrequencyOpponentModel(), space: context.space)
        (histories, received, nextReview, facingHardheaded, minimum) = ([], [], 0, true, own.concessionFloor)
    }

    private func scale(_ own: OwnPreferences) -> Double { own.bestUtility > 0 ? own.bestUtility : 1 }

    /// Whether an opponent whose offers are worth `utilities` (oldest first, relative) is
    /// hardheaded: the mean of its last `window` offers is less than `threshold` of the room
    /// above the mean of its first `window` offers; true with fewer than `window` offers.
    public static func isHardheaded(_ utilities: [Double], window: Int, threshold: Double) -> Bool {
        guard window > 0, utilities.count >= window else { return true }
        let first = utilities.prefix(window).reduce(0, +) / Double(window)
        let last = utilities.suffix(window).reduce(0, +) / Double(window)
        guard first < 1 else { return false }
        return (last - first) / (1 - first) < threshold
    }

    /// The concession exponent it uses now.
    public var exponent: Double { facingHardheaded ? hardheadedExponent : concederExponent }

    /// `Pmin + (Pmax − Pmin) · (1 − t^(1/e))`.
    public func target(at time: Double) -> Double {
        guard let own = preferences else { return 1 }
        let curve = ConcessionCurve(exponent: exponent, minimum: minimum, maximum: own.bestUtility)
        return own.clampedTarget(curve.target(at: time, best: own.bestUtility, floor: own.concessionFloor))
    }

    /// Records another party's offer: its frequency model and its history.
    public mutating func observe(_ event: TraceEvent) {
        guard let own = preferences, event.kind == .offer, event.actor != own.context.name, let outcome = event.outcome else { return }
        let time = own.context.time(at: event.round)
        opponents?.update(event.actor, with: outcome, at: time)
        let utility = own.utility(of: outcome)
        received.append(ReceivedOffer(time: time, utility: utility))
        let relative = min(1, utility / scale(own))
        if let index = histories.firstIndex(where: { $0.name == event.actor }) {
            histories[index].utilities.append(relative)
        } else {
            histories.append((event.actor, [relative]))
        }
    }

    /// Reclassifies the opponents (hardheaded if any is) and re-estimates `Pmin` from the
    /// Kalai–Smorodinsky point, once every `reviewInterval`.
    mutating func review(at time: Double, own: OwnPreferences) {
        guard time >= nextReview, let opponents, !opponents.models.isEmpty else { return }
        nextReview = time + reviewInterval
        facingHardheaded = histories.contains { Self.isHardheaded($0.utilities, window: window, threshold: concessionThreshold) }
        guard own.isRanked else { return }
        let stride = max(1, own.count / 256)
        var kalai = (value: -Double.infinity, utility: own.concessionFloor)
        let scale = scale(own)
        own.forEachOutcome(atRanks: Swift.stride(from: own.count - 1, through: 0, by: -stride)) { rank, outcome in
            let utility = own.utility(atRank: rank)
            let value = min(utility / scale, opponents.utility(of: outcome))
            if value > kalai.value { kalai = (value, utility) }
        }
        minimum = max(own.concessionFloor, min(own.bestUtility, kalai.utility))
    }

    /// The offer it would make at `time`.
    func nextOffer(at time: Double, own: OwnPreferences) -> Outcome {
        guard let opponents, !opponents.models.isEmpty else { return own.best }
        return own.bestOutcome(from: target(at: time), width: band, sample: sample) { opponents.utility(of: $0) }
    }

    /// Reviews, then accepts by AC_combi(T, MAX^W) (never below its reservation value) or offers.
    public mutating func act(_ turn: Turn) throws -> Action {
        let own = try own()
        review(at: turn.time, own: own)
        let next = nextOffer(at: turn.time, own: own)
        if let offer = turn.offer, turn.offeredBy != own.context.party {
            let input = AcceptanceInput(
                offerUtility: own.utility(of: offer), time: turn.time, nextOwnUtility: own.utility(of: next),
                reservationValue: own.context.profile.reservationValue, bestUtility: own.bestUtility, floor: own.concessionFloor,
                received: received)
            let condition = AcceptCombination(deadline: acceptanceDeadline)
            if input.offerUtility >= input.reservationValue && condition.accepts(input) { return .accept }
        }
        return .offer(next)
    }
}
