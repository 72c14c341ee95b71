/// A procedural model of legislation on one dimension: an agenda setter proposes, the voters
/// with a say accept or keep the reference point (the status quo). The outcome is the point the
/// setter likes best among those the procedure would pass (Romer & Rosenthal's setter model, as
/// Steunenberg 1994, Crombez 1996 and Tsebelis & Garrett 2000 apply it to the EU; tested against
/// DEU data in Thomson et al., *The European Union Decides*, 2006).
///
/// Every actor's utility falls with the distance from its position, so a voter accepts `x` over
/// the reference point `r` when `|x − p| ≤ |r − p|`: an interval around its position that holds
/// `r`. With a quota `q` of the council's votes, the proposals that pass are those at least `q`
/// of the votes accept: an interval [low, high] around `r`, found by sorting the voters' interval
/// ends. A chamber with a veto (the European Parliament under codecision) cuts it further.
public struct LegislativeProcedureModel: Sendable {
    /// A council member: its position and its votes.
    public struct Voter: Hashable, Sendable {
        /// The position on the scale.
        public var position: Double
        /// The member's votes (any positive weight).
        public var votes: Double

        /// A member at `position` with `votes` votes.
        public init(position: Double, votes: Double) {
            self.position = position
            self.votes = votes
        }
    }

    /// The agenda setter's position (the Commission).
    public var setter: Double
    /// The council's members with a position.
    public var council: [Voter]
    /// The share of the council's votes a proposal needs, in (0, 1]; 1 is unanimity.
    public var quota: Double
    /// The position of a chamber that must also accept (the Parliament under codecision); nil when none.
    public var chamber: Double?
    /// The reference point: what holds if nothing passes.
    public var referencePoint: Double

    /// A procedure with `setter` proposing to `council` under `quota`, `chamber` holding a veto when given.
    public init(setter: Double, council: [Voter], quota: Double, chamber: Double? = nil, referencePoint: Double) {
        self.setter = setter
        self.council = council
        self.quota = quota
        self.chamber = chamber
        self.referencePoint = referencePoint
    }

    /// The proposals that pass: an interval around the reference point (the point itself when
    /// nothing else does).
    public var passing: ClosedRange<Double> {
        let r = referencePoint
        let total = council.reduce(0) { $0 + max($1.votes, 0) }
        // At least this many votes; a hair below the exact product, so a quota met exactly counts.
        let needed = quota * total * (1 - 1e-12)
        // Moving up from r, voter i stops accepting past 2p − r (when p > r); moving down, past 2p − r (when p < r).
        func reach(_ ends: [(end: Double, votes: Double)], descending: Bool) -> Double {
            var gathered = 0.0
            for item in ends.sorted(by: { descending ? $0.end > $1.end : $0.end < $1.end }) {
                gathered += item.votes
                if gathered >= needed { return item.end }
            }
            return r
        }
        let ups = council.map { (end: max(2 * $0.position - r, r), votes: max($0.votes, 0)) }
        let downs = council.map { (end: min(2 * $0.position - r, r), votes: max($0.votes, 0)) }
        var high = total > 0 ? reach(ups, descending: true) : r
        var low = total > 0 ? reach(downs, descending: false) : r
        if let chamber {
            let reachOfChamber = abs(chamber - r)
            high = min(high, chamber + reachOfChamber)
            low = max(low, chamber - reachOfChamber)
        }
        return min(low, r)...max(high, r)
    }

    /// The outcome: the passing proposal closest to the setter's position.
    public var outcome: Double {
        let range = passing
        return min(max(setter, range.lowerBound), range.upperBound)
    }
}
