import Foundation
import Parley
import ParleySupport

/// Reads a GENIUS scenario folder: one domain file and one profile file per party.
///
/// Files are told apart by content, not by name: a profile holds weights or a non-linear
/// utility, the domain holds the issues and nothing else; `pareto.xml` is GENIUS's published
/// frontier and is skipped. The semantics are GENIUS 10.4's:
/// - a discrete issue's evaluations are used as they are, unless the largest exceeds 1: then
///   each is rounded to the nearest integer and divided by the largest;
/// - an integer issue's linear evaluator gives `slope * (x - lowerbound) + offset`, clipped to
///   [0, 1] (`parameter1`/`parameter0` are GENIUS's older names for slope and offset);
/// - a real issue's linear evaluator gives `parameter0 + parameter1 * x`, clipped to [0, 1];
///   real issues are discretised with the step the caller declares;
/// - weights are used as given; an objective's own weight is not an issue's;
/// - a missing reservation value is 0; a discount factor applies over the whole negotiation
///   (GENIUS discounts per unit of normalised time);
/// - ANAC 2014 non-linear profiles are sums of hyper-rectangles divided by `maxutility`.
public struct GeniusImporter: Sendable {
    /// The step real issues are discretised with; real issues are refused without one.
    public var realStep: Double?

    /// An importer; real issues need `realStep`.
    public init(realStep: Double? = nil) { self.realStep = realStep }

    /// Reads the scenario in `folder`.
    public func importScenario(from folder: URL) throws(FormatError) -> Scenario {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw FormatError(file: folder.path, "cannot list the folder: \(error.localizedDescription)")
        }
        let files = try names.filter(Self.isCandidate).map { name throws(FormatError) in
            let path = folder.appendingPathComponent(name).path
            return (name: path, bytes: try readBytes(path))
        }
        return try importScenario(files: files, name: folder.lastPathComponent, location: folder.path)
    }

    /// Reads a scenario from the files of a GENIUS folder held in memory (an upload, say):
    /// each file's name (which errors and party names use) and bytes. `name` names the
    /// scenario; `location` names the set of files in errors that concern no single file.
    public func importScenario(files: [(name: String, bytes: [UInt8])], name: String, location: String) throws(FormatError) -> Scenario {
        var domain: (file: String, root: XMLElement)?
        var profiles: [(file: String, root: XMLElement)] = []
        for file in files.sorted(by: { $0.name < $1.name }) where Self.isCandidate(file.name) {
            let root = try XMLParser.parse(file.bytes, file: file.name)
            if Self.isProfile(root) {
                profiles.append((file.name, root))
            } else if !root.descendants(named: "issue").isEmpty {
                if let first = domain {
                    throw FormatError(file: location, "two domain files: \(first.file) and \(file.name) both declare issues and no weights")
                }
                domain = (file.name, root)
            }
        }
        guard let domain else { throw FormatError(file: location, "no GENIUS domain file (an XML file with <issue> elements and no weights)") }
        guard !profiles.isEmpty else {
            throw FormatError(file: location, "no GENIUS profile (an XML file with <weight> elements or a <utility> of hyper-rectangles)")
        }

        let issues = try readIssues(domain.root, file: domain.file)
        let parties = try profiles.map { profile throws(FormatError) in
            let name = URL(fileURLWithPath: profile.file).deletingPathExtension().lastPathComponent
            return Party(name: name, profile: try readProfile(profile.root, file: profile.file, issues: issues))
        }
        let scenario = Scenario(
            name: name, summary: "Imported from the GENIUS folder \(name).", issues: issues.map(\.issue), parties: parties)
        do {
            try scenario.validate()
        } catch {
            // A party's problem is in its profile file.
            if case .party(let index, _) = error.place { throw FormatError(file: profiles[index].file, error.message) }
            throw FormatError(file: location, error.message)
        }
        return scenario
    }

    /// Whether a file name can be part of a scenario: XML, and not GENIUS's published frontier.
    private static func isCandidate(_ name: String) -> Bool {
        let lowered = URL(fileURLWithPath: name).lastPathComponent.lowercased()
        return lowered.hasSuffix(".xml") && lowered != "pareto.xml"
    }

    private static func isProfile(_ root: XMLElement) -> Bool {
        !root.descendants(named: "weight").isEmpty || !root.descendants(named: "ufun").isEmpty
            || root.descendants(named: "utility").contains { $0["maxutility"] != nil }
    }

    /// A domain issue with the GENIUS index profiles refer to it by.
    struct IndexedIssue {
        var index: String
        var issue: Issue
        var element: XMLElement
    }

    private func readIssues(_ root: XMLElement, file: String) throws(FormatError) -> [IndexedIssue] {
        var result = [IndexedIssue]()
        for element in root.descendants(named: "issue") {
            guard let name = element["name"] else { throw FormatError(file: file, line: element.line, "<issue> has no name") }
            guard let index = element["index"] else { throw FormatError(file: file, line: element.line, "issue '\(name)' has no index") }
            let kind = element["type"] ?? element["etype"] ?? element["vtype"] ?? "discrete"
            let domain: Issue.Domain
            switch kind {
            case "discrete":
                let labels = try element.children(named: "item").map { item throws(FormatError) in
                    guard let value = item["value"] else {
                        throw FormatError(file: file, line: item.line, "an <item> of issue '\(name)' has no value")
                    }
                    return value
                }
                guard !labels.isEmpty else { throw FormatError(file: file, line: element.line, "issue '\(name)' has no options (<item> elements)") }
                domain = .discrete(labels)
            case "integer":
                let (lower, upper) = try bounds(of: element, issue: name, file: file)
                guard let low = Int(lower), let high = Int(upper) else {
                    throw FormatError(
                        file: file, line: element.line, "integer issue '\(name)' has bounds '\(lower)'..'\(upper)', which are not integers")
                }
                guard low <= high else {
                    throw FormatError(file: file, line: element.line, "integer issue '\(name)' has an empty range \(low)..\(high)")
                }
                domain = .integer(lower: low, upper: high)
            case "real":
                let (lower, upper) = try bounds(of: element, issue: name, file: file)
                guard let low = Double(lower), let high = Double(upper), low <= high else {
                    throw FormatError(file: file, line: element.line, "real issue '\(name)' has the bounds '\(lower)'..'\(upper)'")
                }
                guard let step = realStep else {
                    throw FormatError(
                        file: file, line: element.line,
                        "real issue '\(name)' (\(lower)..\(upper)) needs a discretisation step: pass --real-step S")
                }
                guard step > 0 else { throw FormatError(file: file, line: element.line, "the real step must be > 0, not \(step)") }
                domain = .real(lower: low, upper: high, step: step)
            default:
                throw FormatError(file: file, line: element.line, "issue '\(name)' has the unsupported type '\(kind)'")
            }
            if let problem = Issue.sizeProblem(of: domain, name: name) { throw FormatError(file: file, line: element.line, problem) }
            result.append(IndexedIssue(index: index, issue: Issue(name: name, domain: domain), element: element))
        }
        guard !result.isEmpty else { throw FormatError(file: file, "the domain declares no issues") }
        return result
    }

    /// An issue's bounds, from its attributes or from a `<range>` child.
    private func bounds(of element: XMLElement, issue: String, file: String) throws(FormatError) -> (String, String) {
        if let lower = element["lowerbound"], let upper = element["upperbound"] { return (lower, upper) }
        if let range = element.child(named: "range"), let lower = range["lowerbound"], let upper = range["upperbound"] {
            return (lower, upper)
        }
        throw FormatError(file: file, line: element.line, "issue '\(issue)' has no lowerbound/upperbound")
    }

    private func number(_ text: String?, _ what: String, element: XMLElement, file: String) throws(FormatError) -> Double {
        guard let text else { throw FormatError(file: file, line: element.line, "<\(element.name)> has no \(what)") }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else {
            throw FormatError(file: file, line: element.line, "\(what) '\(text)' of <\(element.name)> is not a number")
        }
        return value
    }

    private func readProfile(_ root: XMLElement, file: String, issues: [IndexedIssue]) throws(FormatError) -> Profile {
        let reservation =
            try root.descendants(named: "reservation").first.map { element throws(FormatError) in
                try number(element["value"], "value", element: element, file: file)
            } ?? 0
        let discount = try root.descendants(named: "discount_factor").first.map { element throws(FormatError) in
            try number(element["value"], "value", element: element, file: file)
        }
        if let utility = root.descendants(named: "utility").first(where: { $0["maxutility"] != nil }) {
            return Profile(
                utility: try readConstraints(utility, file: file, issues: issues),
                reservationValue: reservation, discountFactor: discount, discountSpan: discount == nil ? .round : .deadline)
        }

        let known = Dictionary(issues.map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })
        let profileIssues = root.descendants(named: "issue")
        for element in profileIssues where known[element["index"] ?? ""] == nil {
            throw FormatError(
                file: file, line: element.line,
                "unknown issue '\(element["name"] ?? "?")' (index \(element["index"] ?? "none")): the domain has no such issue")
        }
        var weights = [String: (Double, XMLElement)]()
        for element in root.descendants(named: "weight") {
            guard let index = element["index"], known[index] != nil else { continue }  // an objective's weight
            let weight = try number(element["value"], "value", element: element, file: file)
            if weight < 0 {
                throw FormatError(file: file, line: element.line, "weight \(weight) of issue '\(known[index]!.issue.name)' is negative")
            }
            weights[index] = (weight, element)
        }

        var weightList = [Double]()
        var valuations = [Valuation]()
        for entry in issues {
            let name = entry.issue.name
            guard let node = profileIssues.first(where: { $0["index"] == entry.index }) else {
                throw FormatError(file: file, "issue '\(name)' (index \(entry.index)) has no evaluation in this profile")
            }
            guard let (weight, _) = weights[entry.index] else {
                throw FormatError(file: file, line: node.line, "issue '\(name)' (index \(entry.index)) has no <weight>")
            }
            weightList.append(weight)
            valuations.append(try readValuation(node, issue: entry.issue, file: file))
        }
        return Profile(
            utility: UtilityFunction(weights: weightList, valuations: valuations),
            reservationValue: reservation, discountFactor: discount, discountSpan: discount == nil ? .round : .deadline)
    }

    private func readValuation(_ node: XMLElement, issue: Issue, file: String) throws(FormatError) -> Valuation {
        switch issue.domain {
        case .discrete(let labels):
            var evaluations = [String: Double]()
            for item in node.children(named: "item") {
                guard let value = item["value"] else {
                    throw FormatError(file: file, line: item.line, "an <item> of issue '\(issue.name)' has no value")
                }
                guard labels.contains(value) else {
                    throw FormatError(file: file, line: item.line, "issue '\(issue.name)' has no option '\(value)' in the domain")
                }
                let evaluation = try number(item["evaluation"], "evaluation", element: item, file: file)
                if evaluation < 0 {
                    throw FormatError(
                        file: file, line: item.line, "option '\(value)' of issue '\(issue.name)' has the negative evaluation \(evaluation)")
                }
                evaluations[value] = evaluation
            }
            if let missing = labels.first(where: { evaluations[$0] == nil }) {
                throw FormatError(file: file, line: node.line, "option '\(missing)' of issue '\(issue.name)' has no evaluation")
            }
            let top = evaluations.values.max() ?? 0
            return .table(labels.map { top > 1 ? (evaluations[$0]! + 0.5).rounded(.down) / top : evaluations[$0]! })
        case .integer, .real:
            guard let evaluator = node.child(named: "evaluator") else {
                throw FormatError(file: file, line: node.line, "numeric issue '\(issue.name)' has no <evaluator>")
            }
            let kind = evaluator["ftype"] ?? "linear"
            guard kind == "linear" else {
                throw FormatError(
                    file: file, line: evaluator.line, "evaluator type '\(kind)' of issue '\(issue.name)' is not supported (only linear)")
            }
            let slope = try number(evaluator["slope"] ?? evaluator["parameter1"], "slope (or parameter1)", element: evaluator, file: file)
            let offset = try number(evaluator["offset"] ?? evaluator["parameter0"], "offset (or parameter0)", element: evaluator, file: file)
            if case .real(let lower, _, _) = issue.domain {
                // GENIUS's real evaluator is absolute: parameter0 + parameter1 * x.
                return .linear(slope: slope, offset: offset + slope * lower)
            }
            // GENIUS's integer evaluator is relative to the bound the profile states.
            let stated = node["lowerbound"].flatMap { Double($0) } ?? node.child(named: "range")?["lowerbound"].flatMap { Double($0) }
            let shift = stated.map { issue.value(at: 0) - $0 } ?? 0
            return .linear(slope: slope, offset: offset + slope * shift)
        }
    }

    private func readConstraints(_ utility: XMLElement, file: String, issues: [IndexedIssue]) throws(FormatError) -> UtilityFunction {
        let scale = try number(utility["maxutility"], "maxutility", element: utility, file: file)
        guard scale > 0 else { throw FormatError(file: file, line: utility.line, "maxutility must be > 0, not \(scale)") }
        let positions = Dictionary(issues.enumerated().map { ($1.index, $0) }, uniquingKeysWith: { first, _ in first })
        var boxes = [HyperRectangle]()
        for ufun in utility.descendants(named: "ufun") {
            let weight = try ufun["weight"].map { _ throws(FormatError) in try number(ufun["weight"], "weight", element: ufun, file: file) } ?? 1
            if let aggregation = ufun["aggregation"], aggregation != "sum" {
                throw FormatError(file: file, line: ufun.line, "ufun aggregation '\(aggregation)' is not supported (only sum)")
            }
            for rectangle in ufun.children(named: "hyperRectangle") {
                let value = try number(rectangle["utility"], "utility", element: rectangle, file: file)
                let includes = rectangle.children(named: "INCLUDES")
                let excludes = rectangle.children(named: "EXCLUDES")
                if !includes.isEmpty && !excludes.isEmpty {
                    throw FormatError(file: file, line: rectangle.line, "a hyperRectangle mixes INCLUDES and EXCLUDES")
                }
                var bounds = [HyperRectangle.Bound]()
                for bound in includes + excludes {
                    guard let index = bound["index"], let position = positions[index] else {
                        throw FormatError(
                            file: file, line: bound.line, "<\(bound.name)> names issue index '\(bound["index"] ?? "none")', which the domain lacks")
                    }
                    let issue = issues[position].issue
                    let low = try number(bound["min"], "min", element: bound, file: file)
                    let high = try number(bound["max"], "max", element: bound, file: file)
                    let first = issue.value(at: 0)
                    let lowIndex = Int((low - first).rounded(.up))
                    let highIndex = Int((high - first).rounded(.down))
                    guard lowIndex <= highIndex, lowIndex >= 0, highIndex < issue.count else {
                        throw FormatError(
                            file: file, line: bound.line, "bound \(formatNumber(low))..\(formatNumber(high)) lies outside issue '\(issue.name)'")
                    }
                    bounds.append(.init(issue: position, options: lowIndex...highIndex))
                }
                boxes.append(HyperRectangle(utility: value * weight, bounds: bounds, isExclusive: !excludes.isEmpty))
            }
        }
        return UtilityFunction(issueCount: issues.count, constraints: boxes, scale: scale)
    }
}

/// The bytes of a file, or an error naming it.
func readBytes(_ path: String) throws(FormatError) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        throw FormatError(file: path, exists ? (isFolder.boolValue ? "is a folder, not a file" : "cannot be read") : "no such file")
    }
    return [UInt8](data)
}
