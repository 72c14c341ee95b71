import Foundation
import Parley
import ParleyFormats
import ParleyReports
import ParleySupport
import ParleyTestSupport
import Testing

/// The session report's figure: each party's utility over the rounds beside the utility space,
/// offers drawn visibly even on the edges of the space, and the settled/open timeline only
/// where issues are settled one by one.
@Suite("The session report page")
struct SessionReportPageTests {
    static let path = Fixtures.packageRoot.appendingPathComponent("Scenarios/us-iran-geneva-2026.yaml").path

    func report(protocol kind: ProtocolKind? = nil) throws -> SessionReport {
        let read = try ScenarioFile.read(from: Self.path)
        let scenario = try read.overriding(protocol: kind, rounds: nil)
        let names = scenario.parties.map { scenario.talks.negotiators[$0.name] ?? "linear" }
        let negotiators = try names.map { name throws(SessionError) in try Strategies.negotiator(named: name) }
        let mediator = scenario.needsMediator ? try Strategies.mediator(named: SessionSetup.defaultMediator(for: scenario.talks.protocolKind)) : nil
        let trace = try Session(scenario: scenario, seed: 3).run(negotiators: negotiators, mediator: mediator)
        return SessionReport(
            scenario: scenario, trace: trace, analysis: try? OutcomeAnalysis(scenario: scenario), strategies: names,
            mediatorStrategy: mediator == nil ? nil : "default", seed: 3)
    }

    @Test("each party's utility over the rounds is drawn beside the utility space, with every proposal")
    func figure() throws {
        let html = try report().html
        #expect(html.contains("Utilities over the rounds and the utility space"))
        #expect(html.contains("<title>Utility to United States</title>"))
        #expect(html.contains("<title>Utility to Iran</title>"))
        #expect(html.contains("<title>Utility space</title>"))
        let overRounds = try #require(html.range(of: "class=\"utility-over-rounds\""))
        let space = try #require(html.range(of: "class=\"utility-space\""))
        #expect(overRounds.lowerBound < space.lowerBound)
        // Each actor's proposals, as lines with a dot per proposal, in both figures.
        for label in ["offers of United States", "offers of Iran", "texts of Oman"] {
            #expect(html.components(separatedBy: ">\(label)</text>").count - 1 == 3, "\(label): once per chart legend")
        }
        let dots = html.components(separatedBy: "<circle").count - 1
        #expect(dots > 50, "only \(dots) dots")
        #expect(html.contains("reservation value"))
        // Indirect talks with issues held off the table: the timeline means something.
        #expect(html.contains("Settled and open issues"))
    }

    @Test("plain alternating offers have no settled/open timeline")
    func noTimeline() throws {
        let html = try report(protocol: .alternatingOffers).html
        #expect(html.contains("<title>Utility to Iran</title>"))
        #expect(html.contains("offers of Iran"))
        #expect(!html.contains("texts of Oman"))
        let holds = try ScenarioFile.read(from: Self.path).talks.agenda.holds
        #expect(html.contains("Settled and open issues") == !holds.isEmpty)
    }

    @Test("offers on the edges of the utility space are drawn inside the frame")
    func edges() {
        var chart = UtilitySpaceChart(title: "edges", xLabel: "a", yLabel: "b")
        chart.trajectories = [.init(name: "offers of A", points: [(0, 0), (1, 1), (0, 1)], color: "#123456")]
        let svg = chart.svg
        let frame = svg.firstMatch(of: /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="none"/)
        let circles = svg.matches(of: /<circle cx="([\d.]+)" cy="([\d.]+)" r="3.2" fill="#123456"/)
        #expect(circles.count == 3)
        guard let frame, let left = Double(frame.1), let top = Double(frame.2), let width = Double(frame.3), let height = Double(frame.4) else {
            Issue.record("no frame")
            return
        }
        for circle in circles {
            let x = Double(circle.1)!
            let y = Double(circle.2)!
            #expect(x >= left + 6 && x <= left + width - 6, "x \(x) on the frame")
            #expect(y >= top + 6 && y <= top + height - 6, "y \(y) on the frame")
        }
    }

    @Test("a line chart draws a dot for every point of a series of proposals")
    func dots() {
        var chart = LineChart(title: "t", xLabel: "x", yLabel: "y", yRange: -0.03...1.03)
        chart.series = [.init(name: "offers", points: [.init(x: 0, y: 0), .init(x: 1, y: 1), .init(x: 2, y: 0.5)], color: "#abcdef", dots: true)]
        #expect(chart.svg.components(separatedBy: "<circle").count - 1 == 3)
    }
}
