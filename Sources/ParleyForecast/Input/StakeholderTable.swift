import Foundation
import Parley
import ParleySupport

/// A dispute as stakeholder models read it: one or more issue dimensions, each with its scale
/// and its table of actors (capability, position, salience).
///
/// The text format is CSV with `# key: value` directive lines; see docs/forecast.md. The same
/// table may sit in a YAML file as a literal block under `forecast:` → `stakeholders: |`, so a
/// scenario file can carry its own forecast table; errors then name the YAML file's lines.
public struct StakeholderTable: Hashable, Sendable {
    /// The issue dimensions, in file order.
    public var issues: [ForecastIssue]

    /// A table of `issues`.
    public init(issues: [ForecastIssue]) {
        self.issues = issues
    }

    /// The most actors one issue may have: the expected-utility model compares every pair of
    /// actors under every voter, so its work grows with the cube of their number (100 actors:
    /// about 0.3 s of one core in a release build).
    public static let actorLimit = 100

    /// The most rows a table may have over all its issues.
    public static let rowLimit = 1_000

    /// Reads a table from a `.csv` file, or from a `.yaml`/`.yml` file holding a `stakeholders: |` block.
    public static func read(contentsOf path: String) throws(FormatError) -> StakeholderTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FormatError(file: path, "cannot read the file (does it exist?)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw FormatError(file: path, "is not UTF-8 text") }
        let lowered = path.lowercased()
        if lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") { return try parse(yaml: text, file: path) }
        return try parse(csv: text, file: path)
    }

    /// Parses the CSV text format; `file` names the text in errors, `firstLine` is the line
    /// number of the text's first line (for tables embedded in other files).
    public static func parse(csv text: String, file: String = "<input>", firstLine: Int = 1) throws(FormatError)
        -> StakeholderTable
    {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
            (number: $0.offset + firstLine, text: String($0.element.hasSuffix("\r") ? $0.element.dropLast() : $0.element))
        }
        var reader = TableReader(file: file)
        for line in lines { try reader.consume(line.text, at: line.number) }
        return StakeholderTable(issues: try reader.finish())
    }

    /// Parses a YAML file that carries the CSV table as a literal block scalar
    /// (`stakeholders: |`, usually under a top-level `forecast:` key).
    public static func parse(yaml text: String, file: String = "<input>") throws(FormatError) -> StakeholderTable {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let keyIndex = lines.firstIndex(where: { $0.contains(/^\s*stakeholders:\s*\|[-+]?\s*(#.*)?$/) }) else {
            throw FormatError(
                file: file, "no stakeholder table: add a 'stakeholders: |' block (under 'forecast:') holding the CSV table")
        }
        let keyIndent = lines[keyIndex].prefix { $0 == " " }.count
        var block: [String] = []
        var blockIndent: Int?
        for line in lines[(keyIndex + 1)...] {
            let indent = line.prefix { $0 == " " }.count
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                block.append("")
                continue
            }
            if indent <= keyIndent { break }
            let strip = blockIndent ?? indent
            blockIndent = strip
            block.append(String(line.dropFirst(min(strip, indent))))
        }
        return try parse(csv: block.joined(separator: "\n"), file: file, firstLine: keyIndex + 2)
    }
}

/// The line-by-line state of the CSV reader.
private struct TableReader {
    let file: String
    var issues: [ForecastIssue] = []
    var columns: [String: Int]?
    var current = Pending()

    struct Pending {
        var name: String?
        var line: Int?
        var summary = ""
        var scale: ClosedRange<Double>?
        var salienceScale: ClosedRange<Double> = 0...1
        var uncertainty: Uncertainty?
        var rows: [(line: Int, actor: Stakeholder)] = []
    }

    init(file: String) { self.file = file }

    func fail(_ line: Int?, _ problem: String) -> FormatError { FormatError(file: file, line: line, problem) }

    mutating func consume(_ text: String, at line: Int) throws(FormatError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return }
        if trimmed.hasPrefix("#") {
            try directive(String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces), at: line)
            return
        }
        let cells = try splitCSV(text, at: line)
        let lowered = cells.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if lowered.first == "actor" || (columns == nil && lowered.contains("actor")) {
            try header(lowered, at: line)
            return
        }
        guard let columns else {
            throw fail(line, "a row before the header: start the table with 'actor,capability,position,salience'")
        }
        try row(cells, columns: columns, at: line)
    }

    mutating func directive(_ body: String, at line: Int) throws(FormatError) {
        guard let colon = body.firstIndex(of: ":") else { return }
        let key = body[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        switch key {
        case "issue":
            try closeIssue()
            guard !value.isEmpty else { throw fail(line, "'# issue:' needs a name") }
            current.name = value
            current.line = line
        case "summary": current.summary = value
        case "scale": current.scale = try range(value, key: "scale", at: line)
        case "salience-scale", "salience scale": current.salienceScale = try range(value, key: "salience-scale", at: line)
        case "uncertainty": current.uncertainty = try uncertainty(value, at: line)
        default: return  // Any other `# word: text` is a comment.
        }
    }

    func range(_ value: String, key: String, at line: Int) throws(FormatError) -> ClosedRange<Double> {
        let parts = value.components(separatedBy: "..").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let lower = Double(parts[0]), let upper = Double(parts[1]), lower.isFinite, upper.isFinite
        else { throw fail(line, "'\(key): \(value)' is not a range: write it as LOW..HIGH, such as 0..100") }
        guard lower < upper else { throw fail(line, "'\(key): \(value)' is empty: LOW must be below HIGH") }
        return lower...upper
    }

    func uncertainty(_ value: String, at line: Int) throws(FormatError) -> Uncertainty {
        guard let scale = current.scale else { throw fail(line, "declare '# scale:' before '# uncertainty:'") }
        var result = Uncertainty.standard(for: scale)
        let salienceWidth = current.salienceScale.upperBound - current.salienceScale.lowerBound
        for part in value.split(separator: ",") {
            let words = part.split(separator: " ").map(String.init)
            guard words.count == 2 else {
                throw fail(line, "uncertainty '\(part.trimmingCharacters(in: .whitespaces))': write 'position 5, salience 10, capability 20%'")
            }
            let percent = words[1].hasSuffix("%")
            guard let number = Double(percent ? String(words[1].dropLast()) : words[1]), number >= 0 else {
                throw fail(line, "uncertainty of \(words[0]): '\(words[1])' is not a non-negative number")
            }
            switch words[0].lowercased() {
            case "position": result.position = percent ? number / 100 * (scale.upperBound - scale.lowerBound) : number
            case "salience": result.salience = percent ? number / 100 : number / salienceWidth
            case "capability": result.capability = percent ? number / 100 : number
            default: throw fail(line, "unknown uncertainty '\(words[0])' (expected position, salience or capability)")
            }
        }
        return result
    }

    mutating func header(_ cells: [String], at line: Int) throws(FormatError) {
        var map: [String: Int] = [:]
        for (index, name) in cells.enumerated() where map[name] == nil { map[name] = index }
        for required in ["actor", "capability", "position", "salience"] where map[required] == nil {
            throw fail(line, "the header has no '\(required)' column (expected actor,capability,position,salience)")
        }
        columns = map
    }

    mutating func row(_ cells: [String], columns: [String: Int], at line: Int) throws(FormatError) {
        guard current.rows.count < StakeholderTable.actorLimit else {
            throw fail(
                line,
                "issue '\(current.name ?? "issue")' has more than \(StakeholderTable.actorLimit) actors, the limit (the expected-utility model's work grows with the cube of the actors)"
            )
        }
        guard issues.reduce(current.rows.count, { $0 + $1.stakeholders.count }) < StakeholderTable.rowLimit else {
            throw fail(line, "the table has more than \(StakeholderTable.rowLimit) rows, the limit (split it into several tables)")
        }
        guard let scale = current.scale else {
            throw fail(line, "no scale declared for this issue: add '# scale: LOW..HIGH' above the rows")
        }
        func cell(_ name: String) throws(FormatError) -> String {
            let index = columns[name]!
            let value = index < cells.count ? cells[index].trimmingCharacters(in: .whitespaces) : ""
            guard !value.isEmpty else {
                let who = (columns["actor"].flatMap { $0 < cells.count ? cells[$0] : nil }).map { " (\($0))" } ?? ""
                throw fail(line, "row\(who), column '\(name)': missing value")
            }
            return value
        }
        let name = try cell("actor")
        func number(_ column: String) throws(FormatError) -> Double {
            let text = try cell(column)
            guard let value = Double(text), value.isFinite else {
                throw fail(line, "row (\(name)), column '\(column)': '\(text)' is not a number")
            }
            return value
        }
        let capability = try number("capability")
        guard capability >= 0 else { throw fail(line, "row (\(name)), column 'capability': \(capability) is negative") }
        let position = try number("position")
        guard scale.contains(position) else {
            throw fail(line, "row (\(name)), column 'position': \(position) is outside the scale \(scale.lowerBound)..\(scale.upperBound)")
        }
        let salience = try number("salience")
        let salienceScale = current.salienceScale
        guard salienceScale.contains(salience) else {
            throw fail(
                line,
                "row (\(name)), column 'salience': \(salience) is outside its scale \(salienceScale.lowerBound)..\(salienceScale.upperBound)"
                    + (salience > salienceScale.upperBound && salienceScale.upperBound <= 1
                        ? " (declare '# salience-scale: 0..100' for percentages)" : ""))
        }
        if let previous = current.rows.first(where: { $0.actor.name == name }) {
            throw fail(line, "row (\(name)), column 'actor': the actor already has a row on line \(previous.line)")
        }
        let share = (salience - salienceScale.lowerBound) / (salienceScale.upperBound - salienceScale.lowerBound)
        current.rows.append((line, Stakeholder(name: name, capability: capability, position: position, salience: share)))
    }

    mutating func closeIssue() throws(FormatError) {
        guard current.name != nil || !current.rows.isEmpty else { return }
        let name = current.name ?? "issue"
        guard current.rows.count >= 2 else {
            throw fail(
                current.line ?? current.rows.first?.line,
                "issue '\(name)' has \(current.rows.count) actor\(current.rows.count == 1 ? "" : "s"); a stakeholder model needs at least two")
        }
        guard current.rows.contains(where: { $0.actor.weight > 0 }) else {
            throw fail(current.line ?? current.rows.first?.line, "issue '\(name)': every actor has zero capability or zero salience")
        }
        if issues.contains(where: { $0.name == name }) { throw fail(current.line, "issue '\(name)' is declared twice") }
        issues.append(
            ForecastIssue(
                name: name, summary: current.summary, scale: current.scale!, salienceScale: current.salienceScale,
                stakeholders: current.rows.map(\.actor), uncertainty: current.uncertainty))
        let keep = (current.scale, current.salienceScale)
        current = Pending()
        // A later issue without its own directives inherits the scales, not the uncertainty.
        current.scale = keep.0
        current.salienceScale = keep.1
    }

    mutating func finish() throws(FormatError) -> [ForecastIssue] {
        try closeIssue()
        guard !issues.isEmpty else { throw fail(nil, "no stakeholder rows: expected a header 'actor,capability,position,salience' and rows") }
        return issues
    }

    func splitCSV(_ text: String, at line: Int) throws(FormatError) -> [String] {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        cell.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    cell.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                cells.append(cell)
                cell = ""
            } else {
                cell.append(character)
            }
        }
        guard !quoted else { throw fail(line, "a quoted cell is not closed (quotes must open and close on one line)") }
        cells.append(cell)
        return cells
    }
}
