import Foundation
import ParleySupport

/// The analysis of a scenario's outcome space: the Pareto frontier, the bargaining solutions
/// and the zone of possible agreement.
///
/// Definitions (ties go to the lowest outcome index):
/// - *Nash point*: maximises the product of gains over the reservation values among outcomes
///   that give every party more than its reservation value.
/// - *Kalai–Smorodinsky point*: maximises the smallest gain as a share of that party's best
///   possible gain, among outcomes no party values below its reservation value.
/// - *Max-welfare point*: maximises the sum of utilities.
/// - *Egalitarian point*: maximises the smallest gain over the reservation values, among
///   outcomes no party values below its reservation value.
/// - *ZOPA*: the outcomes every party values above its reservation value.
///
/// All of them lie on the frontier, so they are found there; only the ZOPA count walks the
/// whole space, and only when it has at most `Options.enumerationLimit` outcomes.
public struct OutcomeAnalysis: Sendable {
    /// Limits on how much work an analysis may do.
    public struct Options: Sendable {
        /// The largest space walked outcome by outcome (ZOPA count, non-linear frontiers).
        public var enumerationLimit: Double = 2e8
        /// The longest the exact search for a non-linear frontier may run before giving up.
        public var searchTimeLimit: Duration = .seconds(30)
        /// When the search runs out of time: false to throw `AnalysisError.searchIncomplete`,
        /// true to return the points found, with `isExact` false and the proven `gap`.
        public var acceptsIncompleteSearch = false
        /// Counters the non-linear frontier search updates as it runs (nodes, points), for a
        /// progress display; nil when nobody watches.
        package var searchProgress: SearchProgress?

        /// Limits with the defaults: walks of at most 2e8 outcomes, 30 seconds of frontier
        /// search, an error when the search does not finish.
        public init(enumerationLimit: Double = 2e8, searchTimeLimit: Duration = .seconds(30), acceptsIncompleteSearch: Bool = false) {
            self.enumerationLimit = enumerationLimit
            self.searchTimeLimit = searchTimeLimit
            self.acceptsIncompleteSearch = acceptsIncompleteSearch
        }
    }

    /// The outcome space analysed.
    public let space: OutcomeSpace
    /// Each party's reservation value, in party order.
    public let reservationValues: [Double]
    /// Every non-dominated outcome, by rising utility of the first party.
    public let frontier: [ScoredOutcome]
    /// Each party's highest utility over the whole space.
    public let bestUtilities: [Double]
    /// The Nash point; nil when no outcome gives every party more than its reservation value.
    public let nash: ScoredOutcome?
    /// The Kalai–Smorodinsky point; nil when every outcome leaves some party below its
    /// reservation value.
    public let kalaiSmorodinsky: ScoredOutcome?
    /// The outcome with the largest sum of utilities; nil only for an empty frontier.
    public let maxWelfare: ScoredOutcome?
    /// The egalitarian point; nil when every outcome leaves some party below its reservation value.
    public let egalitarian: ScoredOutcome?
    /// The number of outcomes in the zone of possible agreement; nil when the space is larger
    /// than the enumeration limit.
    public let zopaCount: Int?
    /// Whether `frontier` holds every non-dominated outcome. False only when the non-linear
    /// search ran out of time and `Options.acceptsIncompleteSearch` was set: then `frontier`
    /// holds the non-dominated points found, and the solutions are the best among them.
    public let isExact: Bool
    /// When not exact, a proven bound: every outcome is within `gap` per party of some
    /// frontier point. Zero when exact.
    public let gap: Double
    /// The nodes the non-linear frontier search explored; nil when there was no search.
    public let searchNodes: Int?

    /// Analyses `scenario`: the frontier without enumeration for linear-additive profiles, by
    /// walking the space up to `options.enumerationLimit` outcomes otherwise, and by an exact
    /// search of the constraint cells beyond that.
    /// Deterministic: the same scenario gives the same analysis, whatever the number of cores.
    /// - Throws: `AnalysisError.invalidScenario` for a scenario that does not validate, and
    /// `AnalysisError.searchIncomplete` when the non-linear search exceeds
    /// `options.searchTimeLimit`, unless `options.acceptsIncompleteSearch` asks for the points
    /// found instead (never an approximate frontier that claims to be exact).
    public init(scenario: Scenario, options: Options = Options()) throws(AnalysisError) {
        do { try scenario.validate() } catch { throw .invalidScenario(error) }
        let space = scenario.space
        let utilities = scenario.parties.map { CompiledUtility($0.profile.utility, space: space) }
        let reservation = scenario.parties.map(\.profile.reservationValue)
        let walkable = space.cardinality <= options.enumerationLimit
        let linear = scenario.parties.allSatisfy { $0.profile.utility.isLinearAdditive }

        let frontier: [ScoredOutcome]
        var exact = true
        var gap = 0.0
        var nodes: Int?
        if linear {
            frontier = try ParetoFrontier.linearAdditive(space: space, utilities: utilities)
        } else if walkable {
            frontier = ParetoFrontier.enumerated(space: space, utilities: utilities)
        } else {
            // Too many outcomes to walk: branch and bound over the cells the boxes cut the
            // issues into (docs/nonlinear-analysis.md). Exact, or an error, or (when asked) the
            // points found with the proven gap, flagged inexact: never an estimate posing as exact.
            let result = ConstraintFrontier.frontier(
                space: space, utilities: utilities, limits: .init(timeLimit: options.searchTimeLimit, progress: options.searchProgress))
            nodes = result.nodes
            if !result.isExact {
                guard options.acceptsIncompleteSearch else {
                    throw .searchIncomplete(
                        outcomes: space.cardinality, timeLimit: options.searchTimeLimit, nodes: result.nodes,
                        pointsFound: result.frontier.count, gap: result.gap)
                }
                exact = false
                gap = result.gap
            }
            frontier = result.frontier
        }
        self.init(
            space: space, reservationValues: reservation, frontier: frontier,
            zopaCount: walkable ? Self.countZOPA(space: space, utilities: utilities, reservation: reservation) : nil,
            isExact: exact, gap: gap, searchNodes: nodes)
    }

    /// Derives the bargaining solutions from a frontier computed elsewhere; `isExact`, `gap`
    /// and `searchNodes` say how complete that frontier is.
    public init(
        space: OutcomeSpace, reservationValues: [Double], frontier: [ScoredOutcome], zopaCount: Int?, isExact: Bool = true,
        gap: Double = 0, searchNodes: Int? = nil
    ) {
        let ordered = frontier.sorted { a, b in
            a.utilities.lexicographicallyPrecedes(b.utilities) || (a.utilities == b.utilities && a.outcome < b.outcome)
        }
        self.space = space
        self.reservationValues = reservationValues
        self.frontier = ordered
        self.zopaCount = zopaCount
        self.isExact = isExact
        self.gap = isExact ? 0 : gap
        self.searchNodes = searchNodes
        let d = reservationValues.count
        let best = (0..<d).map { party in ordered.map { $0.utilities[party] }.max() ?? 0 }
        self.bestUtilities = best
        let r = reservationValues

        // Scores within the dominance tolerance are ties (products and sums of the same values
        // differ in their last bits); a tie goes to the lower outcome index.
        func argmax(among candidates: [ScoredOutcome], _ score: (ScoredOutcome) -> Double) -> ScoredOutcome? {
            var winner: ScoredOutcome?
            var top = -Double.infinity
            for point in candidates {
                let value = score(point)
                let tie = abs(value - top) <= dominanceTolerance
                if (value > top && !tie) || (tie && winner.map { point.outcome < $0.outcome } == true) {
                    top = max(top, value)
                    winner = point
                }
            }
            return winner
        }
        let rational = ordered.filter { zip($0.utilities, r).allSatisfy { $0 > $1 } }
        let acceptable = ordered.filter { zip($0.utilities, r).allSatisfy { $0 >= $1 } }
        self.nash = argmax(among: rational) { zip($0.utilities, r).reduce(1.0) { $0 * ($1.0 - $1.1) } }
        self.kalaiSmorodinsky = argmax(among: acceptable) { point in
            (0..<d).map { best[$0] > r[$0] ? (point.utilities[$0] - r[$0]) / (best[$0] - r[$0]) : 1.0 }.min() ?? 0
        }
        self.maxWelfare = argmax(among: ordered) { $0.welfare }
        self.egalitarian = argmax(among: acceptable) { point in
            zip(point.utilities, r).map { $0 - $1 }.min() ?? 0
        }
    }

    /// Counts the outcomes every party values above its reservation value, walking the space
    /// on every core (`OutcomeWalk`): `parties x outcomes` utility evaluations, each one add.
    package static func countZOPA(
        space: OutcomeSpace, utilities: [CompiledUtility], reservation: [Double],
        workers: Int = OutcomeWalk.defaultWorkerCount
    ) -> Int {
        OutcomeWalk.countZOPA(space: space, utilities: utilities, reservation: reservation, workers: workers)
    }
}

/// An analysis that cannot be done, and why.
public enum AnalysisError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The scenario itself is invalid.
    case invalidScenario(ScenarioError)
    /// The exact frontier search of a large non-linear space ran out of time: how many
    /// outcomes, the budget, the nodes explored, the points found, and the gap proven (every
    /// outcome is within `gap` per party of the points found).
    case searchIncomplete(outcomes: Double, timeLimit: Duration, nodes: Int, pointsFound: Int, gap: Double)
    /// The exact linear frontier would pass `limit` candidates when `issue`'s `options`
    /// non-dominated options are added to the `points` of the frontier so far.
    case frontierTooLarge(issue: String, points: Int, options: Int, limit: Int)

    /// What is wrong, in a line.
    public var message: String {
        switch self {
        case .invalidScenario(let error): error.message
        case .searchIncomplete(let outcomes, let timeLimit, let nodes, let points, let gap):
            "the space has \(formatCount(outcomes)) outcomes and non-linear utilities; the exact frontier "
                + "search ran out of time (\(formatDuration(timeLimit))) after \(nodes) nodes with \(points) points found, "
                + "and every outcome is proven within \(String(format: "%.3g", gap)) per party of them: "
                + "no exact frontier (give it a longer --time-limit)"
        case .frontierTooLarge(let issue, let points, let options, let limit):
            "too large: the exact Pareto frontier would hold \(formatCount(Double(points) * Double(options))) candidates "
                + "when issue '\(issue.prefix(80))' (\(formatCount(Double(options))) non-dominated options) joins the "
                + "\(formatCount(Double(points))) points so far; the limit is \(formatCount(Double(limit))) "
                + "(use fewer options on the integer and number issues)"
        }
    }

    /// The message.
    public var description: String { message }
}
