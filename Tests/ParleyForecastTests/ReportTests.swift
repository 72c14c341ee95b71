import Parley
import ParleyForecast
import ParleyReports
import ParleySupport
import Testing

@Suite("Forecast reports")
struct ReportTests {
    @Test("the table shows each round and the forecast; JSON and HTML carry the same numbers")
    func renders() throws {
        let issue = try ForecastFixtures.emissionsIssue()
        let trace = ExpectedUtilityModel().run(issue, rounds: 3)
        let spread = MonteCarloForecast(model: ExpectedUtilityModel(), draws: 20, seed: 3).run(issue, rounds: 3)
        let report = ForecastReport(forecasts: [IssueForecast(issue: issue, trace: trace, distribution: spread)], seed: 3)
        #expect(report.table.contains("round  Netherlands"))
        #expect(report.table.contains("Forecast: \(ForecastReport.fixed(trace.forecast)) after"))
        #expect(report.json["issues"].flatMap { if case .array(let items) = $0 { items.first?["forecast"] } else { nil } } == .number(trace.forecast))
        let html = report.html(title: "Emissions <test>")
        #expect(html.contains("<title>Emissions &lt;test&gt;</title>"))
        #expect(html.contains("<svg"))
        #expect(html.contains("10th–90th percentile"))
        #expect(!html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
    }

    @Test("chart ticks are round numbers inside the range")
    func ticks() {
        #expect(LineChart.ticks(0...100) == [0, 20, 40, 60, 80, 100])
        #expect(LineChart.ticks(4...10) == [4, 5, 6, 7, 8, 9, 10])
    }

    @Test("HTML escaping covers markup and quotes")
    func escaping() {
        #expect(Markup.escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
    }
}
