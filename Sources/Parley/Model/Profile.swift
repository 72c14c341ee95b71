/// A party's private preferences.
public struct Profile: Hashable, Sendable {
    public var utility: UtilityFunction
    /// What no agreement by the deadline is worth (the BATNA).
    public var reservationValue: Double
    /// What a collapse of the talks is worth (escalation, strikes); the reservation value unless set.
    public var breakdownValue: Double
    /// The factor utilities shrink by per round, if the party discounts time (GENIUS: per unit of time).
    public var discountFactor: Double?

    public init(
        utility: UtilityFunction, reservationValue: Double = 0,
        breakdownValue: Double? = nil, discountFactor: Double? = nil
    ) {
        self.utility = utility
        self.reservationValue = reservationValue
        self.breakdownValue = breakdownValue ?? reservationValue
        self.discountFactor = discountFactor
    }
}

/// A side of the negotiation: a name and its private profile.
public struct Party: Hashable, Sendable {
    public var name: String
    public var profile: Profile

    public init(name: String, profile: Profile) {
        self.name = name
        self.profile = profile
    }
}
