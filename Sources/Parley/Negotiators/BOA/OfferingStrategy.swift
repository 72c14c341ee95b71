import ParleySupport

/// The B of BOA: what to offer, given the time, the negotiator's own preferences and,
/// optionally, a model of its opponents.
public protocol OfferingStrategy: Sendable {
    /// The strategy as a spec writes it, e.g. `time:0.2`.
    var spec: String { get }
    /// Whether it draws from the ranking of every outcome (refused in spaces too large to rank).
    var needsRanking: Bool { get }
    /// The utility it aims for at `time`.
    func target(at time: Double, own: OwnPreferences) -> Double
    /// The offer to make at `time`.
    mutating func offer(at time: Double, own: OwnPreferences, opponents: OpponentModels?, random: inout SeededGenerator) -> Outcome
}

/// GENIUS's time-dependent offering: the least valuable outcome worth the curve's target
/// `p(t)` (ties by lowest outcome index).
public struct TimeDependentOffering: OfferingStrategy {
    /// The concession curve.
    public var curve: ConcessionCurve
    /// Offers along `curve`.
    public init(_ curve: ConcessionCurve) { self.curve = curve }
    /// `time:E[:K[:PMIN[:PMAX]]]`.
    public var spec: String { "time:\(curve.spec)" }
    /// False: it searches when the space is too large to rank.
    public var needsRanking: Bool { false }
    /// `p(t)`.
    public func target(at time: Double, own: OwnPreferences) -> Double {
        own.clampedTarget(curve.target(at: time, best: own.bestUtility, floor: own.concessionFloor))
    }
    /// The least valuable outcome worth `p(t)`.
    public mutating func offer(at time: Double, own: OwnPreferences, opponents: OpponentModels?, random: inout SeededGenerator) -> Outcome {
        own.outcome(atLeast: target(at: time, own: own))
    }
}

/// Random offers within a utility band: each offer is drawn uniformly among the outcomes worth
/// `low` to `high` to the negotiator (never below its reservation value); when none is, the
/// least valuable outcome worth at least `low`.
public struct RandomBandOffering: OfferingStrategy {
    /// The band's lower end.
    public var low: Double
    /// The band's upper end.
    public var high: Double
    /// Offers drawn from `[low, high]`.
    public init(low: Double, high: Double = 1) {
        self.low = low
        self.high = high
    }
    /// `random:LOW[:HIGH]`.
    public var spec: String { "random:\(formatNumber(low))" + (high == 1 ? "" : ":\(formatNumber(high))") }
    /// True: it draws from the ranking.
    public var needsRanking: Bool { true }
    /// The band's lower end, or the reservation value if higher.
    public func target(at time: Double, own: OwnPreferences) -> Double { max(low, own.context.profile.reservationValue) }
    /// A uniform draw from the band.
    public mutating func offer(at time: Double, own: OwnPreferences, opponents: OpponentModels?, random: inout SeededGenerator) -> Outcome {
        let bottom = target(at: time, own: own)
        let first = own.firstRank(atLeast: bottom)
        let end = own.firstRank(atLeast: high.nextUp)
        guard first < end else { return own.outcome(atLeast: bottom) }
        return own.outcome(atRank: first + random.uniform(below: end - first))
    }
}

/// Model-guided offering: concedes along a time-dependent curve and, among the outcomes worth
/// its target to `width` above it, offers the one the opponent model rates best for the
/// opponents (averaged); without a model or before any offer, the least valuable outcome
/// worth the target.
public struct ModelGuidedOffering: OfferingStrategy {
    /// The concession curve.
    public var curve: ConcessionCurve
    /// The width of the utility band above the target that offers are chosen from.
    public var width: Double
    /// Offers along `curve`, chosen by the model within `width` above the target.
    public init(_ curve: ConcessionCurve, width: Double = 0.05) {
        self.curve = curve
        self.width = width
    }
    /// `guided:E[:K[:PMIN[:PMAX[:WIDTH]]]]`.
    public var spec: String {
        width == 0.05 ? "guided:\(curve.spec)" : "guided:\(curve.spec(full: true)):\(formatNumber(width))"
    }
    /// False: in a space too large to rank it offers the least outcome worth its target.
    public var needsRanking: Bool { false }
    /// `p(t)`.
    public func target(at time: Double, own: OwnPreferences) -> Double {
        own.clampedTarget(curve.target(at: time, best: own.bestUtility, floor: own.concessionFloor))
    }
    /// The band's outcome the model rates best.
    public mutating func offer(at time: Double, own: OwnPreferences, opponents: OpponentModels?, random: inout SeededGenerator) -> Outcome {
        let goal = target(at: time, own: own)
        guard let opponents, !opponents.models.isEmpty else { return own.outcome(atLeast: goal) }
        return own.bestOutcome(from: goal, width: width) { opponents.utility(of: $0) }
    }
}
