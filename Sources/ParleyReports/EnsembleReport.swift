import Foundation
import Parley
import ParleySupport

/// An ensemble of sessions as people and programs read it: a text summary and one JSON object.
/// The JSON holds no timings, so the same ensemble prints the same bytes.
public struct EnsembleReport: Sendable {
    /// The summary reported.
    public var summary: EnsembleSummary

    /// A report of `summary`.
    public init(summary: EnsembleSummary) {
        self.summary = summary
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
        return .object([
            ("scenario", .string(summary.scenario)),
            ("sessions", .int(summary.sessions)),
            ("seed", summary.seed < 1 << 53 ? .number(Double(summary.seed)) : .string(String(summary.seed))),
            ("deadline", .int(summary.deadline)),
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
        ])
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
            for row in summary.agreementsByRound where row.agreements > 0 {
                table.append([String(row.round), String(row.agreements), Self.percent(row.cumulativeProbability)])
            }
            lines.append(table.rendered)
        }
        lines.append("")
        var utilities = TextTable(header: ["party", "p25", "median", "p75", "median if agreed"], numeric: [1, 2, 3, 4])
        for (index, name) in summary.parties.enumerated() {
            let all = summary.utilities[index]
            utilities.append([
                name, ForecastReport.fixed(all.lower, 3), ForecastReport.fixed(all.median, 3), ForecastReport.fixed(all.upper, 3),
                ForecastReport.fixed(summary.agreementUtilities[index].median, 3),
            ])
        }
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
        return lines.joined(separator: "\n")
    }
}
