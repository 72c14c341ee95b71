import Foundation
import Parley
import ParleySupport

/// What the files of a scenario folder share across the GENIUS, GeniusWeb and NegMAS formats:
/// telling the formats apart by content, reading a bounded file, naming party files so that a
/// sorted listing keeps the party order, and writing the files.
public enum ScenarioFolder {
    /// The folder formats Parley reads and writes.
    public enum Kind: String, Sendable, CaseIterable {
        /// GENIUS 1 XML: a domain file and a profile per party.
        case genius
        /// GeniusWeb JSON: a domain file and a `LinearAdditiveUtilitySpace` profile per party.
        case geniusWeb = "geniusweb"
        /// NegMAS YAML or JSON, as `negmas.inout.Scenario.dumpas` writes it.
        case negmas
    }

    /// The largest file a folder reader reads, in bytes.
    public static let fileSizeLimit = 64 << 20

    /// The format of the files in `folder`, told apart by content: XML files are GENIUS; YAML
    /// files, or JSON files with a `type` naming an outcome space, are NegMAS; JSON files with
    /// `issuesValues` are GeniusWeb. Nil when no file says.
    public static func kind(of folder: String) throws(FormatError) -> Kind? {
        let names = try fileNames(in: folder)
        if names.contains(where: { $0.lowercased().hasSuffix(".xml") }) { return .genius }
        if names.contains(where: { [".yml", ".yaml"].contains(where: $0.lowercased().hasSuffix) }) { return .negmas }
        for name in names where name.lowercased().hasSuffix(".json") {
            let bytes = try readBounded((folder as NSString).appendingPathComponent(name))
            // A cheap look at the top-level keys: a full parse follows in the reader.
            guard let text = String(validating: bytes.prefix(1 << 16), as: UTF8.self) ?? String(validating: bytes, as: UTF8.self) else { continue }
            if text.contains("\"issuesValues\"") || text.contains("\"LinearAdditiveUtilitySpace\"") { return .geniusWeb }
            if text.contains("OutcomeSpace\"") || text.contains("UtilityFunction\"") || text.contains("UFun\"") { return .negmas }
        }
        return nil
    }

    /// The names of the visible files of `folder`, sorted as NegMAS and Python sort them (by
    /// Unicode scalar values).
    static func fileNames(in folder: String) throws(FormatError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted {
                $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars)
            }
        } catch {
            throw FormatError(file: folder, "cannot list the folder: \(error.localizedDescription)")
        }
    }

    /// A file's bytes, refused above `fileSizeLimit`.
    static func readBounded(_ path: String) throws(FormatError) -> [UInt8] {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > fileSizeLimit {
            throw FormatError(file: path, "is \(size) bytes; a scenario file may have at most \(fileSizeLimit)")
        }
        return try readBytes(path)
    }

    /// A file's UTF-8 text, bounded.
    static func readText(_ path: String) throws(FormatError) -> String {
        let bytes = try readBounded(path)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw FormatError(file: path, "is not UTF-8 text") }
        return text
    }

    /// File names for the parties, in party order, that sort in that order: a zero-padded
    /// position, then the party's name (`1-Buyer.json`, or `01-…` from ten parties on).
    static func partyFileNames(_ parties: [Party], extension suffix: String) -> [String] {
        let width = String(parties.count).count
        return parties.enumerated().map { position, party in
            let number = String(position + 1)
            return String(repeating: "0", count: width - number.count) + number + "-" + GeniusExporter.fileName(party.name) + "." + suffix
        }
    }

    /// Writes `files` into `folder` (created if missing).
    static func write(_ files: [(name: String, text: String)], to folder: String, format: String) throws(FormatError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for file in files {
                try file.text.write(toFile: (folder as NSString).appendingPathComponent(file.name), atomically: true, encoding: .utf8)
            }
        } catch {
            throw FormatError(file: folder, "cannot write the \(format) folder: \(error.localizedDescription)")
        }
    }

    /// What Parley holds beyond preferences, which none of the folder formats carries.
    static func talksOmitted(_ scenario: Scenario) -> [String] {
        var omitted = [String]()
        let breakdown = scenario.parties.filter { $0.profile.breakdownValue != $0.profile.reservationValue }.map(\.name)
        if !breakdown.isEmpty { omitted.append("breakdown values (\(breakdown.joined(separator: ", ")))") }
        if let mediator = scenario.mediator { omitted.append("the mediator (\(mediator.name))") }
        if scenario.talks != Talks() { omitted.append("the talks (protocol, deadline, agenda, hazard)") }
        return omitted
    }

    /// The issue's option values as numbers, for integer and real issues.
    static func numericValues(_ issue: Issue) -> [Double] { (0..<issue.count).map(issue.value(at:)) }

    /// A linear valuation's two ends on a numeric issue, when the line stays within [0, 1]
    /// over the issue (so that no clipping bends it); nil otherwise.
    static func unclippedEnds(slope: Double, offset: Double, issue: Issue) -> (low: Double, high: Double)? {
        let span = issue.value(at: issue.count - 1) - issue.value(at: 0)
        let low = offset
        let high = offset + slope * span
        return (0...1).contains(low) && (0...1).contains(high) ? (low, high) : nil
    }
}
