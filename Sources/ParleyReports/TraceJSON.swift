import Parley
import ParleySupport

extension Trace {
    /// The trace as JSON: every event (with outcomes as `{issue: option}`), then the result.
    /// Deterministic: the same trace always gives the same bytes.
    public func json(in scenario: Scenario, seed: UInt64, score: AgreementScore? = nil) -> JSONValue {
        let space = scenario.space
        func outcomeJSON(_ outcome: Outcome?) -> JSONValue {
            guard let outcome else { return .null }
            return .object(space.labels(of: outcome).map { ($0.issue, .string($0.option)) })
        }
        func issueNames(_ issues: [Int]) -> JSONValue { .array(issues.map { .string(scenario.issues[$0].name) }) }
        let eventList = events.map { event -> JSONValue in
            var pairs: [(String, JSONValue)] = [
                ("step", .int(event.step)), ("round", .int(event.round)), ("actor", .string(event.actor)), ("kind", .string(event.kind.rawValue)),
            ]
            if event.outcome != nil { pairs.append(("outcome", outcomeJSON(event.outcome))) }
            if !event.issues.isEmpty {
                let key = event.kind == .status ? "settled" : event.kind == .reject ? "objections" : "issues"
                pairs.append((key, issueNames(event.issues)))
            }
            if event.kind == .status { pairs.append(("open", issueNames(event.otherIssues))) }
            if let approve = event.approve { pairs.append(("approve", .bool(approve))) }
            if let value = event.value { pairs.append(("value", .number(value))) }
            if let note = event.note { pairs.append(("note", .string(note))) }
            pairs.append(("audience", .array(event.audience.map(JSONValue.string))))
            return .object(pairs)
        }
        var resultPairs: [(String, JSONValue)] = [
            ("reason", .string(result.reason.label)),
            ("agreement", outcomeJSON(result.agreement)),
            ("utilities", .numbers(result.utilities)),
        ]
        if scenario.discounts { resultPairs.append(("discounted", .numbers(result.discountedUtilities))) }
        resultPairs += [
            ("rounds", .int(result.rounds)),
            ("settled", issueNames(result.settledIssues)),
            ("open", issueNames(result.openIssues)),
        ]
        switch result.reason {
        case .walkAway(let who): resultPairs.append(("by", .string(who)))
        case .failure(let who, let message):
            resultPairs.append(("by", .string(who)))
            resultPairs.append(("message", .string(message)))
        default: break
        }
        if let score {
            resultPairs.append(("distanceToFrontier", .number(score.distanceToFrontier)))
            resultPairs.append(("distanceToNash", score.distanceToNash.map(JSONValue.number) ?? .null))
            resultPairs.append(("welfare", .number(score.welfare)))
        }
        return .object([
            ("scenario", .string(scenario.name)),
            // JSON numbers are exact to 2^53; larger seeds are written as text.
            ("seed", seed < 1 << 53 ? .number(Double(seed)) : .string(String(seed))),
            ("parties", .array(scenario.parties.map { .string($0.name) })),
            ("events", .array(eventList)),
            ("result", .object(resultPairs)),
        ])
    }
}
