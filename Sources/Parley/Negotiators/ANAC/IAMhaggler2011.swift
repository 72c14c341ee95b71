import Foundation
import ParleySupport

/// IAMhaggler2011, third at ANAC 2011 (Williams, Robu, Gerding & Jennings, "Using Gaussian
/// processes to optimise concession in complex negotiations against unknown opponents", IJCAI
/// 2011, and "IAMhaggler2011: a Gaussian process regression based negotiation agent", in
/// *Complex Automated Negotiations: Theories, Models, and Software Competitions*, 2013), in
/// Parley's undiscounted reading.
///
/// The session is cut into `slots` equal time slots; in each it keeps the best utility (to it,
/// relative to its best) the opponents offered. At the start of each slot it fits a Gaussian
/// process (`GaussianProcessRegression`) to those maxima and, for every later slot end `t` and
/// every utility `u` on a grid, takes the probability that an opponent offers at least `u` by
/// `t`, `P = 1 − Π(1 − Pⱼ)` over the slots until `t` with `Pⱼ = 1 − Φ((u − μ(tⱼ)) / σ(tⱼ))`; the
/// pair `(t*, u*)` with the highest expected utility `u · P` is its aim (undiscounted, the paper's
/// discount factor on `t` is 1). Its target then moves in a straight line from where it was when it planned,
/// `(tℓ, uℓ)`, to `(t*, u*)`: `u(t) = uℓ + (u* − uℓ) · (t − tℓ) / (t* − tℓ)`, never below the best
/// offer received or its reservation value. It offers the best offer received back once that is
/// worth its target, else an outcome drawn (seeded) among those worth the target to `band`
/// above. It accepts, as IAMhaggler does, an offer that times 1.02 is worth its previous or its
/// next offer, or one worth `maximumAspiration` (0.9) of its best.
public struct IAMhaggler2011: PreferenceDrivenNegotiator, SynchronousNegotiator {
    /// How many equal time slots the session is cut into (one GP point each, at most).
    public var slots = 36
    /// The multiplier on an offer's utility when comparing it with its own offers.
    public var acceptMultiplier = 1.02
    /// An offer worth this share of its best utility is always accepted.
    public var maximumAspiration = 0.9
    /// The band above the target its offers are drawn from.
    public var band = 0.025
    /// The step of the utility grid its plan searches, relative to its best utility.
    public var gridStep = 0.01
    /// The Gaussian process it fits.
    public var process = GaussianProcessRegression()
    /// Its own preferences, set up in `start`.
    public private(set) var preferences: OwnPreferences?
    private var random = SeededGenerator(seed: 0)
    /// The best relative utility offered in each slot, -1 where nothing was offered.
    private var slotMaxima: [Double] = []
    private var bestReceived: (outcome: Outcome, utility: Double)?
    private var lastOwnUtility: Double?
    private var plannedSlot = -1
    /// The plan: from `(fromTime, fromUtility)` to `(toTime, toUtility)`, relative utilities.
    public private(set) var plan: (fromTime: Double, fromUtility: Double, toTime: Double, toUtility: Double) = (0, 1, 1, 1)

    /// IAMhaggler2011.
    public init() {}
    /// `iamhaggler2011`.
    public var strategy: String { "iamhaggler2011" }

    /// Ranks its outcomes, seeds its draws and clears its slots.
    public mutating func start(_ context: NegotiatorContext) throws {
        preferences = try OwnPreferences(context)
        random = SeededGenerator(seed: context.seed)
        slotMaxima = [Double](repeating: -1, count: max(1, slots))
        (bestReceived, lastOwnUtility, plannedSlot, plan) = (nil, nil, -1, (0, 1, 1, 1))
    }

    private func scale(_ own: OwnPreferences) -> Double { own.bestUtility > 0 ? own.bestUtility : 1 }

    private func slot(at time: Double) -> Int { min(slotMaxima.count - 1, max(0, Int(time * Double(slotMaxima.count)))) }

    /// The aim `(t*, u*)` that maximises `u · P(t, u)` over the slot ends `times` (in order) and
    /// the utilities `grid`, given the prediction at each time: `P(t, u) = 1 − Π(1 − Pⱼ(u))` over
    /// the slot ends `tⱼ ≤ t`, the chance that some offer until `t` is worth at least `u`, with
    /// `Pⱼ(u) = 1 − Φ((u − μ(tⱼ)) / σ(tⱼ))`. Ties go to the earlier time and the lower utility.
    public static func aim(times: [Double], predictions: [(mean: Double, deviation: Double)], grid: [Double]) -> (time: Double, utility: Double) {
        var best = (time: times.last ?? 1, utility: grid.first ?? 0, value: -Double.infinity)
        var never = [Double](repeating: 1, count: grid.count)
        for (index, time) in times.enumerated() {
            let (mean, deviation) = predictions[index]
            for (point, utility) in grid.enumerated() {
                never[point] *= 1 - probability(atLeast: utility, mean: mean, deviation: deviation)
                let value = utility * (1 - never[point])
                if value > best.value { best = (time, utility, value) }
            }
        }
        return (best.time, best.utility)
    }

    /// `P(X ≥ u) = 1 − Φ((u − μ) / σ)` for a normal X.
    public static func probability(atLeast utility: Double, mean: Double, deviation: Double) -> Double {
        0.5 * erfc((utility - mean) / (max(deviation, 1e-9) * 2.0.squareRoot()))
    }

    /// The straight line from `(fromTime, fromUtility)` to `(toTime, toUtility)` at `time`, held at
    /// `toUtility` after `toTime`.
    public static func interpolate(
        _ plan: (fromTime: Double, fromUtility: Double, toTime: Double, toUtility: Double), at time: Double
    ) -> Double {
        guard plan.toTime > plan.fromTime, time < plan.toTime else { return time < plan.fromTime ? plan.fromUtility : plan.toUtility }
        let share = max(0, time - plan.fromTime) / (plan.toTime - plan.fromTime)
        return plan.fromUtility + (plan.toUtility - plan.fromUtility) * share
    }

    /// Its target at `time` along the current plan, never below the best offer received or its
    /// reservation value.
    public func target(at time: Double) -> Double {
        guard let own = preferences else { return 1 }
        let planned = Self.interpolate(plan, at: time) * scale(own)
        return own.clampedTarget(max(planned, bestReceived?.utility ?? 0, own.concessionFloor))
    }

    /// Keeps the best utility offered in the event's slot and the best offer.
    public mutating func observe(_ event: TraceEvent) {
        guard let own = preferences, event.kind == .offer, event.actor != own.context.name, let outcome = event.outcome else { return }
        let utility = own.utility(of: outcome)
        if bestReceived.map({ utility > $0.utility }) ?? true { bestReceived = (outcome, utility) }
        let index = slot(at: own.context.time(at: event.round))
        slotMaxima[index] = max(slotMaxima[index], min(1, utility / scale(own)))
    }

    /// Fits the process to the finished slots with offers and plans from `time`, once per slot.
    mutating func replan(at time: Double, own: OwnPreferences) {
        let current = slot(at: time)
        guard current > plannedSlot else { return }
        let count = Double(slotMaxima.count)
        var inputs = [Double]()
        var values = [Double]()
        for index in 0..<current where slotMaxima[index] >= 0 {
            inputs.append((Double(index) + 1) / count)
            values.append(slotMaxima[index])
        }
        guard inputs.count >= 2 else { return }
        plannedSlot = current
        process.fit(inputs: inputs, values: values)
        let times = (current..<slotMaxima.count).map { (Double($0) + 1) / count }
        let floor = own.concessionFloor / scale(own)
        let steps = max(0, Int(((1 - floor) / gridStep).rounded(.down)))
        let grid = (0...steps).map { floor + Double($0) * gridStep }
        let aim = Self.aim(times: times, predictions: times.map { process.predict(at: $0) }, grid: grid)
        plan = (time, Self.interpolate(plan, at: time), aim.time, aim.utility)
    }

    /// The offer it would make at `time`: the best offer received once that is worth the target,
    /// else a draw from the band above the target.
    mutating func nextOffer(at time: Double, own: OwnPreferences) -> Outcome {
        let goal = target(at: time)
        if let best = bestReceived, best.utility >= goal { return best.outcome }
        return own.randomOutcome(from: goal, width: band * scale(own), using: &random)
    }

    /// Replans at a new slot, then accepts by IAMhaggler's rules (never below its reservation
    /// value) or offers.
    public mutating func act(_ turn: Turn) throws -> Action {
        let own = try own()
        replan(at: turn.time, own: own)
        let next = nextOffer(at: turn.time, own: own)
        let nextUtility = own.utility(of: next)
        if let offer = turn.offer, turn.offeredBy != own.context.party {
            let utility = own.utility(of: offer)
            let raised = utility * acceptMultiplier
            let good =
                raised >= nextUtility || raised >= lastOwnUtility ?? .infinity || utility >= maximumAspiration * scale(own)
            if utility >= own.context.profile.reservationValue && good { return .accept }
        }
        lastOwnUtility = nextUtility
        return .offer(next)
    }
}
