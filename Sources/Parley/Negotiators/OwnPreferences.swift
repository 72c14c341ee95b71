import ParleySupport

/// A negotiator's view of its own preferences, laid out for quick choices: the outcomes of
/// the free (not fixed) issues ranked by the party's utility, and a greedy search toward a
/// target from any text.
///
/// Spaces of more than `rankingLimit` outcomes (the ANAC 2014 domains have up to 1e40) are not
/// ranked: the best outcome is then found by hill climbing from seeded restarts, and
/// `outcome(atLeast:)` descends from it one issue at a time while the target holds. Both are
/// heuristics there (`isRanked` is false); strategies that need the ranking (random,
/// frequency model) refuse such spaces with a clear error.
public struct OwnPreferences: Sendable {
    /// The largest space a negotiator ranks outcome by outcome.
    public static let rankingLimit = 4_000_000

    /// Everything the preferences hold, behind one reference: a negotiator copies its
    /// preferences on every action, which then costs one reference count, not a dozen.
    private final class Storage: Sendable {
        let context: NegotiatorContext
        let compiled: CompiledUtility
        let freeIssues: [Int]
        let freeRadices: [Int]
        /// Every issue at its fixed option (0 for free issues): what outcomes are filled from.
        let base: [Int]
        /// The free sub-space's outcome indices, by rising utility (ties by index); empty when
        /// the space is too large to rank.
        let ranked: [Int]
        let rankedUtilities: [Double]
        /// The best outcome found, for spaces too large to rank.
        let searchedBest: Outcome?
        let bestUtility: Double
        let worstUtility: Double
        /// The best outcome, built once: a hard-liner offers it every turn.
        let best: Outcome

        init(
            context: NegotiatorContext, compiled: CompiledUtility, freeIssues: [Int], freeRadices: [Int], ranked: [Int],
            rankedUtilities: [Double], searchedBest: Outcome?, bestUtility: Double, worstUtility: Double
        ) {
            self.context = context
            self.compiled = compiled
            self.freeIssues = freeIssues
            self.freeRadices = freeRadices
            self.base = OwnPreferences.base(context)
            self.ranked = ranked
            self.rankedUtilities = rankedUtilities
            self.searchedBest = searchedBest
            self.bestUtility = bestUtility
            self.worstUtility = worstUtility
            if let searchedBest {
                self.best = searchedBest
            } else {
                var options = base
                if let top = ranked.last { OwnPreferences.fill(&options, subIndex: top, free: freeIssues, radices: freeRadices) }
                self.best = Outcome(options)
            }
        }
    }

    private let storage: Storage

    /// The context the preferences were built from.
    public var context: NegotiatorContext { storage.context }
    var compiled: CompiledUtility { storage.compiled }
    /// Issues the negotiator may change.
    public var freeIssues: [Int] { storage.freeIssues }
    private var ranked: [Int] { storage.ranked }
    private var rankedUtilities: [Double] { storage.rankedUtilities }
    private var freeRadices: [Int] { storage.freeRadices }
    private var searchedBest: Outcome? { storage.searchedBest }
    /// The party's highest utility over the free sub-space (found by search when the space is
    /// too large to rank).
    public var bestUtility: Double { storage.bestUtility }
    /// The party's lowest utility over the free sub-space; 0 when the space is too large to rank.
    public var worstUtility: Double { storage.worstUtility }

    /// Whether every outcome of the free sub-space was ranked (the choices are then exact).
    public var isRanked: Bool { storage.searchedBest == nil }

    /// Ranks the free sub-space of `context`, or searches it when it has more than `rankingLimit` outcomes.
    public init(_ context: NegotiatorContext, rankingLimit: Int = OwnPreferences.rankingLimit) throws {
        let compiled = CompiledUtility(context.profile.utility, space: context.space)
        let free = context.space.issues.indices.filter { context.fixed[$0] == nil }
        let radices = free.map { context.space.radices[$0] }
        let count = radices.reduce(1.0) { $0 * Double($1) }
        guard count <= Double(rankingLimit) else {
            let best = Self.climb(compiled: compiled, context: context, free: free)
            storage = Storage(
                context: context, compiled: compiled, freeIssues: free, freeRadices: radices, ranked: [], rankedUtilities: [],
                searchedBest: best.outcome, bestUtility: best.utility, worstUtility: 0)
            return
        }
        let size = Int(count)
        let key = RankingCache.Key(utility: context.profile.utility, space: context.space, fixed: context.fixed)
        let ranking = RankingCache.ranking(for: key) {
            var utilities = [Double](repeating: 0, count: size)
            // Outcomes in index order, the last free issue turning fastest (an odometer, no
            // division per outcome).
            var options = Self.base(context)
            var digits = [Int](repeating: 0, count: free.count)
            for index in 0..<size {
                utilities[index] = compiled.utility(of: options)
                var position = free.count - 1
                while position >= 0 {
                    digits[position] += 1
                    if digits[position] < radices[position] {
                        options[free[position]] = digits[position]
                        break
                    }
                    digits[position] = 0
                    options[free[position]] = 0
                    position -= 1
                }
            }
            let order = UtilityOrder.ascending(utilities)
            return RankingCache.Ranking(order: order, utilities: order.map { utilities[$0] })
        }
        storage = Storage(
            context: context, compiled: compiled, freeIssues: free, freeRadices: radices, ranked: ranking.order,
            rankedUtilities: ranking.utilities, searchedBest: nil, bestUtility: ranking.utilities.last ?? 0,
            worstUtility: ranking.utilities.first ?? 0)
    }

    private static func base(_ context: NegotiatorContext) -> [Int] {
        (0..<context.space.issues.count).map { context.fixed[$0] ?? 0 }
    }

    private static func fill(_ options: inout [Int], subIndex: Int, free: [Int], radices: [Int]) {
        var rest = subIndex
        for position in free.indices.reversed() {
            options[free[position]] = rest % radices[position]
            rest /= radices[position]
        }
    }

    /// Utility evaluations the search of an unranked space may spend to find the best outcome
    /// (a tenth of it for each `outcome(atLeast:)`). Counted, not timed, so the choices stay
    /// the same on any machine.
    public static let searchBudget = 4_000_000

    /// The most options of one issue a search step looks at: an issue with more is scanned
    /// at a stride (its first and last options and the neighbours of the current one always
    /// included), so a step costs thousands of evaluations, not millions.
    static let scanWidth = 4096

    /// Calls `body` with the options of an issue of `radix` options a step looks at, from `current`.
    @inline(__always)
    private static func scan(radix: Int, current: Int, _ body: (Int) -> Void) {
        guard radix > scanWidth else {
            for option in 0..<radix where option != current { body(option) }
            return
        }
        let stride = (radix + scanWidth - 1) / scanWidth
        for option in Swift.stride(from: 0, to: radix, by: stride) where option != current { body(option) }
        for option in [current - 1, current + 1, radix - 1] where option >= 0 && option < radix && option != current && option % stride != 0 {
            body(option)
        }
    }

    /// The evaluations one scan of an issue costs.
    private static func scanCost(radix: Int) -> Int { min(radix, scanWidth + 3) }

    /// Coordinate ascent from the per-issue best options and from 16 seeded random starts: each
    /// pass moves every free issue to its best option given the others, until a pass improves
    /// nothing or the budget is spent. The best outcome found.
    private static func climb(compiled: CompiledUtility, context: NegotiatorContext, free: [Int]) -> (outcome: Outcome, utility: Double) {
        var random = SeededGenerator(seed: context.seed ^ 0x5EED)
        var starts = [base(context)]
        for issue in free {
            starts[0][issue] =
                (0..<context.space.radices[issue]).max { compiled.term(issue: issue, option: $0) < compiled.term(issue: issue, option: $1) } ?? 0
        }
        for _ in 0..<16 {
            var options = base(context)
            for issue in free { options[issue] = random.uniform(below: context.space.radices[issue]) }
            starts.append(options)
        }
        var budget = searchBudget
        var best = (outcome: Outcome(starts[0]), utility: compiled.utility(of: starts[0]))
        for start in starts where budget > 0 {
            var options = start
            var value = compiled.utility(of: options)
            var improved = true
            while improved && budget > 0 {
                improved = false
                for issue in free where budget > 0 {
                    let current = options[issue]
                    var choice = (option: current, value: value)
                    scan(radix: context.space.radices[issue], current: current) { option in
                        options[issue] = option
                        let candidate = compiled.utility(of: options)
                        if candidate > choice.value + 1e-12 { choice = (option, candidate) }
                    }
                    budget -= scanCost(radix: context.space.radices[issue])
                    options[issue] = choice.option
                    if choice.option != current {
                        value = choice.value
                        improved = true
                    }
                }
            }
            if value > best.utility { best = (Outcome(options), value) }
        }
        return best
    }

    /// The outcome at a rank (0 the worst for this party). Only for a ranked space (`isRanked`).
    public func outcome(atRank rank: Int) -> Outcome {
        var options = storage.base
        Self.fill(&options, subIndex: storage.ranked[rank], free: storage.freeIssues, radices: storage.freeRadices)
        return Outcome(options)
    }

    /// Calls `body` with each rank of `ranks` and its outcome, decoded into one buffer reused from
    /// call to call: no allocation per outcome. `body` must not keep the outcome (copy it if it
    /// must). Only for a ranked space (`isRanked`).
    func forEachOutcome(atRanks ranks: StrideThrough<Int>, _ body: (_ rank: Int, _ outcome: Outcome) -> Void) {
        var scratch = Outcome(storage.base)
        for rank in ranks {
            Self.fill(&scratch.options, subIndex: storage.ranked[rank], free: storage.freeIssues, radices: storage.freeRadices)
            body(rank, scratch)
        }
    }

    /// The number of ranked outcomes.
    public var count: Int { ranked.count }

    /// The utility of the outcome at a rank. Only for a ranked space (`isRanked`).
    public func utility(atRank rank: Int) -> Double { rankedUtilities[rank] }

    /// The party's utility for an outcome.
    public func utility(of outcome: Outcome) -> Double { storage.compiled.utility(of: outcome.options) }

    /// The rank of the least valuable outcome worth at least `target` (the best one if none is),
    /// by binary search. Only for a ranked space (`isRanked`): it is -1 otherwise.
    public func rank(atLeast target: Double) -> Int {
        storage.rankedUtilities.withUnsafeBufferPointer { utilities in
            var low = 0
            var high = utilities.count
            while low < high {
                let middle = (low + high) / 2
                if utilities[middle] < target { low = middle + 1 } else { high = middle }
            }
            return min(low, utilities.count - 1)
        }
    }

    /// `rank(atLeast:)`, checking `hint` first: a negotiator whose target moves slowly asks with
    /// its last rank and, while the rank holds, is answered in two comparisons.
    public func rank(atLeast target: Double, near hint: Int) -> Int {
        let utilities = storage.rankedUtilities
        if hint >= 0, hint < utilities.count, utilities[hint] >= target, hint == 0 || utilities[hint - 1] < target { return hint }
        return rank(atLeast: target)
    }

    /// The least valuable outcome worth at least `target` (the best outcome if none is).
    /// In a space too large to rank: from the best outcome, the single-issue change that
    /// loses least, as long as the target still holds, within a tenth of `searchBudget` evaluations.
    public func outcome(atLeast target: Double) -> Outcome {
        guard let searchedBest else { return outcome(atRank: rank(atLeast: target)) }
        var options = searchedBest.options
        var value = bestUtility
        var budget = Self.searchBudget / 10
        while budget > 0 {
            var step: (issue: Int, option: Int, value: Double)?
            for issue in freeIssues {
                budget -= Self.scanCost(radix: context.space.radices[issue])
                let current = options[issue]
                Self.scan(radix: context.space.radices[issue], current: current) { option in
                    options[issue] = option
                    let candidate = compiled.utility(of: options)
                    let bestSoFar = step?.value ?? -Double.infinity
                    if candidate >= target && candidate < value && candidate > bestSoFar {
                        step = (issue, option, candidate)
                    }
                }
                options[issue] = current
            }
            guard let move = step else { return Outcome(options) }
            options[move.issue] = move.option
            value = move.value
        }
        return Outcome(options)
    }

    /// The best outcome for this party.
    public var best: Outcome { storage.best }

    /// Throws unless the space is ranked: for strategies that draw from the ranking.
    public func requireRanking(_ strategy: String) throws(NegotiatorError) {
        guard isRanked else {
            throw NegotiatorError(
                "\(strategy) needs every outcome ranked, and \(context.name) has more than \(Self.rankingLimit); use boulware, linear, conceder, hardliner or tit-for-tat"
            )
        }
    }

    /// From `text`, changes one issue at a time — always the change worth most to this party —
    /// until the text is worth at least `target` or no change helps. Returns the result and the
    /// issues changed, in order: the objections a delegation raises.
    public func improve(_ text: Outcome, toward target: Double) -> (outcome: Outcome, changed: [Int]) {
        var options = text.options
        var value = compiled.utility(of: options)
        var changed = [Int]()
        while value < target {
            var bestGain = 0.0
            var bestMove: (issue: Int, option: Int)?
            for issue in freeIssues {
                let current = options[issue]
                for option in 0..<context.space.radices[issue] where option != current {
                    options[issue] = option
                    let gain = compiled.utility(of: options) - value
                    if gain > bestGain + 1e-12 {
                        bestGain = gain
                        bestMove = (issue, option)
                    }
                }
                options[issue] = current
            }
            guard let move = bestMove else { break }
            options[move.issue] = move.option
            value += bestGain
            if !changed.contains(move.issue) { changed.append(move.issue) }
        }
        return (Outcome(options), changed)
    }

    /// The issues on which `text` gives this party less than its best option for that issue
    /// (linear part only), most costly first.
    public func grievances(with text: Outcome) -> [Int] {
        var costs = [(issue: Int, cost: Double)]()
        for issue in freeIssues {
            let bestTerm = (0..<context.space.radices[issue]).map { compiled.term(issue: issue, option: $0) }.max() ?? 0
            let cost = bestTerm - compiled.term(issue: issue, option: text.options[issue])
            if cost > 1e-12 { costs.append((issue, cost)) }
        }
        return costs.sorted { $0.cost > $1.cost || ($0.cost == $1.cost && $0.issue < $1.issue) }.map(\.issue)
    }
}

/// A negotiator that cannot work with what it was given.
public struct NegotiatorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// An error with `message`.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// A negotiator that decides from its own utility and a target that falls over time.
///
/// Conforming types get voting, ratification, answers to a mediator and agenda decisions for
/// free: they vote for changes that do not lower their utility, ratify texts worth at least
/// their reservation value, accept a mediator's text worth at least their current target and
/// otherwise object to the issues they would change to reach it, proposing that text.
public protocol PreferenceDrivenNegotiator: Negotiator {
    /// Set up in `start`.
    var preferences: OwnPreferences? { get }
    /// The utility the negotiator aims for at relative time `time`.
    func target(at time: Double) -> Double
}

extension PreferenceDrivenNegotiator {
    func own() throws -> OwnPreferences {
        guard let preferences else { throw NegotiatorError("\(strategy) was asked to act before start") }
        return preferences
    }

    /// Votes for a proposal worth at least the draft.
    public mutating func vote(on proposal: Outcome, replacing draft: Outcome, turn: Turn) throws -> Bool {
        let own = try own()
        return own.utility(of: proposal) >= own.utility(of: draft)
    }

    /// Ratifies a text worth at least the reservation value.
    public mutating func ratify(_ text: Outcome) throws -> Bool {
        let own = try own()
        return own.utility(of: text) >= own.context.profile.reservationValue
    }

    /// Accepts a text worth at least the current target. Otherwise rejects it, objecting to the
    /// issues it would change to reach the target (its costliest grievance when no change helps)
    /// and proposing the text those changes give.
    public mutating func respond(to text: Outcome, turn: Turn) throws -> Response {
        let own = try own()
        let goal = target(at: turn.time)
        if own.utility(of: text) >= goal { return .accept }
        let (counter, changed) = own.improve(text, toward: goal)
        return .reject(objections: changed.isEmpty ? Array(own.grievances(with: text).prefix(1)) : changed, counter: counter)
    }

    /// Keeps a held issue off the table; the hold's `admitAtRisk` can still bring it on.
    public mutating func admit(issue: Int, turn: Turn, breakdownRisk: Double) throws -> Bool { false }

    /// Ignores events.
    public mutating func observe(_ event: TraceEvent) {}
}
