import Foundation
import ParleySupport

/// Concedes with time: at relative time `t` it aims for
/// `u(t) = max - (max - min) * t^(1/e)`, where `max` is its best utility and `min` its
/// reservation value (or its worst utility, if higher). `e < 1` concedes late (Boulware),
/// `e = 1` linearly, `e > 1` early (Conceder). It offers the least valuable outcome worth the
/// target and accepts an offer worth at least the target.
public struct TimeBasedNegotiator: PreferenceDrivenNegotiator, SynchronousNegotiator {
    /// The concession exponent `e`: below 1 concedes late, above 1 early. Must be positive and
    /// finite; `start` throws otherwise.
    public let exponent: Double
    /// Its own preferences, set up in `start`.
    public private(set) var preferences: OwnPreferences?
    private var floor = 0.0
    /// The last offer and its rank: a target that stays on one rank offers it again without
    /// building the outcome anew.
    private var lastOffer: (rank: Int, outcome: Outcome)?

    /// A negotiator conceding with exponent `exponent`.
    public init(exponent: Double) { self.exponent = exponent }

    /// Concedes late: e = 0.2.
    public static var boulware: TimeBasedNegotiator { .init(exponent: 0.2) }
    /// Concedes at a constant pace: e = 1.
    public static var linear: TimeBasedNegotiator { .init(exponent: 1) }
    /// Concedes early: e = 2.
    public static var conceder: TimeBasedNegotiator { .init(exponent: 2) }

    /// `boulware`, `linear` or `conceder` for their exponents; `time:E` for any other, the
    /// name `Strategies.negotiator(named:)` takes back.
    public var strategy: String {
        switch exponent {
        case 0.2: "boulware"
        case 1: "linear"
        case 2: "conceder"
        default: "time:\(formatNumber(exponent))"
        }
    }

    /// False: it decides from its own preferences, the time and the offer on the table alone.
    public var observesEvents: Bool { false }

    /// Ranks its outcomes and sets its floor: its reservation value or its worst utility,
    /// whichever is higher.
    /// - Throws: `NegotiatorError` when the exponent is not positive and finite.
    public mutating func start(_ context: NegotiatorContext) throws {
        guard exponent > 0, exponent.isFinite else { throw NegotiatorError("the concession exponent must be > 0, not \(exponent)") }
        let own = try OwnPreferences(context)
        preferences = own
        floor = max(context.profile.reservationValue, own.worstUtility)
        lastOffer = nil
    }

    /// `max − (max − min) · t^(1/e)`; 1 before `start`.
    public func target(at time: Double) -> Double {
        guard let own = preferences else { return 1 }
        let top = own.bestUtility
        return top - (top - min(floor, top)) * Double.pow(time, 1 / exponent)
    }

    /// Offers the least valuable outcome worth its target; accepts an offer worth at least that.
    public mutating func act(_ turn: Turn) throws -> Action {
        let own = try own()
        let goal = target(at: turn.time)
        if let offer = turn.offer, own.utility(of: offer) >= goal { return .accept }
        guard own.isRanked else { return .offer(own.outcome(atLeast: goal)) }
        let rank = own.rank(atLeast: goal, near: lastOffer?.rank ?? -1)
        if let lastOffer, lastOffer.rank == rank { return .offer(lastOffer.outcome) }
        let outcome = own.outcome(atRank: rank)
        lastOffer = (rank, outcome)
        return .offer(outcome)
    }
}

extension Double {
    static func pow(_ base: Double, _ exponent: Double) -> Double {
        if base <= 0 { return 0 }
        if exponent == 1 { return base }
        return exp(exponent * log(base))
    }
}
