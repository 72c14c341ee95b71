import Foundation
import Parley
import ParleySupport
import Yams

/// NegMAS's scenario folders, as `negmas.inout.Scenario.dumpas` writes them in YAML or JSON and
/// `Scenario.load` reads them: an outcome-space file (`type: DiscreteCartesianOutcomeSpace`,
/// `issues`) and one utility-function file per party.
///
/// Issues are `CategoricalIssue`s (named values) or `ContiguousIssue`s (`values: [lowest,
/// highest]` integers). A `LinearAdditiveUtilityFunction` has `weights` (a list in issue
/// order) and `values`, one function per issue: `TableFun` (`mapping`), `AffineFun` (`slope`,
/// `bias`), `LinearFun` (`slope`), `IdentityFun`, `ConstFun` (`bias`), applied to the issue's
/// value itself, unclipped; `reserved_value` is the reservation value (`-inf` or none: 0). An
/// `ExpDiscountedUFun` multiplies its `ufun` by `discount` to the power of the step.
///
/// Written: the outcome space as `domain.yml` (or `.json`), each party as `N-name.yml` so that
/// NegMAS's sorted listing keeps the party order. A numeric issue's line is written as an
/// `AffineFun` whose bias carries the issue's lowest value (NegMAS applies it to the value, not
/// to the distance from the lowest). A per-round discount becomes an `ExpDiscountedUFun` over
/// steps, step `s` standing for round `s + 1`; a discount over the deadline of `R` rounds
/// becomes the per-step factor `d^(1/R)`. Not carried: breakdown values, the mediator, the
/// talks. Refused, naming party and issue: hyper-rectangles, real issues, a table of values for
/// an integer issue, a line that clipping to [0, 1] bends.
public enum NegMASFormat {
    /// The syntax of a NegMAS folder's files.
    public typealias Syntax = ScenarioFile.Syntax

    // MARK: Writing

    /// The folder's files in memory (the outcome space, then one utility function per party)
    /// and what they leave out.
    public static func export(_ scenario: Scenario, syntax: Syntax = .yaml) throws(FormatError) -> GeniusExporter.Export {
        let suffix = syntax == .json ? "json" : "yml"
        var issues = [JSONValue]()
        for issue in scenario.issues {
            switch issue.domain {
            case .discrete(let labels):
                issues.append(
                    .object([("name", .string(issue.name)), ("type", .string("CategoricalIssue")), ("values", .array(labels.map(JSONValue.string)))]))
            case .integer(let lower, let upper):
                issues.append(
                    .object([("name", .string(issue.name)), ("type", .string("ContiguousIssue")), ("values", .array([.int(lower), .int(upper)]))]))
            case .real:
                throw FormatError(
                    file: "domain.\(suffix)", "issue '\(issue.name)' is a real range on a grid, which a NegMAS outcome space would read as continuous"
                )
            }
        }
        let domain = JSONValue.object([
            ("issues", .array(issues)), ("name", .string(scenario.name)), ("type", .string("DiscreteCartesianOutcomeSpace")),
        ])
        var files = [(name: "domain.\(suffix)", text: encode(domain, syntax))]
        for (party, name) in zip(scenario.parties, ScenarioFolder.partyFileNames(scenario.parties, extension: suffix)) {
            files.append((name, encode(try ufunTree(party, in: scenario, file: name), syntax)))
        }
        return GeniusExporter.Export(files: files, omitted: ScenarioFolder.talksOmitted(scenario))
    }

    /// Writes the folder (created if missing); returns what was left out.
    @discardableResult
    public static func write(_ scenario: Scenario, to folder: String, syntax: Syntax = .yaml) throws(FormatError) -> [String] {
        let export = try export(scenario, syntax: syntax)
        try ScenarioFolder.write(export.files, to: folder, format: "NegMAS")
        return export.omitted
    }

    private static func encode(_ tree: JSONValue, _ syntax: Syntax) -> String {
        switch syntax {
        case .json: return tree.pretty + "\n"
        case .yaml: return (try? Yams.serialize(node: quotedNode(tree), width: -1, allowUnicode: true, sortKeys: false)) ?? tree.pretty
        }
    }

    /// The tree as YAML with every string double-quoted: NegMAS reads YAML 1.1, where plain
    /// `16_100`, `1:30` or `0x10` would be numbers.
    private static func quotedNode(_ tree: JSONValue) -> Node {
        switch tree {
        case .string(let value): Node(value, Tag(.str), .doubleQuoted)
        case .array(let values): Node(values.map(quotedNode), .implicit, .block)
        case .object(let pairs): Node(pairs.map { (Node($0.0, Tag(.str), .doubleQuoted), quotedNode($0.1)) }, .implicit, .block)
        default: tree.yamlNode
        }
    }

    static func ufunTree(_ party: Party, in scenario: Scenario, file: String) throws(FormatError) -> JSONValue {
        let profile = party.profile
        let utility = profile.utility
        func refuse(_ problem: String) -> FormatError { FormatError(file: file, "party '\(party.name)'\(problem)") }
        if !utility.constraints.isEmpty { throw refuse(" has hyper-rectangles, which this NegMAS export does not write") }
        var values = [JSONValue]()
        for (position, issue) in scenario.issues.enumerated() {
            func refuseIssue(_ problem: String) -> FormatError { refuse(", issue '\(issue.name)': \(problem)") }
            switch (issue.domain, utility.valuations[position]) {
            case (.discrete(let labels), .table(let table)):
                let table = table.isEmpty ? [Double](repeating: 0, count: labels.count) : table
                values.append(.object([("mapping", .object(zip(labels, table).map { ($0, .number($1)) })), ("type", .string("TableFun"))]))
            case (.integer(let lower, _), .linear(let slope, let offset)):
                guard ScenarioFolder.unclippedEnds(slope: slope, offset: offset, issue: issue) != nil else {
                    throw refuseIssue("the line leaves [0, 1] inside the range, where Parley clips it and NegMAS does not")
                }
                values.append(
                    .object([("bias", .number(offset - slope * Double(lower))), ("slope", .number(slope)), ("type", .string("AffineFun"))]))
            case (.integer, .table) where utility.weights[position] == 0:
                values.append(.object([("bias", .number(0)), ("type", .string("ConstFun"))]))
            case (.integer, .table):
                throw refuseIssue("a table of values for an integer issue, which this NegMAS export does not write")
            case (.discrete, .linear), (.real, _):
                throw refuseIssue("a linear valuation of named options")
            }
        }
        let linear = JSONValue.object([
            ("name", .string(party.name)), ("reserved_value", .number(profile.reservationValue)), ("type", .string("LinearAdditiveUtilityFunction")),
            ("values", .array(values)), ("weights", .numbers(utility.weights)),
        ])
        guard profile.discounts, let factor = profile.discountFactor else { return linear }
        let perStep = profile.discountSpan == .round ? factor : pow(factor, 1 / Double(max(1, scenario.talks.rounds)))
        return .object([
            ("discount", .number(perStep)), ("dynamic_reservation", .bool(false)), ("factor", .string("step")), ("name", .string(party.name)),
            ("reserved_value", .number(profile.reservationValue)), ("type", .string("ExpDiscountedUFun")), ("ufun", linear),
        ])
    }

    // MARK: Reading

    /// Reads the NegMAS folder: the outcome space is the file whose `type` names an outcome
    /// space; the utility functions are the files whose `type` names a function, in file-name
    /// order (NegMAS's); a party is named by its function's `name` (its file name without the
    /// extension when names are missing or repeat). Other files (`_info`, `_stats`) are skipped.
    public static func read(folder: String) throws(FormatError) -> Scenario {
        var domain: YAMLTree?
        var ufuns = [(file: String, tree: YAMLTree)]()
        for name in try ScenarioFolder.fileNames(in: folder) {
            let lowered = name.lowercased()
            guard [".yml", ".yaml", ".json"].contains(where: lowered.hasSuffix) else { continue }
            let path = (folder as NSString).appendingPathComponent(name)
            let tree = try YAMLTree.parse(try ScenarioFolder.readText(path), file: path)
            guard tree.isMapping, let type = try tree.optional("type")?.string() else { continue }
            if type.contains("OutcomeSpace") {
                if let first = domain { throw FormatError(file: folder, "two NegMAS outcome spaces: \(first.file) and \(path)") }
                domain = tree
            } else if type.lowercased().contains("fun") {
                ufuns.append((path, tree))
            }
        }
        guard let domain else { throw FormatError(file: folder, "no NegMAS outcome space (a file whose type names an OutcomeSpace)") }
        guard !ufuns.isEmpty else { throw FormatError(file: folder, "no NegMAS utility function (a file whose type names a UtilityFunction)") }
        let issues = try readIssues(domain)
        var parties = try ufuns.map { ufun throws(FormatError) in try readParty(ufun.tree, file: ufun.file, issues: issues) }
        if Set(parties.map(\.name)).count != parties.count {
            for index in parties.indices {
                parties[index].name = URL(fileURLWithPath: ufuns[index].file).deletingPathExtension().lastPathComponent
            }
        }
        let name = try domain.optional("name")?.string() ?? URL(fileURLWithPath: folder).lastPathComponent
        let scenario = Scenario(
            name: name, summary: "Imported from the NegMAS folder \(URL(fileURLWithPath: folder).lastPathComponent).", issues: issues,
            parties: parties)
        do {
            try scenario.validate()
        } catch {
            if case .party(let index, _) = error.place { throw FormatError(file: ufuns[index].file, error.message) }
            throw FormatError(file: folder, error.message)
        }
        return scenario
    }

    private static func readIssues(_ tree: YAMLTree) throws(FormatError) -> [Issue] {
        let list = try tree.required("issues")
        let nodes = try list.sequence()
        guard !nodes.isEmpty else { throw list.fail("the outcome space has no issues") }
        var names = Set<String>()
        return try nodes.map { node throws(FormatError) -> Issue in
            let name = try node.required("name").string()
            guard names.insert(name).inserted else { throw node.fail("issue '\(name)' is declared twice") }
            let type = try node.optional("type")?.string() ?? "CategoricalIssue"
            let values = try node.required("values")
            let domain: Issue.Domain
            switch type {
            case "ContiguousIssue", "negmas.outcomes.ContiguousIssue", "negmas.outcomes.contiguous_issue.ContiguousIssue":
                if values.isMapping { throw values.fail("expected [lowest, highest] or a count") }
                if let count = try? values.integer() {
                    guard count > 0 else { throw values.fail("issue '\(name)' has no values") }
                    domain = .integer(lower: 0, upper: count - 1)
                } else {
                    let bounds = try values.sequence()
                    guard bounds.count == 2 else { throw values.fail("write a contiguous issue's values as [lowest, highest]") }
                    let (lower, upper) = (try bounds[0].integer(), try bounds[1].integer())
                    guard lower <= upper else { throw values.fail("issue '\(name)' has an empty range \(lower)..\(upper)") }
                    domain = .integer(lower: lower, upper: upper)
                }
            case "CategoricalIssue", "DiscreteCategoricalIssue", "DiscreteOrdinalIssue", "OrdinalIssue":
                let labels = try values.sequence().map { item throws(FormatError) in try item.string() }
                guard !labels.isEmpty else { throw values.fail("issue '\(name)' has no values") }
                if let repeated = labels.enumerated().first(where: { labels.firstIndex(of: $0.element) != $0.offset }) {
                    throw values.fail("value '\(repeated.element)' of issue '\(name)' appears twice")
                }
                domain = .discrete(labels)
            default:
                throw node.fail("issue '\(name)' has the type '\(type)'; Parley reads CategoricalIssue and ContiguousIssue")
            }
            if let problem = Issue.sizeProblem(of: domain, name: name) { throw values.fail(problem) }
            return Issue(name: name, domain: domain)
        }
    }

    /// A reserved value: a number, or `-inf`/none, which mean no reservation (0).
    private static func reservedValue(_ tree: YAMLTree) throws(FormatError) -> Double {
        guard let node = try tree.optional("reserved_value") else { return 0 }
        let text = try node.string().trimmingCharacters(in: .whitespaces).lowercased()
        if ["-.inf", "-inf", "-infinity", "null", "~", ""].contains(text) { return 0 }
        return try node.number()
    }

    private static func readParty(_ tree: YAMLTree, file: String, issues: [Issue]) throws(FormatError) -> Party {
        let type = try tree.required("type").string()
        let name = try tree.optional("name")?.string() ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var discount: Double?
        var linear = tree
        if type.hasSuffix("ExpDiscountedUFun") {
            let factor = try tree.optional("factor")?.string() ?? "step"
            guard factor == "step" else { throw tree.fail("a discount over '\(factor)' is not supported (only over 'step')") }
            discount = try tree.optional("discount")?.number()
            linear = try tree.required("ufun")
        } else if !type.hasSuffix("LinearAdditiveUtilityFunction") {
            throw tree.fail("the utility function type '\(type)' is not supported (LinearAdditiveUtilityFunction, ExpDiscountedUFun)")
        }
        let innerType = try linear.required("type").string()
        guard innerType.hasSuffix("LinearAdditiveUtilityFunction") else {
            throw linear.fail("the utility function type '\(innerType)' is not supported (LinearAdditiveUtilityFunction)")
        }
        if let bias = try linear.optional("bias"), try bias.number() != 0 {
            throw bias.fail("a constant bias is not supported: Parley's utilities are weighted sums of issue values")
        }
        let valuesNode = try linear.required("values")
        let functions: [YAMLTree]
        if valuesNode.isMapping {
            let entries = try valuesNode.mapping()
            functions = try issues.map { issue throws(FormatError) in
                guard let entry = entries.first(where: { $0.key == issue.name }) else {
                    throw valuesNode.fail("issue '\(issue.name)' has no value function")
                }
                return entry.value
            }
        } else {
            functions = try valuesNode.sequence()
            guard functions.count == issues.count else { throw valuesNode.fail("\(functions.count) value functions for \(issues.count) issues") }
        }
        var weights = [Double](repeating: 1, count: issues.count)
        if let weightsNode = try linear.optional("weights"), (try? weightsNode.string()).map({ $0 != "null" && $0 != "~" }) ?? true {
            let list = try weightsNode.sequence()
            guard list.count == issues.count else { throw weightsNode.fail("\(list.count) weights for \(issues.count) issues") }
            weights = try list.map { node throws(FormatError) in
                let weight = try node.number()
                guard weight >= 0 else { throw node.fail("weight \(formatNumber(weight)) is negative") }
                return weight
            }
        }
        let valuations = try zip(functions, issues).map { pair throws(FormatError) in try readValuation(pair.0, issue: pair.1) }
        let reservation = try reservedValue(type.hasSuffix("ExpDiscountedUFun") ? tree : linear)
        return Party(
            name: name,
            profile: Profile(
                utility: UtilityFunction(weights: weights, valuations: valuations), reservationValue: reservation,
                discountFactor: discount.flatMap { $0 == 1 ? nil : $0 }))
    }

    private static func readValuation(_ node: YAMLTree, issue: Issue) throws(FormatError) -> Valuation {
        let type = try node.required("type").string()
        let kind = type.split(separator: ".").last.map(String.init) ?? type
        // The value each option gives, from the option's value.
        let values: [Double]
        switch kind {
        case "TableFun":
            let entries = try node.required("mapping").mapping()
            values = try issue.labels.map { label throws(FormatError) in
                guard let entry = entries.first(where: { $0.key == label }) else {
                    throw node.fail("the table of issue '\(issue.name)' has no value for '\(label)'")
                }
                return try entry.value.number()
            }
            if case .discrete = issue.domain { return .table(values) }
        case "AffineFun", "LinearFun", "IdentityFun", "ConstFun":
            let slope = kind == "IdentityFun" ? 1 : kind == "ConstFun" ? 0 : try node.optional("slope")?.number() ?? 1
            let bias = kind == "AffineFun" || kind == "ConstFun" ? try node.optional("bias")?.number() ?? 0 : 0
            guard case .integer = issue.domain else {
                if kind == "ConstFun" { return .table([Double](repeating: bias, count: issue.count)) }
                throw node.fail("a \(kind) needs a numeric issue; '\(issue.name)' has named values")
            }
            values = ScenarioFolder.numericValues(issue).map { slope * $0 + bias }
            let offset = bias + slope * issue.value(at: 0)
            if ScenarioFolder.unclippedEnds(slope: slope, offset: offset, issue: issue) != nil { return .linear(slope: slope, offset: offset) }
        default:
            throw node.fail(
                "the value function '\(type)' of issue '\(issue.name)' is not supported (TableFun, AffineFun, LinearFun, IdentityFun, ConstFun)")
        }
        // NegMAS does not clip: outside [0, 1] the values are kept as a table.
        return .table(values)
    }
}
