import Foundation
import ParleySupport

/// Concedes with time: at relative time `t` it aims for
/// `u(t) = max - (max - min) * t^(1/e)`, where `max` is its best utility and `min` its
/// reservation value (or its worst utility, if higher). `e < 1` concedes late (Boulware),
/// `e = 1` linearly, `e > 1` early (Conceder). It offers the least valuable outcome worth the
/// target and accepts an offer worth at least the target.
public struct TimeBasedNegotiator: PreferenceDrivenNegotiator {
    public let exponent: Double
    public private(set) var preferences: OwnPreferences?
    private var floor = 0.0

    public init(exponent: Double) { self.exponent = exponent }

    /// Concedes late: e = 0.2.
    public static var boulware: TimeBasedNegotiator { .init(exponent: 0.2) }
    /// Concedes at a constant pace: e = 1.
    public static var linear: TimeBasedNegotiator { .init(exponent: 1) }
    /// Concedes early: e = 2.
    public static var conceder: TimeBasedNegotiator { .init(exponent: 2) }

    public var strategy: String {
        switch exponent {
        case 0.2: "boulware"
        case 1: "linear"
        case 2: "conceder"
        default: "time-based(e=\(formatNumber(exponent)))"
        }
    }

    public mutating func start(_ context: NegotiatorContext) throws {
        guard exponent > 0, exponent.isFinite else { throw NegotiatorError("the concession exponent must be > 0, not \(exponent)") }
        let own = try OwnPreferences(context)
        preferences = own
        floor = max(context.profile.reservationValue, own.worstUtility)
    }

    public func target(at time: Double) -> Double {
        guard let own = preferences else { return 1 }
        let top = own.bestUtility
        return top - (top - min(floor, top)) * Double.pow(time, 1 / exponent)
    }

    public mutating func act(_ turn: Turn) throws -> Action {
        let own = try own()
        let goal = target(at: turn.time)
        if let offer = turn.offer, own.utility(of: offer) >= goal { return .accept }
        return .offer(own.outcome(atLeast: goal))
    }
}

extension Double {
    static func pow(_ base: Double, _ exponent: Double) -> Double {
        if base <= 0 { return 0 }
        if exponent == 1 { return base }
        return exp(exponent * log(base))
    }
}
