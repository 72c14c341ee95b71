import ParleySupport

/// What an acceptance condition decides from: the offer on the table, the time, the offer the
/// negotiator's own offering strategy would make next, and the history of the session as the
/// negotiator saw it (Baarslag et al. 2014, "Decoupling negotiating agents to explore the space
/// of negotiation strategies").
public struct AcceptanceInput: Sendable {
    /// The negotiator's utility for the offer on the table, `u(x_opp)`.
    public var offerUtility: Double
    /// Relative time in [0, 1].
    public var time: Double
    /// The utility of the offer it would make instead, `u(x_next)`.
    public var nextOwnUtility: Double
    /// The utility of its own previous offer, `u(x_prev)`; nil before its first offer.
    public var previousOwnUtility: Double?
    /// Its reservation value.
    public var reservationValue: Double
    /// Its best utility.
    public var bestUtility: Double
    /// Its floor: its reservation value or its worst utility, whichever is higher.
    public var floor: Double
    /// The offers other parties made so far, oldest first, the one on the table last.
    public var received: [ReceivedOffer]

    /// An input; `BOANegotiator` builds it each turn.
    public init(
        offerUtility: Double, time: Double, nextOwnUtility: Double, previousOwnUtility: Double? = nil, reservationValue: Double = 0,
        bestUtility: Double = 1, floor: Double = 0, received: [ReceivedOffer] = []
    ) {
        self.offerUtility = offerUtility
        self.time = time
        self.nextOwnUtility = nextOwnUtility
        self.previousOwnUtility = previousOwnUtility
        self.reservationValue = reservationValue
        self.bestUtility = bestUtility
        self.floor = floor
        self.received = received
    }
}

/// An offer another party made, as the receiving negotiator values it.
public struct ReceivedOffer: Hashable, Sendable {
    /// Relative time of the offer.
    public var time: Double
    /// The receiver's utility for it.
    public var utility: Double
    /// An offer at `time` worth `utility`.
    public init(time: Double, utility: Double) {
        self.time = time
        self.utility = utility
    }
}

/// The A of BOA: whether to accept the offer on the table. Conditions are pure functions of
/// their input, so one can be tested against its published definition on its own.
public protocol AcceptanceCondition: Sendable {
    /// The condition as a spec writes it, e.g. `ac-next:1.02:0`.
    var spec: String { get }
    /// Whether to accept.
    func accepts(_ input: AcceptanceInput) -> Bool
}

/// AC_next(α, β): accept when `α · u(x_opp) + β ≥ u(x_next)`, the offer it is about to make.
public struct AcceptNext: AcceptanceCondition {
    /// The scale α.
    public var scale: Double
    /// The margin β.
    public var margin: Double
    /// AC_next(α, β); AC_next(1, 0) by default.
    public init(scale: Double = 1, margin: Double = 0) {
        self.scale = scale
        self.margin = margin
    }
    /// `ac-next[:A:B]`.
    public var spec: String { scale == 1 && margin == 0 ? "ac-next" : "ac-next:\(formatNumber(scale)):\(formatNumber(margin))" }
    /// `α · u(x_opp) + β ≥ u(x_next)`.
    public func accepts(_ input: AcceptanceInput) -> Bool { scale * input.offerUtility + margin >= input.nextOwnUtility }
}

/// AC_prev(α, β): accept when `α · u(x_opp) + β ≥ u(x_prev)`, its own previous offer; never
/// before it made one.
public struct AcceptPrevious: AcceptanceCondition {
    /// The scale α.
    public var scale: Double
    /// The margin β.
    public var margin: Double
    /// AC_prev(α, β); AC_prev(1, 0) by default.
    public init(scale: Double = 1, margin: Double = 0) {
        self.scale = scale
        self.margin = margin
    }
    /// `ac-prev[:A:B]`.
    public var spec: String { scale == 1 && margin == 0 ? "ac-prev" : "ac-prev:\(formatNumber(scale)):\(formatNumber(margin))" }
    /// `α · u(x_opp) + β ≥ u(x_prev)`.
    public func accepts(_ input: AcceptanceInput) -> Bool {
        guard let previous = input.previousOwnUtility else { return false }
        return scale * input.offerUtility + margin >= previous
    }
}

/// AC_const(c): accept when `u(x_opp) ≥ c`.
public struct AcceptConstant: AcceptanceCondition {
    /// The threshold c.
    public var threshold: Double
    /// AC_const(c).
    public init(_ threshold: Double) { self.threshold = threshold }
    /// `ac-const:C`.
    public var spec: String { "ac-const:\(formatNumber(threshold))" }
    /// `u(x_opp) ≥ c`.
    public func accepts(_ input: AcceptanceInput) -> Bool { input.offerUtility >= threshold }
}

/// AC_time(T): accept any offer once `t ≥ T`, whatever it is worth.
public struct AcceptTime: AcceptanceCondition {
    /// The time T.
    public var deadline: Double
    /// AC_time(T).
    public init(_ deadline: Double) { self.deadline = deadline }
    /// `ac-time:T`.
    public var spec: String { "ac-time:\(formatNumber(deadline))" }
    /// `t ≥ T`.
    public func accepts(_ input: AcceptanceInput) -> Bool { input.time >= deadline }
}

/// AC_last: in the last round (`t = 1`, when a rejected offer may be the last one seen),
/// accept any offer worth at least the reservation value.
public struct AcceptLast: AcceptanceCondition {
    /// AC_last.
    public init() {}
    /// `ac-last`.
    public var spec: String { "ac-last" }
    /// `t = 1 ∧ u(x_opp) ≥ reservation value`.
    public func accepts(_ input: AcceptanceInput) -> Bool { input.time >= 1 && input.offerUtility >= input.reservationValue }
}

/// AC_combi(T, MAX^W) and AC_combi(T, AVG^W) (Baarslag, Hindriks & Jonker, "Acceptance
/// conditions in automated negotiation", 2011): accept when AC_next accepts, or when `t ≥ T`
/// and the offer is worth at least the best (or the average) utility of the offers received
/// in the window `W = [t − (1 − t), t]`, which looks back as far as time remains.
public struct AcceptCombination: AcceptanceCondition {
    /// How the window's offers are summarised.
    public enum Summary: String, Hashable, Sendable {
        /// MAX^W, the best utility received in the window.
        case maximum = "max"
        /// AVG^W, the mean utility received in the window.
        case average = "avg"
    }
    /// The time T after which the window applies.
    public var deadline: Double
    /// MAX^W or AVG^W.
    public var summary: Summary
    /// AC_combi(T, MAX^W) by default.
    public init(deadline: Double, summary: Summary = .maximum) {
        self.deadline = deadline
        self.summary = summary
    }
    /// `ac-combi:T[:max|avg]`.
    public var spec: String { "ac-combi:\(formatNumber(deadline))" + (summary == .maximum ? "" : ":avg") }

    /// The window's summary at `time`: MAX^W or AVG^W over the offers received in
    /// `[t − (1 − t), t]`; nil when the window holds none.
    public static func windowValue(_ received: [ReceivedOffer], time: Double, summary: Summary) -> Double? {
        let start = time - (1 - time)
        let inWindow = received.filter { $0.time >= start && $0.time <= time }.map(\.utility)
        guard !inWindow.isEmpty else { return nil }
        switch summary {
        case .maximum: return inWindow.max()
        case .average: return inWindow.reduce(0, +) / Double(inWindow.count)
        }
    }

    /// AC_next ∨ (t ≥ T ∧ u(x_opp) ≥ MAX^W or AVG^W).
    public func accepts(_ input: AcceptanceInput) -> Bool {
        if input.offerUtility >= input.nextOwnUtility { return true }
        guard input.time >= deadline, let value = Self.windowValue(input.received, time: input.time, summary: summary) else { return false }
        return input.offerUtility >= value
    }
}

/// Accepts an offer worth at least a time-dependent curve of its own, separate from the
/// offering strategy's: `u(x_opp) ≥ p(t)` (the decoupled acceptance of a BOA agent whose
/// offering and accepting curves differ).
public struct AcceptCurve: AcceptanceCondition {
    /// The accepting curve.
    public var curve: ConcessionCurve
    /// Accepts above `curve`.
    public init(_ curve: ConcessionCurve) { self.curve = curve }
    /// `ac-curve:E[:K[:PMIN[:PMAX]]]`.
    public var spec: String { "ac-curve:\(curve.spec)" }
    /// `u(x_opp) ≥ p(t)`.
    public func accepts(_ input: AcceptanceInput) -> Bool {
        input.offerUtility >= curve.target(at: input.time, best: input.bestUtility, floor: input.floor)
    }
}

/// Accepts when any of its conditions does (`+` in a spec: `ac-next+ac-time:0.99`).
public struct AcceptAny: AcceptanceCondition {
    /// The conditions, tried in order.
    public var conditions: [any AcceptanceCondition]
    /// Accepts when one of `conditions` does.
    public init(_ conditions: [any AcceptanceCondition]) { self.conditions = conditions }
    /// The conditions' specs joined by `+`.
    public var spec: String { conditions.map(\.spec).joined(separator: "+") }
    /// Whether any condition accepts.
    public func accepts(_ input: AcceptanceInput) -> Bool { conditions.contains { $0.accepts(input) } }
}
