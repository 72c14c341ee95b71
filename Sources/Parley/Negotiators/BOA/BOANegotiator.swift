import ParleySupport

/// A negotiator composed of separate parts, after Baarslag, Hindriks, Hendrikx, Dirkzwager &
/// Jonker ("Decoupling negotiating agents to explore the space of negotiation strategies",
/// 2014): a Bidding (offering) strategy, an Opponent model and an Acceptance condition.
///
/// Each turn it first asks the offering strategy for the offer it would make, then asks the
/// acceptance condition whether the offer on the table is good enough compared with that; it
/// never accepts an offer worth less than its reservation value. Every other party's offer
/// updates that party's own copy of the model. `BOASpec` reads the same composition from a
/// command-line spec such as `boa/offer=time:0.2/accept=ac-next/model=frequency`.
public struct BOANegotiator: PreferenceDrivenNegotiator, SynchronousNegotiator {
    /// The offering strategy.
    public var offering: any OfferingStrategy
    /// The acceptance condition.
    public var acceptance: any AcceptanceCondition
    /// The opponent model each opponent gets a copy of, if any.
    public var model: (any OpponentModel)?
    /// Its own preferences, set up in `start`.
    public private(set) var preferences: OwnPreferences?
    /// The models of the opponents seen so far.
    public private(set) var opponents: OpponentModels?
    private var received: [ReceivedOffer] = []
    private var previousOwnUtility: Double?
    private var random = SeededGenerator(seed: 0)

    /// A negotiator of these parts.
    public init(offering: any OfferingStrategy, acceptance: any AcceptanceCondition = AcceptNext(), model: (any OpponentModel)? = nil) {
        self.offering = offering
        self.acceptance = acceptance
        self.model = model
    }

    /// Its spec, which `Strategies.negotiator(named:)` reads back.
    public var strategy: String {
        "boa/offer=\(offering.spec)/accept=\(acceptance.spec)/model=\(model?.spec ?? "none")"
    }

    /// Ranks its outcomes (or searches a space too large to rank) and starts fresh models.
    /// - Throws: `NegotiatorError` when the offering strategy needs a ranking the space is too large for.
    public mutating func start(_ context: NegotiatorContext) throws {
        let own = try OwnPreferences(context)
        if offering.needsRanking { try own.requireRanking(strategy) }
        preferences = own
        opponents = model.map { OpponentModels($0, space: context.space) }
        received = []
        previousOwnUtility = nil
        random = SeededGenerator(seed: context.seed)
    }

    /// The offering strategy's target.
    public func target(at time: Double) -> Double {
        guard let own = preferences else { return 1 }
        return offering.target(at: time, own: own)
    }

    /// Records another party's offer: its utility to this negotiator, and the opponent's model.
    public mutating func observe(_ event: TraceEvent) {
        guard let own = preferences, event.kind == .offer, event.actor != own.context.name, let outcome = event.outcome else { return }
        let time = own.context.time(at: event.round)
        received.append(ReceivedOffer(time: time, utility: own.utility(of: outcome)))
        opponents?.update(event.actor, with: outcome, at: time)
    }

    /// The acceptance input for `offer` at `time`, against the planned offer `next`.
    func acceptanceInput(offer: Outcome, time: Double, next: Outcome, own: OwnPreferences) -> AcceptanceInput {
        AcceptanceInput(
            offerUtility: own.utility(of: offer), time: time, nextOwnUtility: own.utility(of: next), previousOwnUtility: previousOwnUtility,
            reservationValue: own.context.profile.reservationValue, bestUtility: own.bestUtility, floor: own.concessionFloor,
            received: received)
    }

    /// Accepts the offer on the table when the acceptance condition does and it is worth at
    /// least the reservation value; otherwise makes the offering strategy's offer.
    public mutating func act(_ turn: Turn) throws -> Action {
        let own = try own()
        let next = offering.offer(at: turn.time, own: own, opponents: opponents, random: &random)
        if let offer = turn.offer, turn.offeredBy != own.context.party {
            let input = acceptanceInput(offer: offer, time: turn.time, next: next, own: own)
            if input.offerUtility >= input.reservationValue && acceptance.accepts(input) { return .accept }
        }
        previousOwnUtility = own.utility(of: next)
        return .offer(next)
    }
}
