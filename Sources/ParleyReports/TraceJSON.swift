import Parley
import ParleySupport

extension Trace {
    /// The trace as JSON: every event (with outcomes as `{issue: option}`), then the result.
    /// Deterministic: the same trace always gives the same bytes.
    public func json(in scenario: Scenario, seed: UInt64, score: AgreementScore? = nil) -> JSONValue {
        let writer = TraceJSONWriter(scenario: scenario)
        return .object(
            header(in: scenario, seed: seed) + [
                ("events", .array(events.map(writer.event))), ("result", writer.result(result, score: score)),
            ])
    }

    /// Writes `json(in:seed:score:).pretty` and a newline, in pieces of about 64 kB, building
    /// one event's JSON at a time: a million-round trace is printed in the memory of one event.
    public func writeJSON(in scenario: Scenario, seed: UInt64, score: AgreementScore? = nil, to write: (String) -> Void) {
        let writer = TraceJSONWriter(scenario: scenario)
        var out = "{"
        for (key, value) in header(in: scenario, seed: seed) {
            out += "\n  "
            value.writePretty(key: key, into: &out, level: 1)
            out += ","
        }
        out += "\n  \"events\": ["
        for position in events.indices {
            out += position == 0 ? "\n    " : ",\n    "
            writer.event(events[position]).writePretty(into: &out, level: 2)
            if out.utf8.count >= 1 << 16 {
                write(out)
                out = ""
            }
        }
        out += events.isEmpty ? "]," : "\n  ],"
        out += "\n  "
        writer.result(result, score: score).writePretty(key: "result", into: &out, level: 1)
        out += "\n}\n"
        write(out)
    }

    private func header(in scenario: Scenario, seed: UInt64) -> [(String, JSONValue)] {
        [
            ("scenario", .string(scenario.name)),
            // JSON numbers are exact to 2^53; larger seeds are written as text.
            ("seed", seed < 1 << 53 ? .number(Double(seed)) : .string(String(seed))),
            ("parties", .array(scenario.parties.map { .string($0.name) })),
        ]
    }
}

/// The JSON of one event and of a result, in a scenario's names.
private struct TraceJSONWriter {
    let scenario: Scenario

    func outcome(_ outcome: Outcome?) -> JSONValue {
        guard let outcome else { return .null }
        return .object(scenario.space.labels(of: outcome).map { ($0.issue, .string($0.option)) })
    }

    func issueNames(_ issues: [Int]) -> JSONValue { .array(issues.map { .string(scenario.issues[$0].name) }) }

    func event(_ event: TraceEvent) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("step", .int(event.step)), ("round", .int(event.round)), ("actor", .string(event.actor)), ("kind", .string(event.kind.rawValue)),
        ]
        if event.outcome != nil { pairs.append(("outcome", outcome(event.outcome))) }
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

    func result(_ result: SessionResult, score: AgreementScore?) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("reason", .string(result.reason.label)),
            ("agreement", outcome(result.agreement)),
            ("utilities", .numbers(result.utilities)),
        ]
        if scenario.discounts { pairs.append(("discounted", .numbers(result.discountedUtilities))) }
        pairs += [
            ("rounds", .int(result.rounds)),
            ("settled", issueNames(result.settledIssues)),
            ("open", issueNames(result.openIssues)),
        ]
        switch result.reason {
        case .walkAway(let who): pairs.append(("by", .string(who)))
        case .failure(let who, let message):
            pairs.append(("by", .string(who)))
            pairs.append(("message", .string(message)))
        default: break
        }
        if let score {
            pairs.append(("distanceToFrontier", .number(score.distanceToFrontier)))
            pairs.append(("distanceToNash", score.distanceToNash.map(JSONValue.number) ?? .null))
            pairs.append(("welfare", .number(score.welfare)))
        }
        return .object(pairs)
    }
}
