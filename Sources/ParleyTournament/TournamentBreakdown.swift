import Foundation
import ParleySupport

/// A tournament's results as ANAC reports give them: for each agent, against each opponent, on
/// each domain (and over all opponents and all domains), the mean, standard error and 95 %
/// interval of its utility, the welfare, the distances of agreements to the Pareto frontier and
/// to the Nash point, the agreement rate and the rounds. An agent is scored in every role it
/// played; its opponent is the other parties' strategies in party order, joined by `+`.
public struct TournamentBreakdown: Sendable {
    /// Every domain or every opponent, in a line's `domain` or `opponent`.
    public static let all = "all"

    /// One agent against one opponent on one domain (either may be `all`).
    public struct Line: Hashable, Sendable {
        /// The agent's strategy.
        public var agent: String
        /// The opponent's strategy (strategies), or `all`.
        public var opponent: String
        /// The scenario's entry name, or `all`.
        public var domain: String
        /// The agent's utility per session.
        public var utility: SampleStatistics
        /// The sum of all parties' utilities per session.
        public var welfare: SampleStatistics
        /// The distance of each agreement to the Pareto frontier.
        public var paretoDistance: SampleStatistics
        /// The distance of each agreement to the Nash point.
        public var nashDistance: SampleStatistics
        /// 1 for each session that ended in agreement, 0 otherwise: its mean is the agreement rate.
        public var agreement: SampleStatistics
        /// The rounds per session.
        public var rounds: SampleStatistics
    }

    /// Per agent: first its line over all opponents and domains, then per opponent (over all
    /// domains, then per domain); agents, opponents and domains sorted by name.
    public var lines: [Line]

    private struct Play {
        var agent: String
        var opponent: String
        var domain: String
        var utility: Double
        var welfare: Double
        var pareto: Double?
        var nash: Double?
        var agreed: Bool
        var rounds: Int
    }

    /// Breaks stored sessions down, each once per party, in the rows' order.
    public init(rows: [TournamentStore.Row]) {
        var plays = [Play]()
        for row in rows {
            for (party, agent) in row.strategies.enumerated() where party < row.utilities.count {
                let others = row.strategies.enumerated().filter { $0.offset != party }.map(\.element)
                plays.append(
                    Play(
                        agent: agent, opponent: others.joined(separator: "+"), domain: row.scenario, utility: row.utilities[party],
                        welfare: row.welfare, pareto: row.distanceToFrontier, nash: row.distanceToNash, agreed: row.reason == "agreement",
                        rounds: row.rounds))
            }
        }
        func line(_ agent: String, _ opponent: String, _ domain: String, _ chosen: [Play]) -> Line {
            Line(
                agent: agent, opponent: opponent, domain: domain, utility: SampleStatistics(chosen.map(\.utility)),
                welfare: SampleStatistics(chosen.map(\.welfare)), paretoDistance: SampleStatistics(chosen.compactMap(\.pareto)),
                nashDistance: SampleStatistics(chosen.compactMap(\.nash)), agreement: SampleStatistics(chosen.map { $0.agreed ? 1 : 0 }),
                rounds: SampleStatistics(chosen.map { Double($0.rounds) }))
        }
        var lines = [Line]()
        for agent in Set(plays.map(\.agent)).sorted() {
            let mine = plays.filter { $0.agent == agent }
            lines.append(line(agent, Self.all, Self.all, mine))
            for opponent in Set(mine.map(\.opponent)).sorted() {
                let against = mine.filter { $0.opponent == opponent }
                lines.append(line(agent, opponent, Self.all, against))
                for domain in Set(against.map(\.domain)).sorted() {
                    lines.append(line(agent, opponent, domain, against.filter { $0.domain == domain }))
                }
            }
        }
        self.lines = lines
    }

    /// The agents, sorted.
    public var agents: [String] { Set(lines.map(\.agent)).sorted() }

    /// The opponents met, sorted.
    public var opponents: [String] { Set(lines.map(\.opponent)).subtracting([Self.all]).sorted() }

    /// The line of `agent` against `opponent` over all domains, if they met.
    public func line(agent: String, opponent: String) -> Line? {
        lines.first { $0.agent == agent && $0.opponent == opponent && $0.domain == Self.all }
    }

    /// The breakdown as CSV (RFC 4180, a header line, then one line per `Line`): for each measure
    /// its count, mean, standard error and 95 % interval; empty fields where undefined.
    public var csv: String {
        let measures = ["utility", "welfare", "pareto_distance", "nash_distance", "agreement_rate", "rounds"]
        var header = ["agent", "opponent", "domain"]
        for measure in measures { header += ["\(measure)_n", "\(measure)_mean", "\(measure)_se", "\(measure)_low", "\(measure)_high"] }
        var text = header.joined(separator: ",") + "\r\n"
        func number(_ value: Double?) -> String { value.map { formatNumber($0) } ?? "" }
        for line in lines {
            var fields = [line.agent, line.opponent, line.domain].map(Self.csvField)
            for statistics in [line.utility, line.welfare, line.paretoDistance, line.nashDistance, line.agreement, line.rounds] {
                fields += [
                    String(statistics.count), number(statistics.mean), number(statistics.standardError), number(statistics.interval?.lowerBound),
                    number(statistics.interval?.upperBound),
                ]
            }
            text += fields.joined(separator: ",") + "\r\n"
        }
        return text
    }

    /// `text` as one CSV field: quoted, inner quotes doubled, when it holds a comma, a quote or
    /// a line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
