import Parley
import ParleyReports

/// A party's own utility of every offer and text it was shown, step by step, against its
/// reservation value: an SVG drawn from its own profile only.
struct RoleChart {
    let scenario: Scenario
    let party: Int
    let events: [TraceEvent]

    var svg: String {
        let profile = scenario.parties[party].profile
        var chart = LineChart(
            title: "Your utility of each text and offer", xLabel: "step", yLabel: "utility to \(scenario.parties[party].name)", yRange: -0.03...1.03)
        var byActor: [(String, [LineChart.Point])] = []
        for event in events where [.offer, .text, .reject, .agreement].contains(event.kind) {
            guard let outcome = event.outcome, scenario.space.contains(outcome) else { continue }
            let point = LineChart.Point(x: Double(event.step), y: profile.utility.utility(of: outcome, in: scenario.space))
            let name = event.kind == .reject ? "\(event.actor) (counter-proposals)" : event.actor
            if let index = byActor.firstIndex(where: { $0.0 == name }) { byActor[index].1.append(point) } else { byActor.append((name, [point])) }
        }
        // A dot per text or offer, and room around the edges, so none is hidden in the frame.
        chart.series = byActor.map { LineChart.Series(name: $0.0, points: $0.1, dots: true) }
        let last = Double(max(1, events.last?.step ?? 1))
        chart.xRange = 0...(last + max(1, last / 40))
        chart.series.append(
            LineChart.Series(
                name: "your reservation value", points: [.init(x: 0, y: profile.reservationValue), .init(x: last, y: profile.reservationValue)],
                color: "#c03", dashed: true))
        chart.width = 640
        chart.height = 300
        return chart.svg
    }
}
