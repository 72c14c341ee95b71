import Foundation
import Parley
import ParleySupport

/// Reads GENIUS's published Pareto frontier (`pareto.xml` in the ANAC 2014 folders).
///
/// Despite its name the file is plain text: one frontier point per line, the parties'
/// utilities separated by commas (`0.6279683, 1.0`), in profile order. Blank lines are
/// skipped. GENIUS wrote the utilities as 32-bit floats, so they agree with exact utilities
/// to about 1e-7, not to the last bit.
package enum GeniusPareto {
    /// The points of the frontier file at `url`, each with one utility per party.
    package static func read(from url: URL) throws(FormatError) -> [[Double]] {
        let path = url.path
        guard let text = String(bytes: try readBytes(path), encoding: .utf8) else {
            throw FormatError(file: path, "is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// The points of frontier text; `file` names it in errors.
    package static func parse(_ text: String, file: String) throws(FormatError) -> [[Double]] {
        var points = [[Double]]()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            var point = [Double]()
            for field in line.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = field.trimmingCharacters(in: .whitespaces)
                guard let value = Double(trimmed), value.isFinite else {
                    throw FormatError(
                        file: file, line: index + 1,
                        "'\(trimmed)' is not a utility: expected comma-separated numbers such as '0.62, 1.0'")
                }
                point.append(value)
            }
            if let first = points.first, first.count != point.count {
                throw FormatError(
                    file: file, line: index + 1, "\(point.count) utilities on this line but \(first.count) on the first point's line")
            }
            points.append(point)
        }
        return points
    }
}

extension GeniusPareto {
    /// How a published frontier compares with a computed one.
    package struct Comparison: Sendable, Hashable {
        /// Published points some computed point equals (within `tolerance(of:)`).
        package var matched: Int
        /// Published points some computed point strictly dominates.
        package var dominated: Int
        /// Published points no computed point matches or dominates: each one is an outcome the
        /// computed frontier misses (a bug, if the published point is achievable).
        package var uncovered: [[Double]]
        /// Computed points some published point strictly dominates (a bug, if it is achievable).
        package var beaten: [[Double]]
    }

    /// How far a published utility may lie from the exact one: GENIUS printed 32-bit floats,
    /// so one float ulp (about 6e-8 near 1), and never less than 1e-9.
    package static func tolerance(of published: Double) -> Double {
        max(1e-9, Double(Float(published).ulp))
    }

    /// Compares `published` points with `computed` utility vectors.
    package static func compare(published: [[Double]], computed: [[Double]]) -> Comparison {
        func matches(_ p: [Double], _ q: [Double]) -> Bool {
            p.count == q.count && zip(p, q).allSatisfy { abs($0 - $1) <= tolerance(of: $1) }
        }
        // `p` strictly dominates `q`: no worse anywhere beyond the tolerance, better somewhere.
        func dominates(_ p: [Double], _ q: [Double], toleranceFrom reference: [Double]) -> Bool {
            guard p.count == q.count else { return false }
            let slack = reference.map(tolerance(of:))
            return (0..<p.count).allSatisfy { p[$0] >= q[$0] - slack[$0] } && (0..<p.count).contains { p[$0] > q[$0] + slack[$0] }
        }
        var comparison = Comparison(matched: 0, dominated: 0, uncovered: [], beaten: [])
        for point in published {
            if computed.contains(where: { matches($0, point) }) {
                comparison.matched += 1
            } else if computed.contains(where: { dominates($0, point, toleranceFrom: point) }) {
                comparison.dominated += 1
            } else {
                comparison.uncovered.append(point)
            }
        }
        comparison.beaten = computed.filter { mine in published.contains { dominates($0, mine, toleranceFrom: $0) } }
        return comparison
    }
}
