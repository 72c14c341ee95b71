import Foundation
import ParleyTestSupport
import Testing

/// `parley tournament report --csv --report`: the ANAC-style breakdown and its heat maps, as a
/// user runs them.
@Suite("parley tournament report with the breakdown")
struct TournamentReportCommandTests {
    @Test("the report writes one CSV line per agent, opponent and domain, and a page with the heat maps")
    func breakdown() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("t.sqlite").path
        let played = try ParleyExecutable.run([
            "tournament", "run", Fixtures.genius("y2012-RentalHouseA").path, "--negotiators", "boulware,conceder", "--rounds", "40",
            "--repetitions", "2", "--database", database,
        ])
        #expect(played.status == 0, "\(played.error)")
        let csv = directory.appendingPathComponent("t.csv").path
        let page = directory.appendingPathComponent("t.html").path
        let report = try ParleyExecutable.run(["tournament", "report", database, "--csv", csv, "--report", page])
        #expect(report.status == 0, "\(report.error)")
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\r\n")
        // Per agent: all, and per opponent (boulware, conceder) over all domains and on the one domain.
        #expect(lines.count == 1 + 2 * (1 + 2 * 2))
        #expect(lines.contains { $0.hasPrefix("boulware,conceder,y2012-RentalHouseA,4,") })
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("Mean utility, strategy × opponent"))
        #expect(html.contains("class=\"heatmap\""))
        #expect(html.contains("95 % interval"))
    }
}
