import ParleyReports
import ParleySupport
import ParleyTournament

/// A tournament's HTML page: the summary by strategy, strategy × opponent heat maps of the mean
/// utility and the agreement rate, and the breakdown by agent, opponent and domain with standard
/// errors and 95 % intervals.
enum TournamentReportPage {
    /// The page of the stored sessions `rows`, headed `title`.
    static func render(title: String, rows: [TournamentStore.Row]) -> String {
        let summary = TournamentSummary(rows: rows)
        let breakdown = TournamentBreakdown(rows: rows)
        let (header, cells) = summary.cells
        var page = HTMLPage(title: title, subtitle: "\(summary.sessions) sessions")
        page.append("By strategy", html: HTMLPage.table(header: header, rows: cells, numeric: Set(1..<header.count)))
        let agents = breakdown.agents
        let opponents = breakdown.opponents
        func heatMap(_ value: (TournamentBreakdown.Line) -> Double?) -> String {
            let values = agents.map { agent in opponents.map { opponent in breakdown.line(agent: agent, opponent: opponent).flatMap(value) } }
            return HeatMapTable(rows: agents, columns: opponents, values: values, corner: "strategy \\ opponent").html
        }
        page.append("Mean utility, strategy × opponent", html: heatMap { $0.utility.mean })
        page.append("Agreement rate, strategy × opponent", html: heatMap { $0.agreement.mean })
        page.append("Mean distance to the Pareto frontier, strategy × opponent", html: heatMap { $0.paretoDistance.mean })
        let detailHeader = [
            "agent", "opponent", "domain", "sessions", "utility", "± s.e.", "95 % interval", "welfare", "Pareto distance", "Nash distance",
            "agreements", "rounds",
        ]
        func number(_ value: Double?) -> String { value.map(formatUtility) ?? "—" }
        let detailRows = breakdown.lines.map { line in
            [
                line.agent, line.opponent, line.domain, String(line.utility.count), number(line.utility.mean), number(line.utility.standardError),
                line.utility.interval.map { "\(formatUtility($0.lowerBound)) – \(formatUtility($0.upperBound))" } ?? "—",
                number(line.welfare.mean), number(line.paretoDistance.mean), number(line.nashDistance.mean),
                line.agreement.mean.map { formatUtility($0 * 100).dropLast(2) + "%" } ?? "—", number(line.rounds.mean),
            ]
        }
        page.append(
            "By agent, opponent and domain",
            html: HTMLPage.table(header: detailHeader, rows: detailRows, numeric: Set(3..<detailHeader.count)))
        return page.rendered
    }
}
