import Foundation
import Parley
import ParleySupport

/// The DEU III extract (Decision-making in the European Union; Arregui & Perarnaud 2021):
/// EU legislative issues with the positions and saliences of up to 30 actors on a 0–100 scale
/// and the adopted outcome. Read from `deu3.tsv` (see its README for provenance).
package struct DEUDataset: Sendable {
    /// One scoreable issue: an outcome in 0...100 and at least three actors with both a
    /// position and a salience in 0...100.
    package struct Issue: Hashable, Sendable {
        /// The issue id, such as `d00032i1`.
        package var id: String
        /// The proposal id, such as `d00032`; issues of one proposal share it.
        package var proposal: String
        /// Actor codes (`com`, `ep`, `de`, ...), with position and salience on 0–100.
        package var actors: [(code: String, position: Double, salience: Double)]
        /// The adopted outcome on 0–100.
        package var outcome: Double
        /// The line in the file.
        package var line: Int
        /// The reference point (status quo) on 0–100, when the file gives one.
        package var referencePoint: Double? = nil
        /// Whether the Council votes by qualified majority (`QMV`) rather than unanimity.
        package var qualifiedMajority = true
        /// Whether the Parliament has a veto (codecision, `COD`) rather than an opinion.
        package var codecision = true

        /// Whether both are the same issue with the same numbers.
        package static func == (lhs: Issue, rhs: Issue) -> Bool {
            lhs.id == rhs.id && lhs.line == rhs.line && lhs.outcome == rhs.outcome
                && lhs.actors.map(\.code) == rhs.actors.map(\.code) && lhs.actors.map(\.position) == rhs.actors.map(\.position)
                && lhs.actors.map(\.salience) == rhs.actors.map(\.salience)
        }

        /// Hashes the id and the line.
        package func hash(into hasher: inout Hasher) {
            hasher.combine(id)
            hasher.combine(line)
        }
    }

    /// How capability is set when an issue becomes a stakeholder table.
    package enum Capability: String, Sendable, CaseIterable {
        /// Every actor has capability 1 (the setting of the published cross-check figures).
        case equal
        /// The GDP figures of the extract's second line (added by the extract's publisher, not DEU data).
        case gdp
    }

    /// The scoreable issues, in file order.
    package var issues: [Issue]
    /// How many issue rows the file has, scoreable or not.
    package var rowCount: Int
    /// The GDP figure per actor code (second line of the file).
    package var gdp: [String: Double]

    /// Reads `deu3.tsv` from a folder (or the file itself).
    package static func load(from path: String) throws(FormatError) -> DEUDataset {
        var isFolder: ObjCBool = false
        let file =
            FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
            ? (path as NSString).appendingPathComponent("deu3.tsv") : path
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw FormatError(file: file, "cannot read the DEU III extract (expected deu3.tsv)")
        }
        return try parse(text, file: file)
    }

    /// Parses the TAB-separated text.
    package static func parse(_ text: String, file: String = "deu3.tsv") throws(FormatError) -> DEUDataset {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map { cell in
                var value = cell.trimmingCharacters(in: .whitespacesAndNewlines)
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                return value
            }
        }
        guard lines.count > 2, let header = lines.first else {
            throw FormatError(file: file, "too short: expected a header, a GDP line and issue rows")
        }
        func column(_ name: String) throws(FormatError) -> Int {
            guard let index = header.firstIndex(of: name) else { throw FormatError(file: file, line: 1, "no column '\(name)'") }
            return index
        }
        let codes = header.filter { $0.hasPrefix("s") && header.contains("p" + $0.dropFirst()) && $0 != "s" }.map { String($0.dropFirst()) }
        let positionColumns = try codes.map { code throws(FormatError) in try column("p" + code) }
        let salienceColumns = try codes.map { code throws(FormatError) in try column("s" + code) }
        let (idColumn, proposalColumn, outcomeColumn) = (try column("isnr"), try column("prnr"), try column("out"))
        let (referenceColumn, ruleColumn, procedureColumn) = (
            header.firstIndex(of: "rp"), header.firstIndex(of: "counvte"), header.firstIndex(of: "proc")
        )
        var gdp: [String: Double] = [:]
        for (code, index) in zip(codes, positionColumns) where index < lines[1].count {
            if let value = Double(lines[1][index]) { gdp[code] = value }
        }
        var issues: [Issue] = []
        var rows = 0
        for (offset, cells) in lines.enumerated().dropFirst(2) where cells.count > 1 {
            rows += 1
            func value(_ index: Int) -> Double? {
                guard index < cells.count, let number = Double(cells[index]), (0...100).contains(number) else { return nil }
                return number
            }
            guard let outcome = value(outcomeColumn) else { continue }
            var actors: [(code: String, position: Double, salience: Double)] = []
            for (index, code) in codes.enumerated() {
                if let position = value(positionColumns[index]), let salience = value(salienceColumns[index]) {
                    actors.append((code, position, salience))
                }
            }
            guard actors.count >= 3 else { continue }
            var issue = Issue(id: cells[idColumn], proposal: cells[proposalColumn], actors: actors, outcome: outcome, line: offset + 1)
            issue.referencePoint = referenceColumn.flatMap(value)
            if let ruleColumn, ruleColumn < cells.count { issue.qualifiedMajority = !cells[ruleColumn].hasPrefix("Unan") }
            if let procedureColumn, procedureColumn < cells.count { issue.codecision = cells[procedureColumn] == "COD" }
            issues.append(issue)
        }
        return DEUDataset(issues: issues, rowCount: rows, gdp: gdp)
    }

    /// The issue as a stakeholder table on 0–100 with saliences as shares of 100.
    package func stakeholderIssue(_ issue: Issue, capability: Capability) -> ForecastIssue {
        ForecastIssue(
            name: issue.id, scale: 0...100, salienceScale: 0...100,
            stakeholders: issue.actors.map { actor in
                Stakeholder(
                    name: actor.code, capability: capability == .equal ? 1 : (gdp[actor.code] ?? 1), position: actor.position,
                    salience: actor.salience / 100)
            },
            uncertainty: Uncertainty(position: 5, salience: 0.1, capability: 0.2))
    }

    /// The documented split: proposals in file order, alternating; issues of the proposals at
    /// even places train, the others test. Issues of one proposal never straddle the split.
    package var split: (training: [Issue], test: [Issue]) {
        var order: [String: Int] = [:]
        for issue in issues where order[issue.proposal] == nil { order[issue.proposal] = order.count }
        return (issues.filter { order[$0.proposal]! % 2 == 0 }, issues.filter { order[$0.proposal]! % 2 == 1 })
    }
}
