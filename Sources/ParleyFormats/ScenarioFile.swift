import Foundation
import Parley
import ParleySupport
import Yams

/// Parley's own scenario format, in YAML or JSON (the same tree), version 1.
///
/// `docs/scenario-format.md` documents every field. Reading is strict: an unknown key, a
/// missing value, an option a party does not value or a negative weight is an error that
/// names the file, the line and the field.
public enum ScenarioFile {
    /// The format version this build reads and writes.
    public static let version = 1

    /// The file formats a scenario can be written in.
    public enum Syntax: String, Sendable, CaseIterable {
        /// YAML, from `.yaml` or `.yml` files.
        case yaml
        /// JSON, from `.json` files.
        case json

        /// The syntax a file name's extension names: `.json`, or `.yaml`/`.yml`; nil for any other.
        public init?(path: String) {
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "json": self = .json
            case "yaml", "yml": self = .yaml
            default: return nil
            }
        }
    }

    // MARK: Reading

    /// Reads a scenario file (YAML or JSON).
    public static func read(from path: String) throws(FormatError) -> Scenario {
        let bytes = try readBytes(path)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw FormatError(file: path, "is not UTF-8 text") }
        return try decode(text, file: path)
    }

    /// Reads a scenario from YAML or JSON text; `file` names it in errors.
    public static func decode(_ text: String, file: String = "<input>") throws(FormatError) -> Scenario {
        let root = try YAMLTree.parse(text, file: file)
        _ = try root.mapping(allowing: ["parley", "name", "summary", "issues", "parties", "mediator", "talks", "assumptions"])
        let version = try root.required("parley")
        guard try version.integer() == Self.version else {
            throw version.fail("this is format version \(try version.string()); this build reads version \(Self.version)")
        }
        let issuesNode = try root.required("issues")
        let issueNodes = try issuesNode.sequence()
        guard !issueNodes.isEmpty else { throw issuesNode.fail("a scenario needs at least one issue") }
        let issues = try issueNodes.map { node throws(FormatError) in try readIssue(node) }
        var names = Set<String>()
        for (issue, node) in zip(issues, issueNodes) where !names.insert(issue.name).inserted {
            throw node.fail("issue '\(issue.name)' is declared twice")
        }
        let partiesNode = try root.required("parties")
        let partyNodes = try partiesNode.sequence()
        guard !partyNodes.isEmpty else { throw partiesNode.fail("a scenario needs at least one party") }
        let parties = try partyNodes.map { node throws(FormatError) in try readParty(node, issues: issues) }
        let mediator = try root.optional("mediator").map { node throws(FormatError) in try readMediator(node) }
        let talks = try root.optional("talks").map { node throws(FormatError) in
            try TalksSection.read(node, issues: issues, parties: parties.map(\.name))
        }
        var scenario = Scenario(
            name: try root.required("name").string(), summary: try root.optional("summary")?.string() ?? "",
            issues: issues, parties: parties, mediator: mediator, talks: talks ?? Talks())
        do {
            try scenario.validate()
        } catch {
            // Point at the line the problem comes from.
            let node: YAMLTree =
                switch error.place {
                case .scenario: root
                case .parties: partiesNode
                case .issue(let position): issueNodes[position]
                case .party(let index, let key): (try? partyNodes[index].optional(key)) ?? partyNodes[index]
                }
            throw node.fail(error.message)
        }
        if let node = try root.optional("assumptions") {
            scenario.assumptions = try AssumptionsSection.read(node, scenario: scenario)
        }
        return scenario
    }

    private static func readIssue(_ node: YAMLTree) throws(FormatError) -> Issue {
        let entries = try node.mapping(allowing: ["name", "options", "integer", "real"])
        let name = try node.required("name").string()
        let kinds = entries.filter { ["options", "integer", "real"].contains($0.key) }
        guard kinds.count == 1, let kind = kinds.first else {
            throw node.fail("issue '\(name)' needs exactly one of 'options', 'integer' or 'real'")
        }
        switch kind.key {
        case "options":
            let labels = try kind.value.sequence().map { item throws(FormatError) in try item.string() }
            guard !labels.isEmpty else { throw kind.value.fail("issue '\(name)' has no options") }
            if let repeated = labels.enumerated().first(where: { labels.firstIndex(of: $0.element) != $0.offset }) {
                throw kind.value.fail("option '\(repeated.element)' of issue '\(name)' appears twice")
            }
            return Issue(name: name, options: labels)
        case "integer":
            let bounds = try kind.value.sequence()
            guard bounds.count == 2 else { throw kind.value.fail("write an integer range as [lowest, highest]") }
            let (lower, upper) = (try bounds[0].integer(), try bounds[1].integer())
            guard lower <= upper else { throw kind.value.fail("issue '\(name)' has an empty range \(lower)..\(upper)") }
            return try bounded(Issue(name: name, domain: .integer(lower: lower, upper: upper)), at: kind.value)
        default:
            _ = try kind.value.mapping(allowing: ["from", "to", "step"])
            let lower = try kind.value.required("from").number()
            let upper = try kind.value.required("to").number()
            let step = try kind.value.required("step").number()
            guard step > 0 else { throw kind.value.fail("the step must be > 0") }
            guard lower <= upper else { throw kind.value.fail("issue '\(name)' has an empty range") }
            return try bounded(Issue(name: name, domain: .real(lower: lower, upper: upper, step: step)), at: kind.value)
        }
    }

    /// The issue, unless it has more options than an issue may.
    private static func bounded(_ issue: Issue, at node: YAMLTree) throws(FormatError) -> Issue {
        if let problem = Issue.sizeProblem(of: issue.domain, name: issue.name) { throw node.fail(problem) }
        return issue
    }

    private static func readParty(_ node: YAMLTree, issues: [Issue]) throws(FormatError) -> Party {
        _ = try node.mapping(allowing: ["name", "reservation", "breakdown", "discount", "weights", "values", "constraints"])
        let name = try node.required("name").string()
        let reservation = try node.optional("reservation")?.number() ?? 0
        let breakdown = try node.optional("breakdown")?.number()
        // `discount: 0.9` per round, or `discount: {factor: 0.75, over: deadline}`.
        var discount: Double?
        var span = Profile.DiscountSpan.round
        if let node = try node.optional("discount") {
            var factor = node
            if node.isMapping {
                _ = try node.mapping(allowing: ["factor", "over"])
                factor = try node.required("factor")
                if let over = try node.optional("over") {
                    let name = try over.string()
                    guard let value = Profile.DiscountSpan(rawValue: name) else {
                        throw over.fail("a discount is over 'round' or 'deadline', not '\(name)'")
                    }
                    span = value
                }
            }
            let value = try factor.number()
            guard (0...1).contains(value) else { throw factor.fail("the discount factor must be in [0, 1], not \(formatNumber(value))") }
            discount = value
        }
        let positions = Dictionary(uniqueKeysWithValues: issues.enumerated().map { ($1.name, $0) })

        var weights = [Double](repeating: 0, count: issues.count)
        var valuations = [Valuation](repeating: .table([]), count: issues.count)
        if let weightsNode = try node.optional("weights") {
            for (issueName, value) in try weightsNode.mapping() {
                guard let position = positions[issueName] else { throw value.fail("unknown issue '\(issueName)'") }
                let weight = try value.number()
                guard weight >= 0 else { throw value.fail("weight \(formatNumber(weight)) is negative; weights must be >= 0") }
                weights[position] = weight
            }
            let valuesNode = try node.required("values")
            var valued = Set<Int>()
            for (issueName, value) in try valuesNode.mapping() {
                guard let position = positions[issueName] else { throw value.fail("unknown issue '\(issueName)'") }
                valuations[position] = try readValuation(value, issue: issues[position])
                valued.insert(position)
            }
            for (position, issue) in issues.enumerated() where weights[position] > 0 && !valued.contains(position) {
                throw valuesNode.fail("issue '\(issue.name)' has weight \(formatNumber(weights[position])) but no values")
            }
        } else if try node.optional("values") != nil {
            throw node.fail("party '\(name)' gives values but no weights")
        }

        var constraints = [HyperRectangle]()
        var scale = 1.0
        if let constraintsNode = try node.optional("constraints") {
            _ = try constraintsNode.mapping(allowing: ["scale", "boxes"])
            scale = try constraintsNode.optional("scale")?.number() ?? 1
            guard scale > 0 else { throw try constraintsNode.required("scale").fail("the scale must be > 0") }
            constraints = try constraintsNode.required("boxes").sequence().map { box throws(FormatError) in
                try readBox(box, issues: issues, positions: positions)
            }
        }
        if try node.optional("weights") == nil && constraints.isEmpty {
            throw node.fail("party '\(name)' has neither weights and values nor constraints")
        }
        return Party(
            name: name,
            profile: Profile(
                utility: UtilityFunction(weights: weights, valuations: valuations, constraints: constraints, constraintScale: scale),
                reservationValue: reservation, breakdownValue: breakdown, discountFactor: discount, discountSpan: span))
    }

    private static func readValuation(_ node: YAMLTree, issue: Issue) throws(FormatError) -> Valuation {
        let entries = try node.mapping()
        let keys = Set(entries.map(\.key))
        if keys.contains("slope") || keys.contains("offset") {
            guard case .discrete = issue.domain else {
                _ = try node.mapping(allowing: ["slope", "offset"])
                return .linear(slope: try node.optional("slope")?.number() ?? 0, offset: try node.optional("offset")?.number() ?? 0)
            }
            throw node.fail("'slope' and 'offset' apply to integer and real issues; '\(issue.name)' has named options")
        }
        var values = [Double?](repeating: nil, count: issue.count)
        for (label, value) in entries {
            guard let index = issue.index(of: label) else {
                throw value.fail("issue '\(issue.name)' has no option '\(label)'")
            }
            values[index] = try value.number()
        }
        if let missing = values.firstIndex(where: { $0 == nil }) {
            throw node.fail("option '\(issue.label(at: missing))' of issue '\(issue.name)' has no value")
        }
        return .table(values.map { $0! })
    }

    private static func readBox(_ node: YAMLTree, issues: [Issue], positions: [String: Int]) throws(FormatError) -> HyperRectangle {
        _ = try node.mapping(allowing: ["utility", "inside", "outside"])
        let inside = try node.optional("inside")
        let outside = try node.optional("outside")
        guard (inside == nil) != (outside == nil), let region = inside ?? outside else {
            throw node.fail("a box needs exactly one of 'inside' or 'outside'")
        }
        let bounds = try region.mapping().map { entry throws(FormatError) -> HyperRectangle.Bound in
            guard let position = positions[entry.key] else { throw entry.value.fail("unknown issue '\(entry.key)'") }
            let ends = try entry.value.sequence()
            guard ends.count == 2 else { throw entry.value.fail("write a bound as [first option, last option]") }
            let labels = try ends.map { end throws(FormatError) in try end.string() }
            guard let low = issues[position].index(of: labels[0]), let high = issues[position].index(of: labels[1]), low <= high else {
                throw entry.value.fail("[\(labels[0]), \(labels[1])] is not a range of options of issue '\(entry.key)'")
            }
            return .init(issue: position, options: low...high)
        }
        return HyperRectangle(utility: try node.required("utility").number(), bounds: bounds, isExclusive: outside != nil)
    }

    private static func readMediator(_ node: YAMLTree) throws(FormatError) -> Mediation {
        _ = try node.mapping(allowing: ["name", "knows"])
        let knowledge = try node.optional("knows").map { value throws(FormatError) in
            let text = try value.string()
            guard let knowledge = Mediation.Knowledge(rawValue: text) else {
                throw value.fail("'\(text)' is not one of: \(Mediation.Knowledge.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return knowledge
        }
        return Mediation(name: try node.required("name").string(), knowledge: knowledge ?? .declared)
    }

    // MARK: Writing

    /// The scenario as a tree, ready to print as JSON or YAML.
    public static func tree(of scenario: Scenario) -> JSONValue {
        var root: [(String, JSONValue)] = [("parley", .int(version)), ("name", .string(scenario.name))]
        if !scenario.summary.isEmpty { root.append(("summary", .string(scenario.summary))) }
        root.append(("issues", .array(scenario.issues.map(issueTree))))
        root.append(("parties", .array(scenario.parties.map { partyTree($0, issues: scenario.issues) })))
        if let mediator = scenario.mediator {
            root.append(("mediator", .object([("name", .string(mediator.name)), ("knows", .string(mediator.knowledge.rawValue))])))
        }
        if scenario.talks != Talks() {
            root.append(("talks", TalksSection.tree(scenario.talks, issues: scenario.issues, parties: scenario.parties.map(\.name))))
        }
        if !scenario.assumptions.isEmpty { root.append(("assumptions", AssumptionsSection.tree(scenario.assumptions, of: scenario))) }
        return .object(root)
    }

    /// The scenario as text in `syntax`.
    public static func encode(_ scenario: Scenario, as syntax: Syntax) -> String {
        let tree = tree(of: scenario)
        switch syntax {
        case .json:
            return tree.pretty + "\n"
        case .yaml:
            // Serialising a tree of plain scalars cannot fail; the fallback keeps the type honest.
            return (try? Yams.serialize(node: tree.yamlNode, width: -1, allowUnicode: true, sortKeys: false)) ?? tree.pretty
        }
    }

    /// Writes the scenario to `path` (`.yaml`/`.yml` or `.json`), atomically.
    public static func write(_ scenario: Scenario, to path: String) throws(FormatError) {
        guard let syntax = Syntax(path: path) else {
            throw FormatError(file: path, "is neither .yaml, .yml nor .json: name the file for the syntax to write")
        }
        do {
            try encode(scenario, as: syntax).write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw FormatError(file: path, "cannot be written: \(error.localizedDescription)")
        }
    }

    private static func issueTree(_ issue: Issue) -> JSONValue {
        switch issue.domain {
        case .discrete(let labels):
            .object([("name", .string(issue.name)), ("options", .array(labels.map(JSONValue.string)))])
        case .integer(let lower, let upper):
            .object([("name", .string(issue.name)), ("integer", .array([.int(lower), .int(upper)]))])
        case .real(let lower, let upper, let step):
            .object([
                ("name", .string(issue.name)),
                ("real", .object([("from", .number(lower)), ("to", .number(upper)), ("step", .number(step))])),
            ])
        }
    }

    private static func partyTree(_ party: Party, issues: [Issue]) -> JSONValue {
        let profile = party.profile
        let utility = profile.utility
        var pairs: [(String, JSONValue)] = [("name", .string(party.name)), ("reservation", .number(profile.reservationValue))]
        if profile.breakdownValue != profile.reservationValue { pairs.append(("breakdown", .number(profile.breakdownValue))) }
        if let discount = profile.discountFactor {
            let value: JSONValue =
                profile.discountSpan == .round
                ? .number(discount) : .object([("factor", .number(discount)), ("over", .string(profile.discountSpan.rawValue))])
            pairs.append(("discount", value))
        }
        let weighted = issues.indices.filter { utility.weights[$0] != 0 || utility.valuations[$0] != .table([]) }
        if !weighted.isEmpty {
            pairs.append(("weights", .object(weighted.map { (issues[$0].name, .number(utility.weights[$0])) })))
            pairs.append(
                (
                    "values",
                    .object(
                        weighted.map { position in
                            switch utility.valuations[position] {
                            case .linear(let slope, let offset):
                                return (issues[position].name, .object([("slope", .number(slope)), ("offset", .number(offset))]))
                            case .table(let values):
                                return (issues[position].name, .object(zip(issues[position].labels, values).map { ($0, .number($1)) }))
                            }
                        })
                ))
        }
        if !utility.constraints.isEmpty {
            let boxes = utility.constraints.map { box -> JSONValue in
                let region = JSONValue.object(
                    box.bounds.map { bound in
                        let issue = issues[bound.issue]
                        return (
                            issue.name,
                            .array([.string(issue.label(at: bound.options.lowerBound)), .string(issue.label(at: bound.options.upperBound))])
                        )
                    })
                return .object([("utility", .number(box.utility)), (box.isExclusive ? "outside" : "inside", region)])
            }
            pairs.append(("constraints", .object([("scale", .number(utility.constraintScale)), ("boxes", .array(boxes))])))
        }
        return .object(pairs)
    }
}
