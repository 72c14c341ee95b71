import Foundation
import Parley
import ParleyFormats
import ParleyTestSupport
import Testing

/// Parley's analysis against `Tests/Fixtures/reference/genius-reference.json`, an independent
/// implementation of GENIUS semantics.
@Suite("GENIUS scenarios against the independent reference")
struct GeniusReferenceTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var scenario: String
        var outcomes: Int
        var reservation: [Double]
        var frontier: [[Double]]
        var nash: [Double]?
        var kalai: [Double]?
        var maxWelfare: Double
        var testDescription: String { scenario }
    }

    static let rows: [Row] = {
        let url = Fixtures.geniusReference
        guard let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let rows = root["rows"] as? [[String: Any]]
        else { return [] }
        return rows.compactMap { row in
            guard let frontier = row["frontier"] as? [[Double]] else { return nil }
            return Row(
                scenario: row["scenario"] as! String, outcomes: row["outcomes"] as! Int,
                reservation: row["reservation"] as! [Double], frontier: frontier,
                nash: row["nash"] as? [Double], kalai: row["kalai"] as? [Double],
                maxWelfare: row["max_welfare"] as! Double)
        }
    }()

    @Test("the reference file is there and covers the GENIUS folders")
    func referenceIsPresent() {
        #expect(Self.rows.count >= 70, "expected the reference rows in Tests/Fixtures/reference/genius-reference.json")
    }

    static func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-9 }
    }

    @Test("frontier, Nash, Kalai and max welfare agree to 1e-9", arguments: rows)
    func agreesWithReference(row: Row) throws {
        let scenario = try GeniusImporter().importScenario(from: Fixtures.genius(row.scenario))
        let analysis = try OutcomeAnalysis(scenario: scenario)
        #expect(scenario.space.count == row.outcomes)
        #expect(analysis.reservationValues == row.reservation)

        let ours = analysis.frontier.map(\.utilities)
        let missing = row.frontier.filter { point in !ours.contains { Self.close($0, point) } }
        let extra = ours.filter { point in !row.frontier.contains { Self.close($0, point) } }
        #expect(missing.isEmpty, "reference frontier points Parley lacks: \(missing.prefix(3))")
        #expect(extra.isEmpty, "Parley frontier points the reference lacks: \(extra.prefix(3))")

        let r = analysis.reservationValues
        let best = analysis.bestUtilities
        checkSolution("Nash", ours: analysis.nash, reference: row.nash, frontier: analysis.frontier) { u in
            zip(u, r).reduce(1.0) { $0 * ($1.0 - $1.1) }
        }
        checkSolution("Kalai", ours: analysis.kalaiSmorodinsky, reference: row.kalai, frontier: analysis.frontier) { u in
            (0..<u.count).map { best[$0] > r[$0] ? (u[$0] - r[$0]) / (best[$0] - r[$0]) : 1 }.min()!
        }
        #expect(abs((analysis.maxWelfare?.welfare ?? .nan) - row.maxWelfare) <= 1e-9)
    }

    /// Parley's point equals the reference's, or the two tie (scores within 1e-12) and Parley's
    /// has the lower outcome index: the reference breaks ties by falling welfare, Parley by
    /// the lowest outcome index as DESIGN.md §5 says.
    func checkSolution(
        _ name: String, ours: ScoredOutcome?, reference: [Double]?, frontier: [ScoredOutcome], score: ([Double]) -> Double
    ) {
        guard let ours, let reference else {
            #expect(
                ours == nil && reference == nil, "\(name): Parley \(String(describing: ours?.utilities)), reference \(String(describing: reference))")
            return
        }
        if Self.close(ours.utilities, reference) { return }
        let theirs = frontier.first { Self.close($0.utilities, reference) }
        #expect(theirs != nil, "\(name): the reference point \(reference) is not on Parley's frontier")
        #expect(abs(score(ours.utilities) - score(reference)) <= 1e-12, "\(name): Parley \(ours.utilities) vs reference \(reference)")
        if let theirs { #expect(ours.outcome < theirs.outcome, "\(name): a tie must go to the lower outcome index") }
    }
}
