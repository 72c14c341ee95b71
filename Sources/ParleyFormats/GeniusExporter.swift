import Foundation
import Parley
import ParleySupport

/// Writes a scenario as a GENIUS folder, so that GENIUS and NegMAS (which read these files) can
/// negotiate it: a domain file and one profile file per party, named after the party.
///
/// GENIUS holds preferences only. What it cannot say is left out and listed in `omitted`:
/// breakdown values, the mediator and the talks (protocol, deadline, agenda, hazard). What
/// it would say differently is refused with an error naming the party and the issue: a table
/// of values for an integer or real issue (GENIUS evaluates those linearly), and a profile that
/// mixes weighted issues with hyper-rectangles. A discount per round becomes GENIUS's discount
/// over the deadline, `d^rounds`, which discounts an agreement in any round exactly as much.
/// `GeniusImporter` reads the folder back to the same preferences.
public enum GeniusExporter {
    /// A GENIUS folder's files, and what they leave out.
    public struct Export: Sendable {
        /// File name and contents.
        public var files: [(name: String, text: String)]
        /// What the scenario holds that GENIUS files cannot.
        public var omitted: [String]
    }

    /// The folder's files in memory: the domain, then one profile per party.
    /// - Throws: `FormatError` for what GENIUS would read differently, or for two parties whose
    /// names make the same file name.
    public static func export(_ scenario: Scenario) throws(FormatError) -> Export {
        let domainName = fileName(scenario.name) + "-domain.xml"
        var files = [(name: domainName, text: domainXML(scenario))]
        for party in scenario.parties {
            let name = fileName(party.name) + ".xml"
            if files.contains(where: { $0.name == name }) {
                throw FormatError(file: name, "two parties would share the file name '\(name)'")
            }
            files.append((name, try profileXML(party, in: scenario, file: name)))
        }
        var omitted = [String]()
        let breakdown = scenario.parties.filter { $0.profile.breakdownValue != $0.profile.reservationValue }.map(\.name)
        if !breakdown.isEmpty { omitted.append("breakdown values (\(breakdown.joined(separator: ", ")))") }
        if let mediator = scenario.mediator { omitted.append("the mediator (\(mediator.name))") }
        if scenario.talks != Talks() { omitted.append("the talks (protocol, deadline, agenda, hazard)") }
        return Export(files: files, omitted: omitted)
    }

    /// Writes the folder (created if missing); returns what was left out.
    @discardableResult
    public static func write(_ scenario: Scenario, to folder: String) throws(FormatError) -> [String] {
        let export = try export(scenario)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for file in export.files {
                try file.text.write(toFile: (folder as NSString).appendingPathComponent(file.name), atomically: true, encoding: .utf8)
            }
        } catch {
            throw FormatError(file: folder, "cannot write the GENIUS folder: \(error.localizedDescription)")
        }
        return export.omitted
    }

    /// A party or scenario name as a file name: path separators and control characters become '-'.
    static func fileName(_ name: String) -> String {
        String(name.map { $0 == "/" || $0 == "\\" || $0.isNewline || $0 == ":" ? "-" : $0 })
    }

    /// A number GENIUS and the importer read back exactly.
    static func number(_ value: Double) -> String { "\(value)" }

    static func issueElement(_ issue: Issue, index: Int, items: (Int) -> String = { _ in "" }, body: String = "") -> String {
        let name = Markup.escape(issue.name)
        switch issue.domain {
        case .discrete(let labels):
            let list = labels.enumerated().map { option, label in
                "      <item index=\"\(option + 1)\" value=\"\(Markup.escape(label))\"\(items(option))/>\n"
            }.joined()
            return "    <issue index=\"\(index)\" etype=\"discrete\" type=\"discrete\" vtype=\"discrete\" name=\"\(name)\">\n\(list)    </issue>\n"
        case .integer(let lower, let upper):
            let open = "    <issue index=\"\(index)\" etype=\"integer\" type=\"integer\" vtype=\"integer\" name=\"\(name)\" "
            return open + "lowerbound=\"\(lower)\" upperbound=\"\(upper)\"" + (body.isEmpty ? "/>\n" : ">\n\(body)    </issue>\n")
        case .real(let lower, let upper, _):
            let open = "    <issue index=\"\(index)\" etype=\"real\" type=\"real\" vtype=\"real\" name=\"\(name)\" "
            return open + "lowerbound=\"\(number(lower))\" upperbound=\"\(number(upper))\""
                + (body.isEmpty ? "/>\n" : ">\n\(body)    </issue>\n")
        }
    }

    static func domainXML(_ scenario: Scenario) -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<negotiation_template>\n"
        text += "  <utility_space number_of_issues=\"\(scenario.issues.count)\">\n"
        text += "  <objective index=\"0\" etype=\"objective\" type=\"objective\" description=\"\" name=\"\(Markup.escape(scenario.name))\">\n"
        for (position, issue) in scenario.issues.enumerated() { text += issueElement(issue, index: position + 1) }
        text += "  </objective>\n  </utility_space>\n</negotiation_template>\n"
        return text
    }

    static func profileXML(_ party: Party, in scenario: Scenario, file: String) throws(FormatError) -> String {
        let profile = party.profile
        let utility = profile.utility
        let weighted = utility.weights.contains { $0 != 0 }
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        if !utility.constraints.isEmpty {
            if weighted {
                throw FormatError(
                    file: file, "party '\(party.name)' mixes weighted issues with hyper-rectangles, which a GENIUS profile cannot hold")
            }
            text += "<utility_space type=\"nonlinear\">\n"
            text += "  <objective index=\"0\" etype=\"objective\" type=\"objective\" description=\"\" name=\"root\">\n"
            for (position, issue) in scenario.issues.enumerated() { text += issueElement(issue, index: position + 1) }
            text += "  </objective>\n"
            text += "  <utility maxutility=\"\(number(utility.constraintScale))\">\n    <ufun type=\"PLAIN\" weight=\"1\" aggregation=\"sum\">\n"
            for box in utility.constraints {
                text += "      <hyperRectangle utility=\"\(number(box.utility))\">\n"
                let tag = box.isExclusive ? "EXCLUDES" : "INCLUDES"
                for bound in box.bounds {
                    let issue = scenario.issues[bound.issue]
                    text +=
                        "        <\(tag) index=\"\(bound.issue + 1)\" min=\"\(number(issue.value(at: bound.options.lowerBound)))\" "
                        + "max=\"\(number(issue.value(at: bound.options.upperBound)))\"/>\n"
                }
                text += "      </hyperRectangle>\n"
            }
            text += "    </ufun>\n  </utility>\n"
        } else {
            text += "<utility_space>\n"
            text += "  <objective index=\"0\" etype=\"objective\" type=\"objective\" description=\"\" name=\"root\">\n"
            for (position, issue) in scenario.issues.enumerated() {
                let valuation = utility.valuations[position]
                switch (issue.domain, valuation) {
                case (.discrete, .table(let values)):
                    // An issue no weight touches may carry no values at all.
                    let values = values.isEmpty ? [Double](repeating: 0, count: issue.count) : values
                    if let value = values.first(where: { $0 > 1 }) {
                        throw FormatError(
                            file: file, "party '\(party.name)', issue '\(issue.name)': the value \(value) is over 1, which GENIUS would rescale")
                    }
                    text += issueElement(issue, index: position + 1, items: { " evaluation=\"\(number(values[$0]))\"" })
                case (.integer, .linear(let slope, let offset)):
                    text += issueElement(
                        issue, index: position + 1,
                        body: "      <evaluator ftype=\"linear\" slope=\"\(number(slope))\" offset=\"\(number(offset))\"/>\n")
                case (.real(let lower, _, _), .linear(let slope, let offset)):
                    // GENIUS's real evaluator is absolute: parameter0 + parameter1 * x.
                    text += issueElement(
                        issue, index: position + 1,
                        body: "      <evaluator ftype=\"linear\" parameter0=\"\(number(offset - slope * lower))\" parameter1=\"\(number(slope))\"/>\n"
                    )
                case (.integer, .table) where utility.weights[position] == 0, (.real, .table) where utility.weights[position] == 0:
                    // Weight 0: any evaluation will do.
                    text += issueElement(issue, index: position + 1, body: "      <evaluator ftype=\"linear\" slope=\"0\" offset=\"0\"/>\n")
                default:
                    throw FormatError(
                        file: file,
                        "party '\(party.name)', issue '\(issue.name)': GENIUS evaluates integer and real issues linearly; this one has a table")
                }
                text += "    <weight index=\"\(position + 1)\" value=\"\(number(utility.weights[position]))\"/>\n"
            }
            text += "  </objective>\n"
        }
        text += "  <reservation value=\"\(number(profile.reservationValue))\"/>\n"
        if let factor = profile.discountFactor {
            let genius = profile.discounts && profile.discountSpan == .round ? pow(factor, Double(max(1, scenario.talks.rounds))) : factor
            text += "  <discount_factor value=\"\(number(genius))\"/>\n"
        }
        text += "</utility_space>\n"
        return text
    }
}
