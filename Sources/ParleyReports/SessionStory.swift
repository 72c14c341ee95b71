import Parley
import ParleySupport

/// A session told as a story, for people: round by round (dated when the scenario has a
/// calendar), what was put on the table, who objected to what, which issues are settled and
/// which open, the risk of a breakdown, and how the result compares with the analysis.
public struct SessionStory: Sendable {
    /// The scenario the session ran: its parties, issues, labels and talks.
    public let scenario: Scenario
    /// The session's events and result; every event in it is told.
    public let trace: Trace
    /// The analysis of `scenario`, to compare the result with; nil leaves the comparison out.
    public let analysis: OutcomeAnalysis?
    /// Strategy names by party, and the mediator's, for the header.
    public let strategies: [String]
    /// The mediator's strategy name, when the scenario has a mediator.
    public let mediatorStrategy: String?
    /// The session's seed, reported so it can be replayed.
    public let seed: UInt64
    /// Rounds told in full at the start and at the end of a long session; the middle is summarised.
    public var roundsShown = 8

    /// The story of `trace`, a session of `scenario`; `strategies` are in the scenario's party order.
    public init(scenario: Scenario, trace: Trace, analysis: OutcomeAnalysis?, strategies: [String], mediatorStrategy: String?, seed: UInt64) {
        self.scenario = scenario
        self.trace = trace
        self.analysis = analysis
        self.strategies = strategies
        self.mediatorStrategy = mediatorStrategy
        self.seed = seed
    }

    func issueList(_ issues: [Int]) -> String {
        issues.isEmpty ? "none" : issues.map { scenario.issues[$0].name }.joined(separator: ", ")
    }

    func describe(_ outcome: Outcome, only issues: [Int]? = nil) -> String {
        (issues ?? Array(scenario.issues.indices)).map { "\(scenario.issues[$0].name) = \(scenario.issues[$0].label(at: outcome.options[$0]))" }
            .joined(separator: "; ")
    }

    func percent(_ value: Double) -> String { "\(formatUtility(value * 100).dropLast(2))%" }

    /// The story as plain text, lines joined with newlines: the header, the rounds (the first
    /// and last `roundsShown` of a longer session), and the result.
    public var text: String {
        let talks = scenario.talks
        var lines = [String]()
        let who = zip(scenario.parties.map(\.name), strategies).map { "\($0) (\($1))" }.joined(separator: ", ")
        let mediation = scenario.mediator.map { " through \($0.name)\(mediatorStrategy.map { " (\($0))" } ?? "")" } ?? ""
        lines.append("\(scenario.name)")
        lines.append("\(talks.protocolKind.rawValue) talks between \(who)\(mediation); deadline \(talks.rounds) rounds; seed \(seed)")
        let agenda = talks.agenda
        if !agenda.tracks.isEmpty {
            let tracks = agenda.tracks.map { track in
                "\(track.name)\(track.venue.map { " (\($0))" } ?? ""): \(issueList(track.issues))"
            }
            lines.append("Agenda (\(agenda.mode.rawValue)): " + tracks.joined(separator: " | "))
        }
        for hold in agenda.holds {
            let when = hold.admitAtRisk.map { "until the risk of a breakdown reaches \(percent($0))" } ?? "throughout"
            lines.append("\(scenario.parties[hold.party].name) keeps \(issueList(hold.issues)) off the table \(when).")
        }
        lines.append("")

        let rounds = trace.result.rounds
        let hidden: ClosedRange<Int>? = rounds > 2 * roundsShown ? (roundsShown + 1)...(rounds - roundsShown) : nil
        var previousText: Outcome?
        var cumulativeSurvival = 1.0
        let events = trace.events
        for position in events.indices {
            // Hidden rounds are read from the log's records, without building their events.
            if let hidden, case let round = events.round(at: position), hidden.contains(round) {
                guard events.kind(at: position) == .round else { continue }
                if round == hidden.lowerBound {
                    lines.append("  … rounds \(hidden.lowerBound)–\(hidden.upperBound) (\(hidden.count) rounds) in the JSON trace …")
                }
                if let risk = events.value(at: position) { cumulativeSurvival *= 1 - risk }
                continue
            }
            let event = events[position]
            let actor = event.actor
            switch event.kind {
            case .round:
                let risk = event.value ?? 0
                cumulativeSurvival *= 1 - risk
                let riskText = risk > 0 ? " — risk of a breakdown \(percent(risk)) (cumulative \(percent(1 - cumulativeSurvival)))" : ""
                lines.append("Round \(event.round)\(event.note.map { ", \($0)" } ?? "")\(riskText)")
            case .text:
                guard let outcome = event.outcome else { continue }
                let whom = event.note.map { $0.hasPrefix("meets ") ? " to \($0.dropFirst(6))" : " (\($0))" } ?? ""
                if let previous = previousText, previous != outcome {
                    let changed = scenario.issues.indices.filter { previous.options[$0] != outcome.options[$0] }
                    lines.append("  \(actor) puts a revised text\(whom): \(describe(outcome, only: changed))")
                } else if previousText == nil {
                    lines.append("  \(actor) puts a text\(whom): \(describe(outcome))")
                } else {
                    lines.append("  \(actor) puts the same text\(whom).")
                }
                previousText = outcome
            case .offer:
                guard let outcome = event.outcome else { continue }
                lines.append("  \(actor) offers: \(describe(outcome))")
            case .accept:
                lines.append("  \(actor) accepts.")
            case .reject:
                var line = "  \(actor) rejects it, objecting to \(issueList(event.issues))"
                if let counter = event.outcome, !event.issues.isEmpty {
                    line += "; proposes \(describe(counter, only: event.issues))"
                }
                lines.append(line + ".")
            case .vote:
                if event.note == "ratification" {
                    lines.append("  \(actor) \(event.approve == true ? "ratifies" : "refuses to ratify") the final text.")
                } else {
                    lines.append("  \(actor) votes \(event.approve == true ? "for" : "against").")
                }
            case .status:
                lines.append("  Settled: \(issueList(event.issues)). Open: \(issueList(event.otherIssues)).")
            case .agenda:
                lines.append("  \(actor) lets \(issueList(event.issues)) onto the agenda.")
            case .breakdown:
                lines.append("  The talks break down before the round (a \(percent(event.value ?? 0)) risk struck).")
            case .failure:
                lines.append("  Failure of \(actor): \(event.note ?? "")")
            case .end:
                if actor != "session" { lines.append("  \(actor) ends the negotiation.") }
            case .agreement, .deadline, .relay:
                break
            }
        }
        lines.append("")
        lines.append(contentsOf: resultLines)
        return lines.joined(separator: "\n")
    }

    var resultLines: [String] {
        let result = trace.result
        let names = scenario.parties.map(\.name)
        var lines = [String]()
        switch result.reason {
        case .agreement:
            lines.append("Result: agreement after \(result.rounds) rounds.")
            if let agreement = result.agreement {
                for issue in scenario.issues.indices {
                    lines.append("  \(scenario.issues[issue].name): \(scenario.issues[issue].label(at: agreement.options[issue]))")
                }
            }
        case .deadline:
            lines.append("Result: no agreement by the deadline (\(result.rounds) rounds); each side falls back on its reservation value.")
        case .walkAway(let who):
            lines.append("Result: \(who) ended the talks after \(result.rounds) rounds.")
        case .breakdown:
            lines.append("Result: the talks broke down in round \(result.rounds); each side gets its breakdown value.")
        case .failure(let who, let message):
            lines.append("Result: failure of \(who): \(message)")
        }
        if result.reason != .agreement {
            lines.append("  Settled when talks stopped: \(issueList(result.settledIssues)). Open: \(issueList(result.openIssues)).")
        }
        let payoff = zip(names, result.utilities).enumerated().map { index, pair in
            "\(pair.0) \(formatUtility(pair.1)) (reservation \(formatUtility(scenario.parties[index].profile.reservationValue)))"
        }
        lines.append("  Utilities: " + payoff.joined(separator: ", "))
        if result.reason == .agreement && scenario.discounts {
            let discounted = zip(names, result.discountedUtilities).enumerated().map { index, pair in
                let profile = scenario.parties[index].profile
                return "\(pair.0) \(formatUtility(pair.1))"
                    + (profile.discounts
                        ? " (\(formatNumber(profile.discountFactor!)) \(profile.discountSpan == .round ? "per round" : "over the deadline"))" : "")
            }
            lines.append("  Discounted for round \(result.rounds): " + discounted.joined(separator: ", "))
        }
        if let analysis {
            let score = AgreementScore(utilities: result.utilities, analysis: analysis)
            var comparison = "  Against the analysis: distance to the Pareto frontier \(formatUtility(score.distanceToFrontier))"
            if let nash = analysis.nash, let distance = score.distanceToNash {
                comparison += "; to the Nash point (\(nash.utilities.map(formatUtility).joined(separator: ", "))) \(formatUtility(distance))"
            }
            if let best = analysis.maxWelfare?.welfare {
                comparison += "; welfare \(formatUtility(score.welfare)) of a possible \(formatUtility(best))"
            }
            lines.append(comparison + ".")
        }
        return lines
    }
}
