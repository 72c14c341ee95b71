import ParleySupport

/// OMAC, third at ANAC 2012 (Chen & Weiss, "An efficient and adaptive approach to negotiation in
/// complex environments", ECAI 2012, and "OMAC: a discrete wavelet transformation based
/// negotiation agent", in *Novel Insights in Agent-based Complex Automated Negotiation*, 2014), in
/// Parley's undiscounted reading with a simplified predictor.
///
/// The session is cut into `intervals` equal intervals; in each it keeps the best utility (to it,
/// relative to its best) the opponents offered. At the start of each interval, once four
/// intervals have offers, it predicts the rest of the series with `ConcessionTrendPredictor`
/// (Haar-smoothed, fitted by a cubic, continued along its tangent) and takes the best predicted
/// utility `û` over the coming interval ends, at the earliest time `t̂` it is reached (undiscounted,
/// the discounted maximum of the paper is the plain one); a `û` below its reserved utility ρ (0.65
/// of its best, Parley's choice) becomes ρ at the deadline. When `û` is below the target `uℓ` it had
/// when it predicted (at `tℓ`), it concedes in a straight line to reach `û` at `t̂`:
/// `u(t) = û + (uℓ − û) · (t̂ − t) / (t̂ − tℓ)`; otherwise it holds `uℓ`. The target never falls
/// below the best offer received or its reservation value. It offers the best offer received
/// back once that is worth its target, else an outcome drawn (seeded) among those worth the
/// target to `band` above; it accepts an offer worth its target or its next offer.
public struct OMAC: PreferenceDrivenNegotiator, SynchronousNegotiator {
    /// How many equal intervals the session is cut into.
    public var intervals = 50
    /// Its reserved utility ρ, relative to its best: a predicted `û` below it is replaced by
    /// reaching ρ at the deadline.
    public var reservedUtility = 0.65
    /// The band above the target its offers are drawn from.
    public var band = 0.02
    /// Its own preferences, set up in `start`.
    public private(set) var preferences: OwnPreferences?
    private var random = SeededGenerator(seed: 0)
    /// The best relative utility offered in each interval, -1 where nothing was offered.
    private var maxima: [Double] = []
    private var bestReceived: (outcome: Outcome, utility: Double)?
    private var plannedInterval = -1
    /// The plan in relative utilities: from `(fromTime, fromUtility)` to `(toTime, toUtility)`.
    public private(set) var plan: (fromTime: Double, fromUtility: Double, toTime: Double, toUtility: Double) = (0, 1, 1, 1)
    /// The predictor as last fitted.
    public private(set) var predictor = ConcessionTrendPredictor()

    /// OMAC.
    public init() {}
    /// `omac`.
    public var strategy: String { "omac" }

    /// Ranks its outcomes, seeds its draws and clears its intervals.
    public mutating func start(_ context: NegotiatorContext) throws {
        preferences = try OwnPreferences(context)
        random = SeededGenerator(seed: context.seed)
        maxima = [Double](repeating: -1, count: max(1, intervals))
        (bestReceived, plannedInterval, plan, predictor) = (nil, -1, (0, 1, 1, 1), ConcessionTrendPredictor())
    }

    private func scale(_ own: OwnPreferences) -> Double { own.bestUtility > 0 ? own.bestUtility : 1 }

    private func interval(at time: Double) -> Int { min(maxima.count - 1, max(0, Int(time * Double(maxima.count)))) }

    /// The target on `plan` at `time`: `û + (uℓ − û)·(t̂ − t)/(t̂ − tℓ)` before `t̂`, `û` after.
    public static func concession(
        _ plan: (fromTime: Double, fromUtility: Double, toTime: Double, toUtility: Double), at time: Double
    ) -> Double {
        guard plan.toTime > plan.fromTime, time < plan.toTime else { return time < plan.fromTime ? plan.fromUtility : plan.toUtility }
        let remaining = (plan.toTime - max(time, plan.fromTime)) / (plan.toTime - plan.fromTime)
        return plan.toUtility + (plan.fromUtility - plan.toUtility) * remaining
    }

    /// Its target at `time`, never below the best offer received or its reservation value.
    public func target(at time: Double) -> Double {
        guard let own = preferences else { return 1 }
        let planned = Self.concession(plan, at: time) * scale(own)
        return own.clampedTarget(max(planned, bestReceived?.utility ?? 0, own.concessionFloor))
    }

    /// Keeps the best utility offered in the event's interval and the best offer.
    public mutating func observe(_ event: TraceEvent) {
        guard let own = preferences, event.kind == .offer, event.actor != own.context.name, let outcome = event.outcome else { return }
        let utility = own.utility(of: outcome)
        if bestReceived.map({ utility > $0.utility }) ?? true { bestReceived = (outcome, utility) }
        let index = interval(at: own.context.time(at: event.round))
        maxima[index] = max(maxima[index], min(1, utility / scale(own)))
    }

    /// Predicts from the finished intervals with offers and plans from `time`, once per interval.
    mutating func replan(at time: Double) {
        let current = interval(at: time)
        guard current > plannedInterval else { return }
        let count = Double(maxima.count)
        var times = [Double]()
        var values = [Double]()
        for index in 0..<current where maxima[index] >= 0 {
            times.append((Double(index) + 1) / count)
            values.append(maxima[index])
        }
        guard predictor.fit(times: times, values: values) else { return }
        plannedInterval = current
        var aim = (time: 1.0, utility: -1.0)
        for index in current..<maxima.count {
            let end = (Double(index) + 1) / count
            let value = predictor.predict(at: end)
            if value > aim.utility { aim = (end, value) }
        }
        // Below its reserved utility ρ the prediction promises nothing worth aiming for early:
        // it concedes to ρ by the deadline instead.
        if aim.utility < reservedUtility { aim = (1, reservedUtility) }
        let now = Self.concession(plan, at: time)
        plan = aim.utility < now ? (time, now, aim.time, aim.utility) : (time, now, time, now)
    }

    /// The offer it would make at `time`.
    mutating func nextOffer(at time: Double, own: OwnPreferences) -> Outcome {
        let goal = target(at: time)
        if let best = bestReceived, best.utility >= goal { return best.outcome }
        return own.randomOutcome(from: goal, width: band * scale(own), using: &random)
    }

    /// Replans at a new interval, then accepts an offer worth its target or its next offer
    /// (never below its reservation value), or offers.
    public mutating func act(_ turn: Turn) throws -> Action {
        let own = try own()
        replan(at: turn.time)
        let next = nextOffer(at: turn.time, own: own)
        if let offer = turn.offer, turn.offeredBy != own.context.party {
            let utility = own.utility(of: offer)
            let good = utility >= target(at: turn.time) || utility >= own.utility(of: next)
            if utility >= own.context.profile.reservationValue && good { return .accept }
        }
        return .offer(next)
    }
}
