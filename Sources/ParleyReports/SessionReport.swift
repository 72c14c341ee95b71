import Parley
import ParleySupport

/// A session as one self-contained HTML page: the result against the analysis; each party's
/// utility of every proposal over the rounds beside the utility space with the frontier, Nash
/// and Kalai–Smorodinsky points, each side's offers and the agreement; where issues are
/// settled one by one (indirect talks, agendas, tracks), a timeline of settled and open
/// issues; the risk of a breakdown; the trace.
public struct SessionReport: Sendable {
    /// The session told in words; the report draws the same session.
    public let story: SessionStory

    /// Spaces up to this size are drawn outcome by outcome.
    public static let cloudLimit = SessionFigures.cloudLimit
    /// The trace table shows at most this many events.
    public static let traceRows = 1_500

    /// A report of `trace`, a session of `scenario`; the arguments are those of `SessionStory`.
    public init(scenario: Scenario, trace: Trace, analysis: OutcomeAnalysis?, strategies: [String], mediatorStrategy: String?, seed: UInt64) {
        self.story = SessionStory(
            scenario: scenario, trace: trace, analysis: analysis, strategies: strategies, mediatorStrategy: mediatorStrategy, seed: seed)
    }

    var scenario: Scenario { story.scenario }
    var trace: Trace { story.trace }
    var analysis: OutcomeAnalysis? { story.analysis }
    var strategies: [String] { story.strategies }
    var mediatorStrategy: String? { story.mediatorStrategy }
    var seed: UInt64 { story.seed }

    /// The whole HTML document. Names, labels and notes from the scenario and the trace are
    /// escaped; the trace table lists at most `traceRows` events.
    public var html: String {
        var page = HTMLPage(
            title: scenario.name,
            subtitle:
                "\(scenario.talks.protocolKind.rawValue) talks · \(zip(scenario.parties.map(\.name), strategies).map { "\($0): \($1)" }.joined(separator: " · "))"
                + (mediatorStrategy.map { " · \(scenario.mediator?.name ?? "mediator"): \($0)" } ?? "") + " · seed \(seed)")
        if !scenario.summary.isEmpty { page.append("The scenario", html: "<p>\(Markup.escape(scenario.summary))</p>") }
        page.append("Result", html: resultHTML)
        if scenario.parties.count >= 2 {
            page.append("Utilities over the rounds and the utility space", html: figures.html + utilityNote)
        } else {
            page.append("Utilities over the rounds", html: figures.html)
        }
        if showsTimeline { page.append("Settled and open issues", html: timeline) }
        if scenario.talks.hazard != .none { page.append("Risk of a breakdown", html: riskChart) }
        page.append("The trace", html: traceTable)
        return page.rendered
    }

    /// The headline, the agreed text as a table, then utilities and the comparison with the analysis.
    var resultHTML: String {
        var lines = story.resultLines
        let headline = lines.removeFirst()
        var html = "<p><strong>\(Markup.escape(headline))</strong></p>\n"
        if let agreement = trace.result.agreement {
            lines.removeFirst(scenario.issues.count)
            let utilities = scenario.parties.map { CompiledUtility($0.profile.utility, space: scenario.space) }
            let rows = scenario.issues.indices.map { issue in
                [scenario.issues[issue].name, scenario.issues[issue].label(at: agreement.options[issue])]
                    + utilities.map { formatUtility($0.term(issue: issue, option: agreement.options[issue])) }
            }
            html += HTMLPage.table(
                header: ["issue", "agreed"] + scenario.parties.map { "weighted value to \($0.name)" }, rows: rows,
                numeric: Set(2..<(2 + scenario.parties.count)))
        }
        return html + lines.map { "<p>\(Markup.escape(String($0.trimmingPrefix("  "))))</p>" }.joined(separator: "\n")
    }

    // MARK: Utility space

    var utilityNote: String {
        scenario.parties.count > 2
            ? "<p>The chart shows the first two parties, \(Markup.escape(scenario.parties[0].name)) and \(Markup.escape(scenario.parties[1].name)); the frontier is the \(scenario.parties.count)-party frontier projected.</p>"
            : ""
    }

    /// The session figure: each party's utility of every proposal over the rounds, beside the
    /// utility space with every actor's proposals.
    var figures: SessionFigures { SessionFigures(scenario: scenario, events: Array(trace.events), analysis: analysis, result: trace.result) }

    /// The utility space alone, as an SVG.
    var utilitySpace: String { figures.utilitySpace() }

    // MARK: Timeline

    /// Whether issues are settled one by one: in indirect talks, or with issues held off the
    /// table, or with several tracks. In plain alternating offers or single-text talks every
    /// issue stays open until the whole agreement, and the timeline says nothing.
    var showsTimeline: Bool {
        let talks = scenario.talks
        return talks.protocolKind == .indirect || !talks.agenda.holds.isEmpty || talks.agenda.tracks.count > 1
            || talks.agenda.tracks.contains { $0.protocolKind == .indirect }
    }

    enum IssueState: String {
        case settled, open
        case offTable = "off the table"
        case elsewhere = "not in this track"

        var color: String {
            switch self {
            case .settled: "#59a14f"
            case .open: "#f28e2b"
            case .offTable: "#9aa3b5"
            case .elsewhere: "#dfe3ea"
            }
        }
    }

    /// The state of every issue at the end of every round.
    var states: [[IssueState]] {
        let issues = scenario.issues.indices
        var held = Set(scenario.talks.agenda.holds.flatMap(\.issues))
        var trackIssues = Set<Int>()
        var latest = [String: Outcome]()
        var rows = [[IssueState]]()
        var current = [IssueState](repeating: .open, count: scenario.issues.count)
        var statusSeen = false
        var frozen = Set<Int>()
        for event in trace.events {
            switch event.kind {
            case .round:
                if event.round > 1 && rows.count < event.round - 1 { rows.append(current) }
                let newTrack = Set(event.issues)
                if newTrack != trackIssues {
                    // A new track: the previous one was settled (the session would have ended otherwise).
                    frozen.formUnion(trackIssues)
                    latest = [:]
                }
                trackIssues = newTrack
                statusSeen = false
                current = issues.map { issue in
                    held.contains(issue) ? .offTable : !trackIssues.contains(issue) ? (frozen.contains(issue) ? .settled : .elsewhere) : .open
                }
            case .agenda:
                held.subtract(event.issues)
                for issue in event.issues where trackIssues.contains(issue) { current[issue] = .open }
            case .status:
                statusSeen = true
                for issue in event.issues { current[issue] = .settled }
                for issue in event.otherIssues { current[issue] = .open }
            case .offer:
                guard let outcome = event.outcome else { continue }
                latest[event.actor] = outcome
                if !statusSeen, latest.count == scenario.parties.count {
                    for issue in trackIssues where !held.contains(issue) {
                        let options = Set(latest.values.map { $0.options[issue] })
                        current[issue] = options.count == 1 ? .settled : .open
                    }
                }
            case .agreement:
                for issue in issues where current[issue] == .open { current[issue] = .settled }
            default:
                break
            }
        }
        if trace.result.rounds > 0 { rows.append(current) }
        return rows
    }

    var timeline: String {
        let rows = states
        guard !rows.isEmpty else { return "<p>No round was played.</p>" }
        let n = LineChart.number
        let labelWidth = 150.0
        let cell = max(3.0, min(28.0, 640.0 / Double(rows.count)))
        let height = 22.0
        // Wide enough for the legend's four entries too.
        let width = max(labelWidth + cell * Double(rows.count) + 10, labelWidth + 4 * 120)
        let total = 30 + height * Double(scenario.issues.count) + 50
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(total))\" width=\"\(n(width))\" height=\"\(n(total))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n"
        out += "<title>Settled and open issues by round</title>\n"
        for (issue, definition) in scenario.issues.enumerated() {
            let y = 24 + height * Double(issue)
            out +=
                "<text x=\"\(n(labelWidth - 6))\" y=\"\(n(y + height / 2))\" text-anchor=\"end\" dominant-baseline=\"middle\">\(Markup.escape(definition.name))</text>"
            for (round, state) in rows.enumerated() {
                let x = labelWidth + cell * Double(round)
                out +=
                    "<rect x=\"\(n(x))\" y=\"\(n(y + 1))\" width=\"\(n(cell - (cell > 6 ? 1 : 0)))\" height=\"\(n(height - 2))\" fill=\"\(state[issue].color)\"><title>round \(round + 1): \(Markup.escape(definition.name)) \(state[issue].rawValue)</title></rect>"
            }
            out += "\n"
        }
        let stride = max(1, Int((24 / cell).rounded(.up)))
        for round in Swift.stride(from: 0, to: rows.count, by: stride) {
            out += "<text x=\"\(n(labelWidth + cell * (Double(round) + 0.5)))\" y=\"16\" text-anchor=\"middle\">\(round + 1)</text>"
        }
        var x = labelWidth
        let legendY = 30 + height * Double(scenario.issues.count)
        for state in [IssueState.settled, .open, .offTable, .elsewhere] {
            out +=
                "<rect x=\"\(n(x))\" y=\"\(n(legendY))\" width=\"12\" height=\"12\" fill=\"\(state.color)\"/><text x=\"\(n(x + 16))\" y=\"\(n(legendY + 6))\" dominant-baseline=\"middle\">\(state.rawValue)</text>"
            x += 120
        }
        return out
            + "\n</svg>\n<p>Columns are rounds (numbered above); an issue is settled when every party accepts its option in the round's text (indirect talks) or when the latest offers of all parties agree on it.</p>"
    }

    // MARK: Risk

    var riskChart: String {
        var perRound = [LineChart.Point]()
        var cumulative = [LineChart.Point]()
        var survival = 1.0
        for event in trace.events where event.kind == .round {
            let risk = event.value ?? 0
            survival *= 1 - risk
            perRound.append(.init(x: Double(event.round), y: risk))
            cumulative.append(.init(x: Double(event.round), y: 1 - survival))
        }
        var chart = LineChart(
            title: "Risk of a breakdown", xLabel: "round", yLabel: "probability", yRange: 0...max(0.05, (cumulative.last?.y ?? 0) * 1.1))
        chart.series = [
            .init(name: "before this round", points: perRound, color: "#e15759"),
            .init(name: "cumulative", points: cumulative, color: "#4e79a7", dashed: true),
        ]
        return chart.svg
    }

    // MARK: Trace

    var traceTable: String {
        var rows = [[String]]()
        var previous: Outcome?
        for event in trace.events.prefix(Self.traceRows) {
            var what = ""
            if let outcome = event.outcome {
                let changed =
                    previous.map { old in scenario.issues.indices.filter { old.options[$0] != outcome.options[$0] } }
                    ?? Array(scenario.issues.indices)
                what =
                    changed.isEmpty
                    ? "(unchanged)"
                    : changed.map { "\(scenario.issues[$0].name)=\(scenario.issues[$0].label(at: outcome.options[$0]))" }.joined(separator: ", ")
                if event.kind == .text || event.kind == .offer { previous = outcome }
            }
            let issues = event.issues.map { scenario.issues[$0].name }.joined(separator: ", ")
            var detail = [String]()
            if event.kind == .status {
                detail.append("settled: \(issues.isEmpty ? "none" : issues)")
                detail.append("open: \(event.otherIssues.map { scenario.issues[$0].name }.joined(separator: ", "))")
            } else if !issues.isEmpty && event.kind != .round {
                detail.append(event.kind == .reject ? "objects to: \(issues)" : issues)
            }
            if let approve = event.approve, event.kind == .vote { detail.append(approve ? "yes" : "no") }
            if let value = event.value, event.kind == .round { detail.append("risk \(formatUtility(value))") }
            if let note = event.note { detail.append(note) }
            rows.append([
                String(event.step), String(event.round), event.actor, event.kind.rawValue, what, detail.joined(separator: "; "),
                event.audience.joined(separator: ", "),
            ])
        }
        var html = HTMLPage.table(
            header: ["step", "round", "actor", "event", "outcome (changes)", "detail", "seen by"], rows: rows, numeric: [0, 1])
        if trace.events.count > Self.traceRows {
            html += "<p>The first \(Self.traceRows) of \(trace.events.count) events; `parley run --json` prints them all.</p>"
        }
        return html
    }
}
