import Parley
import ParleySupport

/// The `talks:` section of a scenario file: protocol, deadline, hazard, calendar and agenda.
enum TalksSection {
    static func read(_ node: YAMLTree, issues: [Issue], parties: [String]) throws(FormatError) -> Talks {
        _ = try node.mapping(allowing: ["protocol", "rounds", "hazard", "schedule", "agenda", "negotiators", "mediator"])
        var talks = Talks()
        let issueIndex = Dictionary(uniqueKeysWithValues: issues.enumerated().map { ($1.name, $0) })
        func issueList(_ node: YAMLTree) throws(FormatError) -> [Int] {
            try node.sequence().map { item throws(FormatError) in
                let name = try item.string()
                guard let index = issueIndex[name] else { throw item.fail("unknown issue '\(name)'") }
                return index
            }
        }
        func protocolKind(_ node: YAMLTree) throws(FormatError) -> ProtocolKind {
            let text = try node.string()
            guard let kind = ProtocolKind(rawValue: text) else {
                throw node.fail("unknown protocol '\(text)' (known: \(ProtocolKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return kind
        }
        func positiveRounds(_ node: YAMLTree) throws(FormatError) -> Int {
            let rounds = try node.integer()
            guard rounds >= 1 else { throw node.fail("the deadline must be at least 1 round") }
            guard rounds <= Talks.roundLimit else { throw node.fail("a deadline of \(rounds) rounds; at most \(Talks.roundLimit)") }
            return rounds
        }
        if let value = try node.optional("protocol") { talks.protocolKind = try protocolKind(value) }
        if let value = try node.optional("rounds") { talks.rounds = try positiveRounds(value) }
        if let value = try node.optional("hazard") { talks.hazard = try readHazard(value) }
        if let value = try node.optional("schedule") {
            _ = try value.mapping(allowing: ["start", "sessions", "daysBetween", "venue"])
            let startNode = try value.required("start")
            guard let start = CivilDate(try startNode.string()) else { throw startNode.fail("write the date as YYYY-MM-DD") }
            talks.schedule = Schedule(
                start: start,
                sessions: try value.optional("sessions")?.sequence().map { item throws(FormatError) in try item.string() } ?? ["session"],
                daysBetween: try value.optional("daysBetween")?.integer() ?? 1, venue: try value.optional("venue")?.string() ?? "")
        }
        if let value = try node.optional("agenda") {
            _ = try value.mapping(allowing: ["mode", "tracks", "offTable", "statusQuo"])
            var agenda = Agenda()
            if let mode = try value.optional("mode") {
                let text = try mode.string()
                guard let parsed = Agenda.Mode(rawValue: text) else { throw mode.fail("the agenda mode is 'package' or 'sequential', not '\(text)'") }
                agenda.mode = parsed
            }
            agenda.tracks =
                try value.optional("tracks")?.sequence().map { track throws(FormatError) in
                    _ = try track.mapping(allowing: ["name", "issues", "protocol", "rounds", "venue"])
                    return Agenda.Track(
                        name: try track.required("name").string(), issues: try issueList(try track.required("issues")),
                        protocolKind: try track.optional("protocol").map { value throws(FormatError) in try protocolKind(value) },
                        rounds: try track.optional("rounds").map { value throws(FormatError) in try positiveRounds(value) },
                        venue: try track.optional("venue")?.string())
                } ?? []
            agenda.holds =
                try value.optional("offTable")?.sequence().map { hold throws(FormatError) in
                    _ = try hold.mapping(allowing: ["party", "issues", "admitAtRisk"])
                    let partyNode = try hold.required("party")
                    let name = try partyNode.string()
                    guard let party = parties.firstIndex(of: name) else { throw partyNode.fail("unknown party '\(name)'") }
                    let risk = try hold.optional("admitAtRisk")?.number()
                    if let risk, !(0...1).contains(risk) { throw try hold.required("admitAtRisk").fail("a risk is between 0 and 1") }
                    return Agenda.Hold(party: party, issues: try issueList(try hold.required("issues")), admitAtRisk: risk)
                } ?? []
            if let statusQuo = try value.optional("statusQuo") {
                for (name, option) in try statusQuo.mapping() {
                    guard let issue = issueIndex[name] else { throw option.fail("unknown issue '\(name)'") }
                    let label = try option.string()
                    guard let index = issues[issue].index(of: label) else { throw option.fail("issue '\(name)' has no option '\(label)'") }
                    agenda.statusQuo[issue] = index
                }
            }
            let tracked = agenda.tracks.flatMap(\.issues)
            if Set(tracked).count != tracked.count { throw value.fail("an issue appears in two tracks") }
            talks.agenda = agenda
        }
        if let value = try node.optional("negotiators") {
            for (name, strategy) in try value.mapping() {
                guard parties.contains(name) else { throw strategy.fail("unknown party '\(name)'") }
                talks.negotiators[name] = try strategy.string()
            }
        }
        talks.mediator = try node.optional("mediator")?.string()
        return talks
    }

    static func readHazard(_ node: YAMLTree) throws(FormatError) -> BreakdownHazard {
        let entries = try node.mapping(allowing: ["constant", "linear", "steps"])
        guard entries.count == 1, let (kind, value) = entries.first.map({ ($0.key, $0.value) }) else {
            throw node.fail("a hazard is one of {constant: p}, {linear: [start, end]} or {steps: [[round, p], ...]}")
        }
        func probability(_ node: YAMLTree) throws(FormatError) -> Double {
            let p = try node.number()
            guard (0...1).contains(p) else { throw node.fail("a probability is between 0 and 1, not \(formatNumber(p))") }
            return p
        }
        switch kind {
        case "constant":
            return .constant(try probability(value))
        case "linear":
            let ends = try value.sequence()
            guard ends.count == 2 else { throw value.fail("write a linear hazard as [start, end]") }
            return .linear(start: try probability(ends[0]), end: try probability(ends[1]))
        default:
            return .steps(
                try value.sequence().map { step throws(FormatError) in
                    let pair = try step.sequence()
                    guard pair.count == 2 else { throw step.fail("write a step as [from round, probability]") }
                    return .init(from: try pair[0].integer(), probability: try probability(pair[1]))
                })
        }
    }

    static func tree(_ talks: Talks, issues: [Issue], parties: [String]) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("protocol", .string(talks.protocolKind.rawValue)), ("rounds", .int(talks.rounds))]
        switch talks.hazard {
        case .none: break
        case .constant(let p): pairs.append(("hazard", .object([("constant", .number(p))])))
        case .linear(let start, let end): pairs.append(("hazard", .object([("linear", .numbers([start, end]))])))
        case .steps(let steps):
            pairs.append(("hazard", .object([("steps", .array(steps.map { .array([.int($0.from), .number($0.probability)]) }))])))
        }
        if let schedule = talks.schedule {
            pairs.append(
                (
                    "schedule",
                    .object([
                        ("start", .string(schedule.start.description)), ("sessions", .array(schedule.sessions.map(JSONValue.string))),
                        ("daysBetween", .int(schedule.daysBetween)), ("venue", .string(schedule.venue)),
                    ])
                ))
        }
        let agenda = talks.agenda
        if agenda != Agenda() {
            var entries: [(String, JSONValue)] = [("mode", .string(agenda.mode.rawValue))]
            let names = { (list: [Int]) in JSONValue.array(list.map { .string(issues[$0].name) }) }
            if !agenda.tracks.isEmpty {
                entries.append(
                    (
                        "tracks",
                        .array(
                            agenda.tracks.map { track in
                                var fields: [(String, JSONValue)] = [("name", .string(track.name)), ("issues", names(track.issues))]
                                if let kind = track.protocolKind { fields.append(("protocol", .string(kind.rawValue))) }
                                if let rounds = track.rounds { fields.append(("rounds", .int(rounds))) }
                                if let venue = track.venue { fields.append(("venue", .string(venue))) }
                                return .object(fields)
                            })
                    ))
            }
            if !agenda.holds.isEmpty {
                entries.append(
                    (
                        "offTable",
                        .array(
                            agenda.holds.map { hold in
                                var fields: [(String, JSONValue)] = [("party", .string(parties[hold.party])), ("issues", names(hold.issues))]
                                if let risk = hold.admitAtRisk { fields.append(("admitAtRisk", .number(risk))) }
                                return .object(fields)
                            })
                    ))
            }
            if !agenda.statusQuo.isEmpty {
                entries.append(
                    (
                        "statusQuo",
                        .object(agenda.statusQuo.keys.sorted().map { (issues[$0].name, .string(issues[$0].label(at: agenda.statusQuo[$0]!))) })
                    ))
            }
            pairs.append(("agenda", .object(entries)))
        }
        if !talks.negotiators.isEmpty {
            pairs.append(("negotiators", .object(parties.compactMap { name in talks.negotiators[name].map { (name, .string($0)) } })))
        }
        if let mediator = talks.mediator { pairs.append(("mediator", .string(mediator))) }
        return .object(pairs)
    }
}
