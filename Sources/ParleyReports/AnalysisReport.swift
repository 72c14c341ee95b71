import Parley
import ParleySupport

/// An analysis put into words and numbers: the JSON `parley analyze --json` prints and the
/// table it prints for people.
public struct AnalysisReport: Sendable {
    /// The analysed scenario: its names, issues and labels.
    public let scenario: Scenario
    /// The analysis of `scenario`; its utilities are by party, in the scenario's party order.
    public let analysis: OutcomeAnalysis

    /// A report of `analysis`, which must have been computed for `scenario`.
    public init(scenario: Scenario, analysis: OutcomeAnalysis) {
        self.scenario = scenario
        self.analysis = analysis
    }

    /// `{issue: option}` for an outcome, in issue order.
    public func outcomeJSON(_ outcome: Outcome) -> JSONValue {
        .object(scenario.space.labels(of: outcome).map { ($0.issue, .string($0.option)) })
    }

    private func pointJSON(_ point: ScoredOutcome?) -> JSONValue {
        guard let point else { return .null }
        return .object([("outcome", outcomeJSON(point.outcome)), ("utilities", .numbers(point.utilities))])
    }

    /// The machine-readable report.
    public var json: JSONValue {
        let space = scenario.space
        return .object([
            ("scenario", .string(scenario.name)),
            ("outcomes", space.count.map(JSONValue.int) ?? .number(space.cardinality)),
            ("parties", .array(scenario.parties.map { .string($0.name) })),
            ("issues", .array(scenario.issues.map { .string($0.name) })),
            ("reservation", .numbers(analysis.reservationValues)),
            ("best", .numbers(analysis.bestUtilities)),
            ("frontier", .array(analysis.frontier.map(pointJSON))),
            ("nash", pointJSON(analysis.nash)),
            ("kalai", pointJSON(analysis.kalaiSmorodinsky)),
            ("maxWelfare", pointJSON(analysis.maxWelfare)),
            ("egalitarian", pointJSON(analysis.egalitarian)),
            ("zopa", analysis.zopaCount.map(JSONValue.int) ?? .null),
            ("exact", .bool(analysis.isExact)),
            ("gap", .number(analysis.gap)),
            ("nodes", analysis.searchNodes.map(JSONValue.int) ?? .null),
        ])
    }

    /// The report for people: the space, the solutions, and the frontier (thinned to `frontierRows`).
    public func table(frontierRows: Int = 12) -> String {
        let space = scenario.space
        let names = scenario.parties.map(\.name)
        var lines = [String]()
        lines.append(
            "\(scenario.name): \(scenario.issues.count) issues, \(space.count.map(String.init) ?? formatCount(space.cardinality)) outcomes, \(names.count) parties"
        )
        let zopa =
            analysis.zopaCount.map { count in
                let share = space.count.map { " (\(formatUtility(Double(count) / Double($0) * 100))% of outcomes)" } ?? ""
                return "\(count)\(share)"
            } ?? "not counted (space too large to walk)"
        lines.append("Zone of possible agreement: \(zopa)")
        lines.append("Pareto frontier: \(analysis.frontier.count) outcomes")
        lines.append("")

        var solutions = TextTable(header: ["point"] + names + ["outcome"], numeric: Set(1...names.count))
        solutions.append(["reservation"] + analysis.reservationValues.map(formatUtility) + [""])
        for (label, point) in [
            ("Nash", analysis.nash), ("Kalai–Smorodinsky", analysis.kalaiSmorodinsky),
            ("max welfare", analysis.maxWelfare), ("egalitarian", analysis.egalitarian),
        ] {
            guard let point else {
                solutions.append([label] + names.map { _ in "—" } + ["none: no outcome beats every reservation value"])
                continue
            }
            solutions.append([label] + point.utilities.map(formatUtility) + [describe(point.outcome)])
        }
        lines.append(solutions.rendered)
        lines.append("")

        let frontier = analysis.frontier
        let shown: [ScoredOutcome]
        if frontier.count <= frontierRows || frontierRows < 2 {
            shown = frontier
        } else {
            shown = (0..<frontierRows).map { frontier[$0 * (frontier.count - 1) / (frontierRows - 1)] }
        }
        var table = TextTable(header: ["frontier"] + names + ["outcome"], numeric: Set(1...names.count))
        for (row, point) in shown.enumerated() {
            table.append(["\(row + 1)"] + point.utilities.map(formatUtility) + [describe(point.outcome)])
        }
        lines.append(table.rendered)
        if shown.count < frontier.count {
            lines.append("(\(shown.count) of \(frontier.count) frontier points, evenly spaced; --json lists all)")
        }
        return lines.joined(separator: "\n")
    }

    /// An outcome as `issue=option` pairs, shortened for wide spaces.
    public func describe(_ outcome: Outcome) -> String {
        let pairs = scenario.space.labels(of: outcome).map { "\($0.issue)=\($0.option)" }
        return pairs.count > 8 ? pairs.prefix(8).joined(separator: ", ") + ", …" : pairs.joined(separator: ", ")
    }
}
