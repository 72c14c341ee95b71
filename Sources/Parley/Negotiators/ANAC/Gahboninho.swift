import ParleySupport

/// Gahboninho, runner-up of ANAC 2011 (Ben Adar, Sofy & Elimelech, "Gahboninho: strategy for
/// balancing pressure and compromise in automated negotiation", in *Complex Automated
/// Negotiations: Theories, Models, and Software Competitions*, 2013), in Parley's undiscounted
/// reading.
///
/// It puts pressure on the opponents first: until `pressurePhase` (0.15 of the session) its
/// target falls only from its best utility to `0.925` of it, while it measures how nice each
/// opponent is — the share of the room left above the opponent's first offer that its later
/// offers gave up, `ν = (best − first) / (max − first)` (the least nice opponent counts). Then it
/// balances: its target falls along a Boulware curve `t'^(1/e)` (e = 0.1) toward a floor that is
/// higher the nicer the opponent, `floor = max − (max − lowest) · (1 − ν)` with `lowest` half of its
/// best utility, never below the best offer received or its reservation value: a nice opponent
/// is exploited, a tough one met. Among the outcomes worth its target to `band` above, it offers
/// the one a frequency model rates best for the opponents. It accepts an offer worth its target
/// or its next offer; in the last round it hands the opponents' best offer back.
public struct Gahboninho: PreferenceDrivenNegotiator, SynchronousNegotiator {
    /// The end of the pressure phase, in relative time.
    public var pressurePhase = 0.15
    /// Its target at the end of the pressure phase, relative to its best utility.
    public var pressureTarget = 0.925
    /// The lowest floor it concedes to against the toughest opponent, relative to its best.
    public var lowestFloor = 0.5
    /// The exponent of its concession after the pressure phase (0.1: Boulware).
    public var exponent = 0.1
    /// The band above the target it picks offers from.
    public var band = 0.02
    /// How many outcomes of the band, spread by rank, the opponent model scores each turn: 32
    /// keeps a session on Travel's 188 160 outcomes within 10 times a time-based one (64 took
    /// 12.5 times, release build).
    public var sample = 32
    /// Its own preferences, set up in `start`.
    public private(set) var preferences: OwnPreferences?
    private var opponents: OpponentModels?
    private var bestReceived: (outcome: Outcome, utility: Double)?
    /// Per opponent, in order of first offer: the utility (to it) of the first and best offers.
    private var niceness: [(name: String, first: Double, best: Double)] = []

    /// Gahboninho.
    public init() {}
    /// `gahboninho`.
    public var strategy: String { "gahboninho" }

    /// Ranks its outcomes and starts a frequency model per opponent.
    public mutating func start(_ context: NegotiatorContext) throws {
        preferences = try OwnPreferences(context)
        opponents = OpponentModels(FrequencyOpponentModel(), space: context.space)
        (bestReceived, niceness) = (nil, [])
    }

    /// How nice an opponent is: the share `(best − first) / (max − first)` of the room above its
    /// first offer that its offers gave up, in [0, 1]; 1 when its first offer left no room.
    public static func niceness(first: Double, best: Double, maximum: Double) -> Double {
        guard maximum - first > 1e-12 else { return 1 }
        return min(1, max(0, (best - first) / (maximum - first)))
    }

    /// The least nice opponent's niceness; 0 before any offer.
    public var opponentNiceness: Double {
        guard let own = preferences, !niceness.isEmpty else { return 0 }
        var lowest = 1.0
        for entry in niceness {
            lowest = min(lowest, Self.niceness(first: entry.first, best: entry.best, maximum: own.bestUtility))
        }
        return lowest
    }

    /// The utility it concedes to after the pressure phase: `max − (max − lowest)·(1 − ν)`,
    /// never below the best offer received or its concession floor.
    public var concessionFloor: Double {
        guard let own = preferences else { return 1 }
        let lowest = lowestFloor * own.bestUtility
        let floor = own.bestUtility - (own.bestUtility - lowest) * (1 - opponentNiceness)
        return min(own.bestUtility, max(floor, bestReceived?.utility ?? 0, own.concessionFloor))
    }

    /// Its target at `time`: from its best utility down to `0.925` of it in the pressure phase,
    /// then along `t'^(1/e)` to its floor.
    public func target(at time: Double) -> Double {
        guard let own = preferences else { return 1 }
        let top = own.bestUtility
        let pressured = pressureTarget * top
        if time < pressurePhase { return own.clampedTarget(top - (top - pressured) * time / pressurePhase) }
        let floor = min(concessionFloor, pressured)
        let progress = min(1, (time - pressurePhase) / (1 - pressurePhase))
        return own.clampedTarget(pressured - (pressured - floor) * Double.pow(progress, 1 / exponent))
    }

    /// Counts another party's offer: its frequency model, its niceness and the best offer.
    public mutating func observe(_ event: TraceEvent) {
        guard let own = preferences, event.kind == .offer, event.actor != own.context.name, let outcome = event.outcome else { return }
        opponents?.update(event.actor, with: outcome, at: own.context.time(at: event.round))
        let utility = own.utility(of: outcome)
        if bestReceived.map({ utility > $0.utility }) ?? true { bestReceived = (outcome, utility) }
        if let index = niceness.firstIndex(where: { $0.name == event.actor }) {
            niceness[index].best = max(niceness[index].best, utility)
        } else {
            niceness.append((event.actor, utility, utility))
        }
    }

    /// The offer it would make at `time`.
    func nextOffer(at time: Double, own: OwnPreferences) -> Outcome {
        guard let opponents, !opponents.models.isEmpty else { return own.best }
        return own.bestOutcome(from: target(at: time), width: band, sample: sample) { opponents.utility(of: $0) }
    }

    /// Accepts an offer worth its target or its next offer (never below its reservation value);
    /// otherwise offers, handing back the best offer received in the last round.
    public mutating func act(_ turn: Turn) throws -> Action {
        let own = try own()
        let next = nextOffer(at: turn.time, own: own)
        if let offer = turn.offer, turn.offeredBy != own.context.party {
            let utility = own.utility(of: offer)
            if utility >= own.context.profile.reservationValue && (utility >= target(at: turn.time) || utility >= own.utility(of: next)) {
                return .accept
            }
        }
        if turn.round >= own.context.rounds, let best = bestReceived, best.utility >= own.context.profile.reservationValue {
            return .offer(best.outcome)
        }
        return .offer(next)
    }
}
