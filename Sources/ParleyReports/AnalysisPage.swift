import Parley
import ParleySupport

/// An analysis as one self-contained HTML page: the solutions as a table, the utility space
/// of the first two parties with the frontier and the solutions marked, and the frontier.
public struct AnalysisPage: Sendable {
    /// The scenario and its analysis the page shows.
    public let report: AnalysisReport

    /// A page for `report`.
    public init(report: AnalysisReport) { self.report = report }

    /// The whole HTML document. The scenario's name, summary and labels are escaped; the
    /// utility space is drawn only for two parties or more (the first two), with every outcome
    /// as a dot up to `SessionReport.cloudLimit` outcomes; the frontier table lists at most
    /// `SessionReport.traceRows` points.
    public var html: String {
        let scenario = report.scenario
        let analysis = report.analysis
        let names = scenario.parties.map(\.name)
        let space = scenario.space
        var page = HTMLPage(
            title: scenario.name,
            subtitle:
                "\(scenario.issues.count) issues · \(space.count.map(String.init) ?? formatCount(space.cardinality)) outcomes · \(names.joined(separator: ", "))"
        )
        if !scenario.summary.isEmpty { page.append("The scenario", html: "<p>\(Markup.escape(scenario.summary))</p>") }

        let solutions: [(String, ScoredOutcome?)] = [
            ("Nash", analysis.nash), ("Kalai–Smorodinsky", analysis.kalaiSmorodinsky), ("max welfare", analysis.maxWelfare),
            ("egalitarian", analysis.egalitarian),
        ]
        var rows = [["reservation"] + analysis.reservationValues.map(formatUtility) + [""]]
        for (label, point) in solutions {
            rows.append(
                [label] + (point?.utilities.map(formatUtility) ?? names.map { _ in "—" }) + [point.map { report.describe($0.outcome) } ?? "none"])
        }
        let zopa =
            analysis.zopaCount.map { "\($0) outcomes give every party more than its reservation value." }
            ?? "The zone of possible agreement was not counted (the space is too large to walk)."
        page.append(
            "Solutions",
            html: HTMLPage.table(header: ["point"] + names + ["outcome"], rows: rows, numeric: Set(1...names.count))
                + "<p>\(Markup.escape(zopa)) The Pareto frontier has \(analysis.frontier.count) outcomes.</p>")

        if names.count >= 2 {
            var chart = UtilitySpaceChart(title: "Utility space", xLabel: "utility of \(names[0])", yLabel: "utility of \(names[1])")
            if let count = space.count, count <= SessionReport.cloudLimit {
                let compiled = scenario.parties.prefix(2).map { CompiledUtility($0.profile.utility, space: space) }
                chart.cloud = (0..<count).map { index in
                    let options = space.outcome(at: index).options
                    return (compiled[0].utility(of: options), compiled[1].utility(of: options))
                }
            }
            chart.frontier = analysis.frontier.map { ($0.utilities[0], $0.utilities[1]) }
            chart.frontierIsCurve = scenario.parties.count == 2
            chart.reservation = (analysis.reservationValues[0], analysis.reservationValues[1])
            let shapes: [UtilitySpaceChart.Marker.Shape] = [.star, .diamond, .square, .ring]
            let colors = ["#d4a017", "#8e44ad", "#2e8b57", "#e15759"]
            for (index, (label, point)) in solutions.enumerated() {
                guard let point else { continue }
                chart.markers.append(.init(name: label, x: point.utilities[0], y: point.utilities[1], shape: shapes[index], color: colors[index]))
            }
            let note =
                names.count > 2
                ? "<p>The first two parties; the frontier is the \(names.count)-party frontier projected onto them.</p>" : ""
            page.append("The utility space", html: chart.svg + note)
        }

        let frontierRows = analysis.frontier.prefix(SessionReport.traceRows).enumerated().map { index, point in
            [String(index + 1)] + point.utilities.map(formatUtility) + [report.describe(point.outcome)]
        }
        page.append(
            "The Pareto frontier", html: HTMLPage.table(header: ["#"] + names + ["outcome"], rows: frontierRows, numeric: Set(0...names.count)))
        return page.rendered
    }
}
