import Foundation
import Parley
import ParleySupport

/// GeniusWeb's JSON scenario files: a domain (`{"name", "issuesValues"}`) and one
/// `LinearAdditiveUtilitySpace` profile per party.
///
/// An issue's values are a discrete set (`{"values": [...]}`) or a number range
/// (`{"range": {"low", "high", "step"}}`). A profile gives each issue a weight
/// (`issueWeights`, summing to 1) and utilities: `discreteutils` (`valueUtilities`, a utility
/// in [0, 1] per value; a value it does not list is worth 0) or `numberutils` (`lowValue`,
/// `lowUtility`, `highValue`, `highUtility`: linear in between, 0 outside). The reservation is
/// a bid (`reservationBid`), whose utility is the reservation value. The class names
/// `DiscreteValueSetUtilities` and `NumberValueSetUtilities` are read as well.
///
/// Written: the domain as `domain.json`, each party as `N-name.json` so that a sorted listing
/// (NegMAS's) keeps the party order. GeniusWeb holds no reservation value but a reservation
/// bid, no discount, breakdown value, mediator or talks: those are listed in `omitted`. What it
/// would read differently is refused naming the party and the issue: hyper-rectangles, a table
/// of values for a number issue, a linear valuation that clipping to [0, 1] bends, utilities
/// outside [0, 1], weights that do not sum to 1.
public enum GeniusWebFormat {
    /// How far from 1 GeniusWeb's weights may sum.
    public static let weightTolerance = 1e-6

    // MARK: Writing

    /// The folder's files in memory (the domain, then one profile per party) and what they
    /// leave out.
    public static func export(_ scenario: Scenario) throws(FormatError) -> GeniusExporter.Export {
        let domain = domainTree(scenario)
        var files = [(name: "domain.json", text: domain.pretty + "\n")]
        for (party, name) in zip(scenario.parties, ScenarioFolder.partyFileNames(scenario.parties, extension: "json")) {
            files.append((name, try profileTree(party, in: scenario, domain: domain, file: name).pretty + "\n"))
        }
        var omitted = [String]()
        let reserving = scenario.parties.filter { $0.profile.reservationValue != 0 }.map(\.name)
        if !reserving.isEmpty { omitted.append("reservation values (\(reserving.joined(separator: ", "))): GeniusWeb holds a reservation bid") }
        let discounting = scenario.parties.filter { $0.profile.discounts }.map(\.name)
        if !discounting.isEmpty { omitted.append("discounts (\(discounting.joined(separator: ", ")))") }
        return GeniusExporter.Export(files: files, omitted: omitted + ScenarioFolder.talksOmitted(scenario))
    }

    /// Writes the folder (created if missing); returns what was left out.
    @discardableResult
    public static func write(_ scenario: Scenario, to folder: String) throws(FormatError) -> [String] {
        let export = try export(scenario)
        try ScenarioFolder.write(export.files, to: folder, format: "GeniusWeb")
        return export.omitted
    }

    static func domainTree(_ scenario: Scenario) -> JSONValue {
        let issues = scenario.issues.map { issue -> (String, JSONValue) in
            switch issue.domain {
            case .discrete(let labels):
                return (issue.name, .object([("values", .array(labels.map(JSONValue.string)))]))
            case .integer(let lower, let upper):
                return (issue.name, .object([("range", .object([("low", .int(lower)), ("high", .int(upper)), ("step", .int(1))]))]))
            case .real(let lower, let upper, let step):
                return (issue.name, .object([("range", .object([("low", .number(lower)), ("high", .number(upper)), ("step", .number(step))]))]))
            }
        }
        return .object([("name", .string(scenario.name)), ("issuesValues", .object(issues))])
    }

    static func profileTree(_ party: Party, in scenario: Scenario, domain: JSONValue, file: String) throws(FormatError) -> JSONValue {
        let utility = party.profile.utility
        func refuse(_ problem: String) -> FormatError { FormatError(file: file, "party '\(party.name)'\(problem)") }
        if !utility.constraints.isEmpty {
            throw refuse(" has hyper-rectangles, which a GeniusWeb LinearAdditiveUtilitySpace cannot hold")
        }
        let sum = utility.weights.reduce(0, +)
        if abs(sum - 1) > weightTolerance {
            throw refuse(": the weights sum to \(formatNumber(sum)); GeniusWeb needs them to sum to 1")
        }
        var utilities = [(String, JSONValue)]()
        for (position, issue) in scenario.issues.enumerated() {
            let weight = utility.weights[position]
            func refuseIssue(_ problem: String) -> FormatError { refuse(", issue '\(issue.name)': \(problem)") }
            switch (issue.domain, utility.valuations[position]) {
            case (.discrete(let labels), .table(let values)):
                let values = values.isEmpty ? [Double](repeating: 0, count: labels.count) : values
                if let bad = values.first(where: { !(0...1).contains($0) }) {
                    throw refuseIssue("the value \(formatNumber(bad)) is outside [0, 1], which GeniusWeb refuses")
                }
                let table = JSONValue.object(zip(labels, values).map { ($0, .number($1)) })
                utilities.append((issue.name, .object([("discreteutils", .object([("valueUtilities", table)]))])))
            case (.integer, .linear(let slope, let offset)), (.real, .linear(let slope, let offset)):
                guard let ends = ScenarioFolder.unclippedEnds(slope: slope, offset: offset, issue: issue) else {
                    throw refuseIssue("the line leaves [0, 1] inside the range, where Parley clips it and GeniusWeb cannot")
                }
                utilities.append((issue.name, numberUtilities(issue, low: ends.low, high: ends.high)))
            case (.integer, .table), (.real, .table):
                guard weight == 0 else {
                    throw refuseIssue("GeniusWeb values number issues linearly; this one has a table")
                }
                utilities.append((issue.name, numberUtilities(issue, low: 0, high: 0)))
            case (.discrete, .linear):
                throw refuseIssue("a linear valuation of named options")
            }
        }
        let weights = JSONValue.object(zip(scenario.issues, utility.weights).map { ($0.name, .number($1)) })
        return .object([
            (
                "LinearAdditiveUtilitySpace",
                .object([("issueUtilities", .object(utilities)), ("issueWeights", weights), ("domain", domain), ("name", .string(party.name))])
            )
        ])
    }

    private static func numberUtilities(_ issue: Issue, low: Double, high: Double) -> JSONValue {
        let first = issue.value(at: 0)
        let last = issue.value(at: issue.count - 1)
        // A one-value range still needs two distinct ends to interpolate between.
        let top = last > first ? last : first + 1
        return .object([
            (
                "numberutils",
                .object([
                    ("lowValue", .number(first)), ("lowUtility", .number(low)), ("highValue", .number(top)),
                    ("highUtility", .number(last > first ? high : low)),
                ])
            )
        ])
    }

    // MARK: Reading

    /// Reads the GeniusWeb folder: the domain is the JSON file with `issuesValues`, the profiles
    /// are the files with `LinearAdditiveUtilitySpace`, in file-name order; a party is named by
    /// its profile's `name` (its file name without `.json` when names are missing or repeat).
    public static func read(folder: String) throws(FormatError) -> Scenario {
        var domain: (file: String, tree: YAMLTree)?
        var profiles = [(file: String, tree: YAMLTree)]()
        for name in try ScenarioFolder.fileNames(in: folder) where name.lowercased().hasSuffix(".json") {
            let path = (folder as NSString).appendingPathComponent(name)
            let tree = try YAMLTree.parse(try ScenarioFolder.readText(path), file: path)
            guard tree.isMapping else { continue }
            let keys = Set(try tree.mapping().map(\.key))
            if keys.contains("issuesValues") {
                if let first = domain {
                    throw FormatError(file: folder, "two GeniusWeb domain files: \(first.file) and \(path) both have issuesValues")
                }
                domain = (path, tree)
            } else if keys.contains("LinearAdditiveUtilitySpace") {
                profiles.append((path, try tree.required("LinearAdditiveUtilitySpace")))
            } else if let other = keys.first(where: { ["SumOfGroupsUtilitySpace", "DefaultPartialOrdering"].contains($0) }) {
                throw tree.fail("a \(other) profile is not supported (only LinearAdditiveUtilitySpace)")
            }
        }
        guard let domain else { throw FormatError(file: folder, "no GeniusWeb domain file (a JSON file with issuesValues)") }
        guard !profiles.isEmpty else { throw FormatError(file: folder, "no GeniusWeb profile (a JSON file with LinearAdditiveUtilitySpace)") }
        let issues = try readIssues(domain.tree)
        var parties = try profiles.map { profile throws(FormatError) in try readParty(profile.tree, file: profile.file, issues: issues) }
        let names = parties.map(\.name)
        if Set(names).count != names.count {
            for index in parties.indices {
                parties[index].name = URL(fileURLWithPath: profiles[index].file).deletingPathExtension().lastPathComponent
            }
        }
        let name = (try domain.tree.optional("name")?.string()) ?? URL(fileURLWithPath: folder).lastPathComponent
        let scenario = Scenario(
            name: name, summary: "Imported from the GeniusWeb folder \(URL(fileURLWithPath: folder).lastPathComponent).", issues: issues,
            parties: parties)
        do {
            try scenario.validate()
        } catch {
            if case .party(let index, _) = error.place { throw FormatError(file: profiles[index].file, error.message) }
            throw FormatError(file: folder, error.message)
        }
        return scenario
    }

    /// The issues of a domain tree, in file order.
    static func readIssues(_ tree: YAMLTree) throws(FormatError) -> [Issue] {
        let node = try tree.required("issuesValues")
        let entries = try node.mapping()
        guard !entries.isEmpty else { throw node.fail("the domain has no issues") }
        return try entries.map { entry throws(FormatError) -> Issue in
            let kinds = try entry.value.mapping(allowing: ["values", "range"])
            guard kinds.count == 1, let kind = kinds.first else { throw entry.value.fail("issue '\(entry.key)' needs one of 'values' or 'range'") }
            let domain: Issue.Domain
            if kind.key == "values" {
                let labels = try kind.value.sequence().map { item throws(FormatError) in try item.string() }
                guard !labels.isEmpty else { throw kind.value.fail("issue '\(entry.key)' has no values") }
                if let repeated = labels.enumerated().first(where: { labels.firstIndex(of: $0.element) != $0.offset }) {
                    throw kind.value.fail("value '\(repeated.element)' of issue '\(entry.key)' appears twice")
                }
                domain = .discrete(labels)
            } else {
                _ = try kind.value.mapping(allowing: ["low", "high", "step"])
                let low = try kind.value.required("low").number()
                let high = try kind.value.required("high").number()
                let step = try kind.value.required("step").number()
                guard step > 0, low <= high else {
                    throw kind.value.fail("issue '\(entry.key)' has the range \(formatNumber(low))..\(formatNumber(high)) step \(formatNumber(step))")
                }
                if step == 1, low.rounded() == low, high.rounded() == high, abs(low) < 1e15, abs(high) < 1e15 {
                    domain = .integer(lower: Int(low), upper: Int(high))
                } else {
                    domain = .real(lower: low, upper: high, step: step)
                }
            }
            if let problem = Issue.sizeProblem(of: domain, name: entry.key) { throw entry.value.fail(problem) }
            return Issue(name: entry.key, domain: domain)
        }
    }

    private static func readParty(_ tree: YAMLTree, file: String, issues: [Issue]) throws(FormatError) -> Party {
        let name = try tree.optional("name")?.string() ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let positions = Dictionary(issues.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        var weights = [Double?](repeating: nil, count: issues.count)
        let weightsNode = try tree.required("issueWeights")
        for (issueName, value) in try weightsNode.mapping() {
            guard let position = positions[issueName] else { throw value.fail("unknown issue '\(issueName)'") }
            let weight = try value.number()
            guard weight >= 0 else { throw value.fail("weight \(formatNumber(weight)) is negative") }
            weights[position] = weight
        }
        if let missing = weights.firstIndex(where: { $0 == nil }) { throw weightsNode.fail("issue '\(issues[missing].name)' has no weight") }
        var valuations = [Valuation?](repeating: nil, count: issues.count)
        let utilitiesNode = try tree.required("issueUtilities")
        for (issueName, value) in try utilitiesNode.mapping() {
            guard let position = positions[issueName] else { throw value.fail("unknown issue '\(issueName)'") }
            valuations[position] = try readValuation(value, issue: issues[position])
        }
        if let missing = valuations.firstIndex(where: { $0 == nil }) { throw utilitiesNode.fail("issue '\(issues[missing].name)' has no utilities") }
        let function = UtilityFunction(weights: weights.map { $0! }, valuations: valuations.map { $0! })
        var reservation = 0.0
        if let bid = try tree.optional("reservationBid") {
            let values = try bid.required("issuevalues")
            var options = [Int?](repeating: nil, count: issues.count)
            for (issueName, value) in try values.mapping() {
                guard let position = positions[issueName] else { throw value.fail("unknown issue '\(issueName)'") }
                guard
                    let option = issues[position].index(of: try value.string())
                        ?? (try? value.number()).flatMap({ number in
                            issues[position].index(of: formatNumber(number))
                        })
                else {
                    throw value.fail("issue '\(issueName)' has no value '\(try value.string())'")
                }
                options[position] = option
            }
            if let missing = options.firstIndex(where: { $0 == nil }) {
                throw values.fail("the reservation bid has no value for issue '\(issues[missing].name)'")
            }
            reservation = function.utility(of: Outcome(options.map { $0! }), in: OutcomeSpace(issues: issues))
        }
        return Party(name: name, profile: Profile(utility: function, reservationValue: reservation))
    }

    private static func readValuation(_ node: YAMLTree, issue: Issue) throws(FormatError) -> Valuation {
        let entries = try node.mapping(allowing: ["discreteutils", "DiscreteValueSetUtilities", "numberutils", "NumberValueSetUtilities"])
        guard entries.count == 1, let entry = entries.first else { throw node.fail("issue '\(issue.name)' needs one kind of utilities") }
        switch (entry.key, issue.domain) {
        case ("discreteutils", .discrete(let labels)), ("DiscreteValueSetUtilities", .discrete(let labels)):
            _ = try entry.value.mapping(allowing: ["valueUtilities"])
            var values = [Double](repeating: 0, count: labels.count)
            for (label, value) in try entry.value.required("valueUtilities").mapping() {
                guard let index = labels.firstIndex(of: label) else { throw value.fail("issue '\(issue.name)' has no value '\(label)'") }
                let number = try value.number()
                guard (0...1).contains(number) else { throw value.fail("the utility \(formatNumber(number)) is outside [0, 1]") }
                values[index] = number
            }
            return .table(values)
        case ("numberutils", .integer), ("numberutils", .real), ("NumberValueSetUtilities", .integer), ("NumberValueSetUtilities", .real):
            _ = try entry.value.mapping(allowing: ["lowValue", "lowUtility", "highValue", "highUtility"])
            let lowValue = try entry.value.required("lowValue").number()
            let highValue = try entry.value.required("highValue").number()
            let lowUtility = try entry.value.required("lowUtility").number()
            let highUtility = try entry.value.required("highUtility").number()
            guard lowValue < highValue else { throw entry.value.fail("lowValue must be below highValue") }
            for utility in [lowUtility, highUtility] where !(0...1).contains(utility) {
                throw entry.value.fail("the utility \(formatNumber(utility)) is outside [0, 1]")
            }
            let slope = (highUtility - lowUtility) / (highValue - lowValue)
            let values = ScenarioFolder.numericValues(issue)
            if let first = values.first, let last = values.last, first >= lowValue, last <= highValue {
                return .linear(slope: slope, offset: lowUtility + slope * (first - lowValue))
            }
            // Values outside [lowValue, highValue] are worth 0: a table says so exactly.
            return .table(values.map { (lowValue...highValue).contains($0) ? lowUtility + slope * ($0 - lowValue) : 0 })
        default:
            throw entry.value.fail("'\(entry.key)' utilities do not fit issue '\(issue.name)'")
        }
    }
}
