import Parley
import ParleySupport

/// A tournament's results by strategy: how often it agreed, what it earned, how efficient its
/// agreements were. A strategy is scored in every role it played.
public struct TournamentSummary: Sendable {
    /// One strategy's line.
    public struct Line: Hashable, Sendable {
        /// The strategy's name.
        public var strategy: String
        /// Sessions it took part in (once per role it played).
        public var sessions: Int
        /// The share of its sessions that ended in agreement, in [0, 1].
        public var agreementRate: Double
        /// Its mean utility, undiscounted.
        public var meanUtility: Double
        /// Mean utility with each party's discount applied.
        public var meanDiscountedUtility: Double
        /// Mean utility minus reservation value.
        public var meanGain: Double
        /// Mean distance of its agreements to the Pareto frontier.
        public var meanDistanceToFrontier: Double?
        /// The mean number of rounds its sessions took.
        public var meanRounds: Double
    }

    /// One line per strategy, by falling mean utility (ties by name).
    public var lines: [Line]
    /// The number of sessions summarised.
    public var sessions: Int

    /// Summarises stored sessions, each once per party.
    public init(rows: [TournamentStore.Row]) {
        var byStrategy = [String: [(utility: Double, discounted: Double, gain: Double, agreed: Bool, distance: Double?, rounds: Int)]]()
        for row in rows {
            for (party, strategy) in row.strategies.enumerated() where party < row.utilities.count {
                byStrategy[strategy, default: []].append(
                    (
                        row.utilities[party], party < row.discounted.count ? row.discounted[party] : row.utilities[party],
                        row.utilities[party] - (party < row.reservations.count ? row.reservations[party] : 0),
                        row.reason == "agreement",
                        row.distanceToFrontier, row.rounds
                    ))
            }
        }
        sessions = rows.count
        lines = byStrategy.map { strategy, plays in
            let count = Double(plays.count)
            let distances = plays.compactMap(\.distance)
            return Line(
                strategy: strategy, sessions: plays.count, agreementRate: Double(plays.filter(\.agreed).count) / count,
                meanUtility: plays.map(\.utility).reduce(0, +) / count, meanDiscountedUtility: plays.map(\.discounted).reduce(0, +) / count,
                meanGain: plays.map(\.gain).reduce(0, +) / count,
                meanDistanceToFrontier: distances.isEmpty ? nil : distances.reduce(0, +) / Double(distances.count),
                meanRounds: Double(plays.map(\.rounds).reduce(0, +)) / count)
        }.sorted { ($0.meanUtility, $1.strategy) > ($1.meanUtility, $0.strategy) }
    }

    /// Whether any party discounted: then the table shows discounted utilities too.
    public var discounts: Bool { lines.contains { $0.meanDiscountedUtility != $0.meanUtility } }

    /// The table's header and rows as text, one row per strategy; every column after the
    /// first is a number.
    public var cells: (header: [String], rows: [[String]]) {
        let header =
            ["strategy", "plays", "agreements", "mean utility"] + (discounts ? ["discounted"] : [])
            + ["mean gain", "distance to frontier", "mean rounds"]
        let rows = lines.map { line in
            [line.strategy, String(line.sessions), formatUtility(line.agreementRate * 100).dropLast(2) + "%", formatUtility(line.meanUtility)]
                + (discounts ? [formatUtility(line.meanDiscountedUtility)] : [])
                + [formatUtility(line.meanGain), line.meanDistanceToFrontier.map(formatUtility) ?? "—", formatUtility(line.meanRounds)]
        }
        return (header, rows)
    }

    /// The summary as a text table.
    public var table: String {
        let (header, rows) = cells
        var table = TextTable(header: header, numeric: Set(1..<header.count))
        for row in rows { table.append(row) }
        return table.rendered
    }

    /// The summary as JSON: `sessions`, and `strategies` with one object per line.
    public var json: JSONValue {
        .object([
            ("sessions", .int(sessions)),
            (
                "strategies",
                .array(
                    lines.map { line in
                        .object([
                            ("strategy", .string(line.strategy)), ("plays", .int(line.sessions)), ("agreementRate", .number(line.agreementRate)),
                            ("meanUtility", .number(line.meanUtility)), ("meanDiscountedUtility", .number(line.meanDiscountedUtility)),
                            ("meanGain", .number(line.meanGain)),
                            ("meanDistanceToFrontier", line.meanDistanceToFrontier.map(JSONValue.number) ?? .null),
                            ("meanRounds", .number(line.meanRounds)),
                        ])
                    })
            ),
        ])
    }
}
