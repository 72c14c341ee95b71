import Parley
import ParleySupport

/// The figures of a session drawn from its events, as NegMAS draws a negotiation: each party's
/// utility of every proposal over the rounds, beside the utility space of the first two parties
/// with every actor's proposals. The session report draws a finished session; the server draws
/// a running one for its observer.
public struct SessionFigures: Sendable {
    /// A proposal: an offer, a counter-proposal or a mediator's text, where it falls in time.
    struct Proposal {
        /// The round, with a fraction for the proposal's place among the round's events.
        var time: Double
        var outcome: Outcome
    }

    /// The scenario the session runs: its parties, mediator, space and labels.
    public let scenario: Scenario
    /// The events, in order (all of them, or those one role sees).
    public let events: [TraceEvent]
    /// The frontier, the solutions and the reservation values, when analysed.
    public let analysis: OutcomeAnalysis?
    /// How the session ended, when it has.
    public let result: SessionResult?

    /// Spaces up to this size are drawn outcome by outcome.
    public static let cloudLimit = 20_000

    /// The figures of a session of `scenario`; `analysis`, when given, must be of `scenario`.
    public init(scenario: Scenario, events: [TraceEvent], analysis: OutcomeAnalysis?, result: SessionResult?) {
        self.scenario = scenario
        self.events = events
        self.analysis = analysis
        self.result = result
    }

    /// The parties and then the mediator: everyone who proposes.
    var actors: [String] { scenario.parties.map(\.name) + (scenario.mediator.map { [$0.name] } ?? []) }

    /// The colour of an actor's proposals, the same in every figure.
    func color(of actor: String) -> String {
        let index = actors.firstIndex(of: actor) ?? actors.count
        return LineChart.palette[index % LineChart.palette.count]
    }

    /// Each actor's proposals in order (offers, counter-proposals, texts), skipping repeats.
    var proposals: [(actor: String, proposals: [Proposal])] {
        // Each event's place among its round's events (from 1), and each round's count.
        var byRound: [Int: Int] = [:]
        var place: [Int] = []
        for event in events {
            byRound[event.round, default: 0] += 1
            place.append(byRound[event.round] ?? 1)
        }
        var result: [(actor: String, proposals: [Proposal])] = []
        for actor in actors {
            var list: [Proposal] = []
            var last: Outcome?
            for (index, event) in events.enumerated() where event.actor == actor {
                guard let outcome = event.outcome, [.offer, .reject, .text].contains(event.kind), outcome != last,
                    scenario.space.contains(outcome)
                else { continue }
                let count = Double(byRound[event.round] ?? 1)
                list.append(Proposal(time: Double(max(event.round, 1) - 1) + Double(place[index]) / count, outcome: outcome))
                last = outcome
            }
            if !list.isEmpty { result.append((actor, list)) }
        }
        return result
    }

    /// The label of an actor's proposals.
    func label(_ actor: String) -> String {
        scenario.parties.contains { $0.name == actor } ? "offers of \(actor)" : "texts of \(actor)"
    }

    /// One party's utility of every proposal over the rounds, with its reservation value and
    /// the agreement; points at 0 and 1 sit inside the frame, so none hides in it.
    public func utilityOverRounds(party: Int, width: Double = 470, height: Double = 230) -> String {
        let profile = scenario.parties[party].profile
        let utility = CompiledUtility(profile.utility, space: scenario.space)
        let lastRound = Double(max(result?.rounds ?? 0, events.map(\.round).max() ?? 0, 1))
        var chart = LineChart(
            title: "Utility to \(scenario.parties[party].name)", xLabel: "round", yLabel: "utility", xRange: 0...lastRound, yRange: -0.03...1.03)
        chart.width = width
        chart.height = height
        for (actor, list) in proposals {
            chart.series.append(
                LineChart.Series(
                    name: label(actor), points: list.map { LineChart.Point(x: $0.time, y: utility.utility(of: $0.outcome.options)) },
                    color: color(of: actor), dots: true))
        }
        chart.series.append(
            LineChart.Series(
                name: "reservation value", points: [.init(x: 0, y: profile.reservationValue), .init(x: lastRound, y: profile.reservationValue)],
                color: "#c03", dashed: true))
        if let agreement = result?.agreement {
            chart.series.append(
                LineChart.Series(
                    name: "agreement", points: [.init(x: Double(max(result?.rounds ?? 1, 1)), y: utility.utility(of: agreement.options))],
                    color: "#2e8b57", dots: true))
        }
        return chart.svg
    }

    /// The utility space of the first two parties: every outcome (small spaces), the frontier,
    /// the reservation values, the Nash and Kalai–Smorodinsky points, each actor's proposals
    /// and the result.
    public func utilitySpace(title: String = "Utility space") -> String {
        guard scenario.parties.count >= 2 else { return "" }
        let space = scenario.space
        let first = scenario.parties[0]
        let second = scenario.parties[1]
        let compiled = [first, second].map { CompiledUtility($0.profile.utility, space: space) }
        func point(_ outcome: Outcome) -> (x: Double, y: Double) {
            (compiled[0].utility(of: outcome.options), compiled[1].utility(of: outcome.options))
        }
        var chart = UtilitySpaceChart(title: title, xLabel: "utility of \(first.name)", yLabel: "utility of \(second.name)")
        if let count = space.count, count <= Self.cloudLimit {
            chart.cloud = (0..<count).map { point(space.outcome(at: $0)) }
        }
        if let analysis {
            chart.frontier = analysis.frontier.map { ($0.utilities[0], $0.utilities[1]) }
            chart.frontierIsCurve = scenario.parties.count == 2
            chart.reservation = (analysis.reservationValues[0], analysis.reservationValues[1])
        } else {
            chart.reservation = (first.profile.reservationValue, second.profile.reservationValue)
        }
        for (actor, list) in proposals {
            chart.trajectories.append(.init(name: label(actor), points: list.map { point($0.outcome) }, color: color(of: actor)))
        }
        if let nash = analysis?.nash {
            chart.markers.append(.init(name: "Nash point", x: nash.utilities[0], y: nash.utilities[1], shape: .star, color: "#d4a017"))
        }
        if let kalai = analysis?.kalaiSmorodinsky {
            chart.markers.append(.init(name: "Kalai–Smorodinsky", x: kalai.utilities[0], y: kalai.utilities[1], shape: .diamond, color: "#8e44ad"))
        }
        if let result {
            if let agreement = result.agreement {
                let p = point(agreement)
                chart.markers.append(.init(name: "agreement", x: p.x, y: p.y, shape: .ring, color: "#2e8b57"))
            } else if result.utilities.count >= 2 {
                let u = result.utilities
                chart.markers.append(.init(name: "result: \(result.reason.label)", x: u[0], y: u[1], shape: .square, color: "#c03"))
            }
        }
        return chart.svg
    }

    /// Every party's utility over the rounds in a column, beside the utility space: one block of HTML.
    public var html: String {
        let lines = scenario.parties.indices.map { utilityOverRounds(party: $0) }.joined(separator: "\n")
        return """
            <div class="session-figure" style="display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start;">
            <div class="utility-over-rounds" style="flex: 1 1 470px; max-width: 470px;">
            \(lines)
            </div>
            <div class="utility-space" style="flex: 1 1 420px; max-width: 720px;">
            \(utilitySpace())
            </div>
            </div>
            """
    }
}
