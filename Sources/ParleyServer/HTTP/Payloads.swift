import Foundation
import HTTPTypes
import Parley

/// The request to create a negotiation. Exactly one scenario source: `scenario` (a bundled
/// name), `scenarioText` (Parley YAML or JSON) or `genius` (XML files by name).
struct CreateRequest: Decodable, Sendable {
    struct Genius: Decodable, Sendable {
        var files: [String: String]
        var realStep: Double?
    }
    var scenario: String?
    var scenarioText: String?
    var genius: Genius?
    /// alternating-offers, single-text or indirect; default: the scenario's.
    var `protocol`: String?
    var rounds: Int?
    var seed: UInt64?
    /// Strategy per role name (a party or the mediator): a built-in name or "remote".
    var roles: [String: String]?
    /// Seconds a remote role may take to answer (default: the server's).
    var answerTimeout: Double?
}

struct RoleView: Encodable, Sendable {
    var role: String
    var kind: String
    var strategy: String?
    var token: String?
    var page: String?
}

struct CreateResponse: Encodable, Sendable {
    var id: String
    var scenario: String
    var `protocol`: String
    var roles: [RoleView]
}

/// An action of a remote role. Outcomes are objects from issue name to option label.
struct ActionRequest: Decodable, Sendable {
    var action: String
    var outcome: [String: String]?
    /// The counter-proposal of a rejection (the same as `outcome`).
    var counter: [String: String]?
    var objections: [String]?
    var approve: Bool?
}

/// Outcomes and issues by name, as clients read and write them.
struct Labels: Sendable {
    let scenario: Scenario

    func outcome(_ outcome: Outcome?) -> [String: String]? {
        guard let outcome else { return nil }
        var result: [String: String] = [:]
        for (issue, option) in outcome.options.enumerated() where scenario.issues.indices.contains(issue) {
            result[scenario.issues[issue].name] = scenario.issues[issue].label(at: option)
        }
        return result
    }

    func issues(_ issues: [Int]) -> [String] { issues.filter { scenario.issues.indices.contains($0) }.map { scenario.issues[$0].name } }

    func parse(_ labels: [String: String], field: String) throws(APIError) -> [Int] {
        var options = [Int](repeating: -1, count: scenario.issues.count)
        for (name, label) in labels {
            guard let issue = scenario.issues.firstIndex(where: { $0.name == name }) else {
                throw APIError(
                    .unprocessableContent, "\(field): unknown issue '\(name)' (issues: \(scenario.issues.map(\.name).joined(separator: ", ")))")
            }
            guard let option = scenario.issues[issue].index(of: label) else {
                throw APIError(
                    .unprocessableContent,
                    "\(field): '\(label)' is not an option of '\(name)' (options: \(scenario.issues[issue].labels.joined(separator: ", ")))")
            }
            options[issue] = option
        }
        if let missing = options.firstIndex(of: -1) {
            throw APIError(
                .unprocessableContent, "\(field): issue '\(scenario.issues[missing].name)' is missing; an outcome names an option for every issue")
        }
        return options
    }

    func answer(_ request: ActionRequest) throws(APIError) -> Answer {
        guard let action = Answer.Action(rawValue: request.action), action != .timeout else {
            throw APIError(.unprocessableContent, "unknown action '\(request.action)' (actions: offer, accept, end, reject, vote, text)")
        }
        let labels = request.outcome ?? request.counter
        let outcome = try labels.map { labels throws(APIError) in try parse(labels, field: request.counter != nil ? "counter" : "outcome") }
        var objections: [Int]?
        if let names = request.objections {
            guard names.count <= scenario.issues.count else { throw APIError(.unprocessableContent, "objections: more objections than issues") }
            objections = try names.map { name throws(APIError) in
                guard let issue = scenario.issues.firstIndex(where: { $0.name == name }) else {
                    throw APIError(
                        .unprocessableContent, "objections: unknown issue '\(name)' (issues: \(scenario.issues.map(\.name).joined(separator: ", ")))")
                }
                return issue
            }
        }
        if action == .reject, objections == nil {
            throw APIError(.unprocessableContent, "'reject' needs 'objections': the issues objected to, by name")
        }
        return Answer(action: action, outcome: outcome, objections: objections, approve: request.approve)
    }
}

struct EventView: Encodable, Sendable {
    var cursor: Int
    var step: Int
    var round: Int
    var actor: String
    var kind: String
    var outcome: [String: String]?
    var issues: [String]?
    var objections: [String]?
    var settled: [String]?
    var open: [String]?
    var approve: Bool?
    var value: Double?
    var note: String?
    var audience: [String]

    init(_ event: TraceEvent, cursor: Int, labels: Labels) {
        self.cursor = cursor
        step = event.step
        round = event.round
        actor = event.actor
        kind = event.kind.rawValue
        outcome = labels.outcome(event.outcome)
        switch event.kind {
        case .status:
            settled = labels.issues(event.issues)
            self.open = labels.issues(event.otherIssues)
        case .reject: objections = labels.issues(event.issues)
        default: issues = event.issues.isEmpty ? nil : labels.issues(event.issues)
        }
        approve = event.approve
        value = event.value
        note = event.note
        audience = event.audience
    }
}

struct EventsResponse: Encodable, Sendable {
    var events: [EventView]
    /// The cursor to ask from next time.
    var cursor: Int
    var finished: Bool
}

struct QuestionView: Encodable, Sendable {
    var sequence: Int
    var kind: String
    var actions: [String]
    var round: Int?
    var time: Double?
    var text: [String: String]?
    var proposal: [String: String]?
    var offeredBy: String?
    var issue: String?
    var breakdownRisk: Double?
    var fixed: [String: String]

    init(_ question: Question, scenario: Scenario, labels: Labels) {
        sequence = question.sequence
        kind = question.kind.rawValue
        actions = question.kind.actions.map(\.rawValue)
        round = question.round
        time = question.time
        text = labels.outcome(question.text)
        proposal = labels.outcome(question.proposal)
        offeredBy = question.offeredBy.map { scenario.parties[$0].name }
        issue = question.issue.map { scenario.issues[$0].name }
        breakdownRisk = question.breakdownRisk
        var fixed: [String: String] = [:]
        for (issue, option) in question.fixed { fixed[scenario.issues[issue].name] = scenario.issues[issue].label(at: option) }
        self.fixed = fixed
    }
}

struct ResultView: Encodable, Sendable {
    var reason: String
    var agreement: [String: String]?
    var rounds: Int
    var settled: [String]
    var open: [String]
    /// The role's own utility (parties); every party's for the observer.
    var utility: Double?
    var utilities: [String: Double]?
    /// The same with discounts applied, when some party discounts.
    var discountedUtility: Double?
    var discountedUtilities: [String: Double]?
    var by: String?
    var message: String?
}

struct StateView: Encodable, Sendable {
    var negotiation: String
    var role: String
    /// running, your-turn or finished.
    var status: String
    var round: Int
    var question: QuestionView?
    /// Who the session waits for (observer only).
    var waitingFor: String?
    /// The last text or offer this role was shown.
    var text: [String: String]?
    var textFrom: String?
    var settled: [String]
    var open: [String]
    /// The number of events this role can see: the cursor of the next one.
    var events: Int
    var result: ResultView?
}

struct IssueView: Encodable, Sendable {
    var name: String
    var options: [String]
}

struct SummaryView: Encodable, Sendable {
    var id: String
    var scenario: String
    var summary: String
    var `protocol`: String
    var rounds: Int
    var issues: [IssueView]
    var parties: [String]
    var mediator: String?
    var role: RoleView
}

struct ProfileView: Encodable, Sendable {
    var party: String
    var reservationValue: Double
    var breakdownValue: Double
    /// Weight per issue (linear-additive profiles).
    var weights: [String: Double]?
    /// Value of each option per issue, in the issue's option order.
    var values: [String: [Double]]?
    /// The best and worst outcomes for the party, with their utilities.
    var best: [String: String]?
    var bestUtility: Double?
}
