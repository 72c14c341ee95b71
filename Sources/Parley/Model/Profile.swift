import Foundation

/// A party's private preferences.
public struct Profile: Hashable, Sendable {
    /// The party's utility over outcomes.
    public var utility: UtilityFunction
    /// What no agreement by the deadline is worth (the BATNA).
    public var reservationValue: Double
    /// What a collapse of the talks is worth (escalation, strikes); the reservation value unless set.
    public var breakdownValue: Double
    /// The factor utilities shrink by per `discountSpan`, if the party discounts time. Only a
    /// factor strictly between 0 and 1 discounts: GENIUS writes 0 and 1 for none.
    public var discountFactor: Double?
    /// What the factor is per: a round, or the whole negotiation up to its deadline (GENIUS's
    /// meaning, per unit of normalised time).
    public var discountSpan: DiscountSpan

    /// What a discount factor is per.
    public enum DiscountSpan: String, Hashable, Sendable {
        /// The factor applies once per round.
        case round
        /// The factor applies once over the whole negotiation, up to its deadline.
        case deadline
    }

    /// A profile; the breakdown value is the reservation value unless given.
    public init(
        utility: UtilityFunction, reservationValue: Double = 0,
        breakdownValue: Double? = nil, discountFactor: Double? = nil, discountSpan: DiscountSpan = .round
    ) {
        self.discountSpan = discountSpan
        self.utility = utility
        self.reservationValue = reservationValue
        self.breakdownValue = breakdownValue ?? reservationValue
        self.discountFactor = discountFactor
    }

    /// Whether an agreement is worth less the later it comes.
    public var discounts: Bool { discountFactor.map { $0 > 0 && $0 < 1 } ?? false }

    /// What an agreement of utility `utility` is worth when reached in round `round` (from 1)
    /// of talks whose deadline is `deadline` rounds: `utility · d^(round − 1)` per round, or
    /// `utility · d^((round − 1) / deadline)` over the deadline, so an agreement in the first
    /// round keeps its utility. The reservation and breakdown values are what no agreement and a
    /// collapse are worth when they happen, and are not discounted again.
    public func discounted(_ utility: Double, agreedInRound round: Int, deadline: Int) -> Double {
        guard discounts, let factor = discountFactor else { return utility }
        let elapsed = Double(max(0, round - 1))
        return utility * pow(factor, discountSpan == .round ? elapsed : elapsed / Double(max(1, deadline)))
    }
}

/// A side of the negotiation: a name and its private profile.
public struct Party: Hashable, Sendable {
    /// The party's name, unique in its scenario; events are addressed by it.
    public var name: String
    /// The party's private preferences, shown to its own negotiator only.
    public var profile: Profile

    /// A party named `name` with `profile`.
    public init(name: String, profile: Profile) {
        self.name = name
        self.profile = profile
    }
}
