import Parley
import ParleySupport

/// One outcome written as a JSON object, `{"issue name": option, ...}`: an option is named by
/// its label (`"Beer"`, `"5"`) or, for integer and real issues, by its number (`5`, `0.25`).
/// Every issue of the scenario must be named once; nothing else may be.
public enum OutcomeLine {
    /// The longest line read, in bytes.
    public static let lengthLimit = 1 << 16
    /// The most outcomes one input may hold.
    public static let countLimit = 1_000_000

    /// The outcome `text` names in `scenario`; errors name `file` and `line`.
    public static func outcome(from text: String, in scenario: Scenario, file: String, line: Int) throws(FormatError) -> Outcome {
        func fail(_ problem: String) -> FormatError { FormatError(file: file, line: line, problem) }
        guard text.utf8.count <= lengthLimit else { throw fail("the line is longer than \(lengthLimit) bytes") }
        guard text.drop(while: \.isWhitespace).first == "{" else { throw fail("expected a JSON object {\"issue\": option, ...}") }
        let tree: YAMLTree
        do {
            tree = try YAMLTree.parse(text, file: file)
        } catch {
            throw fail("not a JSON object: \(error.problem)")
        }
        let entries: [(key: String, value: YAMLTree)]
        do {
            entries = try tree.mapping()
        } catch {
            throw fail(error.problem)
        }
        var options = [Int?](repeating: nil, count: scenario.issues.count)
        for (name, value) in entries {
            guard let position = scenario.issues.firstIndex(where: { $0.name == name }) else { throw fail("unknown issue '\(name)'") }
            guard options[position] == nil else { throw fail("issue '\(name)' is named twice") }
            let issue = scenario.issues[position]
            guard let label = try? value.string() else { throw fail("issue '\(name)': expected an option name or a number") }
            guard let index = option(label, of: issue) else { throw fail("issue '\(name)' has no option '\(label)'") }
            options[position] = index
        }
        if let missing = options.firstIndex(where: { $0 == nil }) { throw fail("issue '\(scenario.issues[missing].name)' is missing") }
        return Outcome(options.map { $0! })
    }

    /// The option a label or number names.
    private static func option(_ label: String, of issue: Issue) -> Int? {
        if let index = issue.index(of: label) { return index }
        guard let number = Double(label), number.isFinite else { return nil }
        switch issue.domain {
        case .discrete: return issue.index(of: formatNumber(number))
        case .integer: return issue.index(of: formatNumber(number))
        case .real(let lower, _, let step):
            let index = ((number - lower) / step).rounded()
            guard index >= 0, index < Double(issue.count), abs(issue.value(at: Int(index)) - number) <= 1e-9 * max(1, abs(number)) else { return nil }
            return Int(index)
        }
    }
}
