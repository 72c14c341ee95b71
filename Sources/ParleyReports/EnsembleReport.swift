import Foundation
import Parley
import ParleySupport

/// An ensemble of sessions as people and programs read it: a text summary and one JSON object.
/// The JSON holds no timings, so the same ensemble prints the same bytes.
public struct EnsembleReport: Sendable {
    /// The summary reported.
    public var summary: EnsembleSummary
    /// How the chance of agreement moves with each assumption, when measured.
    public var sensitivity: AssumptionSensitivity?
    /// A stakeholder forecast to show next to the simulated agreements, issue by issue.
    public var forecast: [ForecastLink]

    /// One issue of a stakeholder forecast, shown next to the agreements on the scenario's issue
    /// of the same name (if there is one).
    public struct ForecastLink: Sendable {
        /// The forecast issue's name.
        public var issue: String
        /// Its scale.
        public var scale: ClosedRange<Double>
        /// The expected-utility model's forecast.
        public var expectedUtility: Double
        /// The compromise model's forecast (the weighted mean).
        public var compromise: Double

        /// A forecast of `issue` on `scale`.
        public init(issue: String, scale: ClosedRange<Double>, expectedUtility: Double, compromise: Double) {
            self.issue = issue
            self.scale = scale
            self.expectedUtility = expectedUtility
            self.compromise = compromise
        }
    }

    /// A report of `summary`, with the assumptions' `sensitivity` when measured and a stakeholder
    /// `forecast` to show beside the agreements.
    public init(summary: EnsembleSummary, sensitivity: AssumptionSensitivity? = nil, forecast: [ForecastLink] = []) {
        self.summary = summary
        self.sensitivity = sensitivity
        self.forecast = forecast
    }

    /// The agreements' options of `issue` (in the summary's issue order), the most agreed first
    /// (ties in option order), with their share of the agreements; options never agreed are left out.
    func agreedOptions(_ issue: Int) -> [(label: String, count: Int, share: Double)] {
        let counts = summary.agreedOptions[issue]
        let labels = summary.optionLabels[issue]
        let total = max(summary.agreement.count, 1)
        return counts.indices.filter { counts[$0] > 0 }.sorted { (counts[$0], -$0) > (counts[$1], -$1) }.map {
            (labels.indices.contains($0) ? labels[$0] : String($0), counts[$0], Double(counts[$0]) / Double(total))
        }
    }

    static func share(_ share: EnsembleSummary.Share) -> JSONValue {
        .object([
            ("count", .int(share.count)), ("probability", .number(share.probability)), ("interval95", .numbers([share.low, share.high])),
        ])
    }

    static func quartiles(_ value: EnsembleSummary.Quartiles) -> JSONValue {
        func number(_ x: Double) -> JSONValue { x.isNaN ? .null : .number(x) }
        return .object([
            ("min", number(value.minimum)), ("p25", number(value.lower)), ("median", number(value.median)),
            ("p75", number(value.upper)), ("max", number(value.maximum)), ("mean", number(value.mean)),
        ])
    }

    /// One JSON object; `agreementProbability` is a top-level key.
    public var json: JSONValue {
        let summary = summary
        var pairs = fields
        pairs.append(
            (
                "agreedOptions",
                .array(
                    summary.issues.indices.map { issue in
                        .object([
                            ("issue", .string(summary.issues[issue])),
                            (
                                "options",
                                .array(
                                    agreedOptions(issue).map {
                                        .object([("option", .string($0.label)), ("agreements", .int($0.count)), ("share", .number($0.share))])
                                    })
                            ),
                        ])
                    })
            ))
        if let sensitivity { pairs.append(("sensitivity", Self.sensitivityJSON(sensitivity))) }
        if !forecast.isEmpty {
            pairs.append(
                (
                    "forecast",
                    .array(
                        forecast.map { link in
                            .object([
                                ("issue", .string(link.issue)), ("scale", .numbers([link.scale.lowerBound, link.scale.upperBound])),
                                ("expectedUtility", .number(link.expectedUtility)), ("compromise", .number(link.compromise)),
                                ("scenarioIssue", summary.issues.contains(link.issue) ? .string(link.issue) : .null),
                            ])
                        })
                ))
        }
        return .object(pairs)
    }

    /// Rounds with agreements: the round, its agreements, the share agreed by then.
    var roundRows: [[String]] {
        summary.agreementsByRound.filter { $0.agreements > 0 }.map {
            [String($0.round), String($0.agreements), Self.percent($0.cumulativeProbability)]
        }
    }

    /// Per party: its utility's quartiles over all sessions and its median over the agreements.
    var utilityRows: [[String]] {
        summary.parties.indices.map { index in
            let all = summary.utilities[index]
            return [
                summary.parties[index], ForecastReport.fixed(all.lower, 3), ForecastReport.fixed(all.median, 3),
                ForecastReport.fixed(all.upper, 3), ForecastReport.fixed(summary.agreementUtilities[index].median, 3),
            ]
        }
    }

    /// Per issue: its forecast (when the forecast has an issue of that name) beside the options
    /// agreed in the simulated sessions.
    var dealRows: [[String]] {
        summary.issues.indices.map { issue in
            let name = summary.issues[issue]
            let options = agreedOptions(issue).prefix(3)
                .map { "\($0.label) \(Self.percent($0.share))" }.joined(separator: ", ")
            var row = [name, options.isEmpty ? "–" : options]
            if !forecast.isEmpty {
                let link = forecast.first { $0.issue == name }
                row.append(
                    link.map {
                        "\(ForecastReport.fixed($0.expectedUtility)) (mean \(ForecastReport.fixed($0.compromise))) on \(LineChart.label($0.scale.lowerBound))–\(LineChart.label($0.scale.upperBound))"
                    } ?? "–")
            }
            return row
        }
    }

    static func sensitivityJSON(_ sensitivity: AssumptionSensitivity) -> JSONValue {
        .object([
            ("sessionsPerEnd", .int(sensitivity.sessions)), ("baseline", share(sensitivity.baseline)),
            (
                "assumptions",
                .array(
                    sensitivity.swings.map { swing in
                        .object([
                            ("name", .string(swing.assumption.name)), ("low", .number(swing.assumption.low)),
                            ("high", .number(swing.assumption.high)), ("base", .number(swing.base)),
                            ("agreementAtLow", share(swing.atLow)), ("agreementAtHigh", share(swing.atHigh)),
                            ("swing", .number(swing.swing)),
                        ])
                    })
            ),
        ])
    }

    private var fields: [(String, JSONValue)] {
        let summary = summary
        return [
            ("scenario", .string(summary.scenario)),
            ("sessions", .int(summary.sessions)),
            ("seed", summary.seed < 1 << 53 ? .number(Double(summary.seed)) : .string(String(summary.seed))),
            ("deadline", .int(summary.deadline)),
            ("assumptionsVaried", .bool(summary.assumptionsVaried)),
            ("agreementProbability", .number(summary.agreement.probability)),
            ("agreementInterval95", .numbers([summary.agreement.low, summary.agreement.high])),
            ("breakdownProbability", .number(summary.breakdown.probability)),
            ("breakdownInterval95", .numbers([summary.breakdown.low, summary.breakdown.high])),
            ("deadlineProbability", .number(summary.deadlineReached.probability)),
            ("deadlineInterval95", .numbers([summary.deadlineReached.low, summary.deadlineReached.high])),
            (
                "outcomes",
                .object([
                    ("agreement", Self.share(summary.agreement)), ("breakdown", Self.share(summary.breakdown)),
                    ("deadline", Self.share(summary.deadlineReached)), ("walkAway", Self.share(summary.walkAway)),
                    ("failure", Self.share(summary.failure)),
                ])
            ),
            (
                "agreementByRound",
                .array(
                    summary.agreementsByRound.map {
                        .object([
                            ("round", .int($0.round)), ("agreements", .int($0.agreements)),
                            ("cumulativeProbability", .number($0.cumulativeProbability)),
                        ])
                    })
            ),
            ("rounds", Self.quartiles(summary.rounds)),
            (
                "parties",
                .array(
                    summary.parties.indices.map { index in
                        .object([
                            ("name", .string(summary.parties[index])), ("utility", Self.quartiles(summary.utilities[index])),
                            ("utilityOnAgreement", Self.quartiles(summary.agreementUtilities[index])),
                        ])
                    })
            ),
            (
                "issuesSettled",
                .array(
                    summary.settlements.map {
                        .object([
                            ("issue", .string($0.issue)), ("settled", Self.share($0.settled)), ("first", Self.share($0.first)),
                            ("medianRound", $0.medianRound.isNaN ? .null : .number($0.medianRound)),
                        ])
                    })
            ),
        ]
    }

    static func percent(_ value: Double) -> String { ForecastReport.fixed(value * 100, 1) + " %" }

    static func percent(_ share: EnsembleSummary.Share) -> String {
        "\(percent(share.probability)) (95% \(percent(share.low))–\(percent(share.high)))"
    }

    /// The summary for people.
    public var text: String {
        let summary = summary
        var lines = [
            "\(summary.scenario): \(summary.sessions) sessions from seed \(summary.seed), deadline \(summary.deadline) rounds",
            "",
            "agreement  \(Self.percent(summary.agreement))",
            "breakdown  \(Self.percent(summary.breakdown))",
            "deadline   \(Self.percent(summary.deadlineReached))",
        ]
        if summary.walkAway.count > 0 { lines.append("walk-away  \(Self.percent(summary.walkAway))") }
        if summary.failure.count > 0 { lines.append("failure    \(Self.percent(summary.failure))") }
        if !summary.agreementsByRound.isEmpty {
            lines.append("")
            var table = TextTable(header: ["round", "agreements", "agreed by then"], numeric: [0, 1, 2])
            for row in roundRows { table.append(row) }
            lines.append(table.rendered)
        }
        lines.append("")
        var utilities = TextTable(header: ["party", "p25", "median", "p75", "median if agreed"], numeric: [1, 2, 3, 4])
        for row in utilityRows { utilities.append(row) }
        lines.append(utilities.rendered)
        if !summary.settlements.isEmpty {
            lines.append("")
            var issues = TextTable(header: ["issue", "announced settled", "settled first", "median round"], numeric: [1, 2, 3])
            for item in summary.settlements {
                issues.append([
                    item.issue, Self.percent(item.settled.probability), Self.percent(item.first.probability),
                    ForecastReport.fixed(item.medianRound, 1),
                ])
            }
            lines.append(issues.rendered)
        }
        if summary.agreement.count > 0 {
            var deals = TextTable(header: ["issue", "agreed (most often first)"] + (forecast.isEmpty ? [] : ["stakeholder forecast"]))
            for row in dealRows { deals.append(row) }
            lines += ["", deals.rendered]
            let unmatched = forecast.filter { !summary.issues.contains($0.issue) }
            for link in unmatched {
                lines.append(
                    "forecast of '\(link.issue)' (no scenario issue of that name): \(ForecastReport.fixed(link.expectedUtility)) (mean \(ForecastReport.fixed(link.compromise)))"
                )
            }
        }
        if let sensitivity { lines += ["", Self.tornadoText(sensitivity)] }
        return lines.joined(separator: "\n")
    }

    /// The tornado as text: per assumption, the chance of agreement at each end of its range.
    static func tornadoText(_ sensitivity: AssumptionSensitivity) -> String {
        var table = TextTable(header: ["assumption", "range", "agreement at low", "at high", "swing"], numeric: [2, 3, 4])
        for swing in sensitivity.swings {
            let range = "\(LineChart.label(swing.assumption.low))–\(LineChart.label(swing.assumption.high))"
            table.append([
                swing.assumption.name, range, percent(swing.atLow.probability), percent(swing.atHigh.probability),
                ForecastReport.fixed(swing.swing * 100, 1) + " pts",
            ])
        }
        return "What moves the chance of a deal (each assumption alone, \(sensitivity.sessions) sessions per end; "
            + "baseline \(percent(sensitivity.baseline.probability))):\n" + table.rendered
    }

    /// The ensemble as a self-contained HTML page: the outcome shares, agreements by round, each
    /// party's utility, and the tornado chart when the sensitivity was measured.
    public var html: String {
        let summary = summary
        var page = HTMLPage(
            title: summary.scenario,
            subtitle:
                "\(summary.sessions) sessions from seed \(summary.seed)\(summary.assumptionsVaried ? ", assumptions drawn within their ranges" : "")")
        page.append(
            "How the talks end",
            html: HTMLPage.table(
                header: ["outcome", "sessions", "probability", "95% interval"],
                rows: [
                    ("agreement", summary.agreement), ("breakdown", summary.breakdown), ("deadline", summary.deadlineReached),
                    ("walk-away", summary.walkAway), ("failure", summary.failure),
                ].map { name, share in
                    [name, String(share.count), Self.percent(share.probability), "\(Self.percent(share.low))–\(Self.percent(share.high))"]
                }, numeric: [1, 2]))
        if !summary.agreementsByRound.isEmpty {
            page.append(
                "Agreements by round",
                html: HTMLPage.table(
                    header: ["round", "agreements", "agreed by then"],
                    rows: roundRows, numeric: [0, 1, 2]))
        }
        page.append(
            "What each party gets",
            html: HTMLPage.table(
                header: ["party", "p25", "median", "p75", "median if agreed"],
                rows: utilityRows, numeric: [1, 2, 3, 4]))
        if summary.agreement.count > 0 {
            page.append(
                forecast.isEmpty ? "What the deals hold" : "What the deals hold, beside the stakeholder forecast",
                html: HTMLPage.table(
                    header: ["issue", "agreed (most often first)"]
                        + (forecast.isEmpty ? [] : ["stakeholder forecast (expected utility; compromise)"]),
                    rows: dealRows))
        }
        if let sensitivity {
            page.append(
                "What the chance of a deal hinges on",
                html: TornadoChart(title: "Chance of agreement, one assumption at a time", sensitivity: sensitivity).svg)
        }
        return page.rendered
    }
}
