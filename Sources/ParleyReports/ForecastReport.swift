import Foundation
import Parley
import ParleyForecast
import ParleySupport

/// The forecast of one issue: the model's trace and, when asked for, its Monte Carlo spread.
public struct IssueForecast: Sendable {
    /// The issue forecast: its scale, stakeholders and summary.
    public var issue: ForecastIssue
    /// What the model did to `issue`; its positions are by stakeholder, in `issue`'s order.
    public var trace: ForecastTrace
    /// The Monte Carlo percentiles per round; nil when no draws were run (no spread, no histogram).
    public var distribution: ForecastDistribution?
    /// The final forecast of every Monte Carlo draw, for the histogram; when nil, the report
    /// draws them again from the model named in the trace, the distribution's draws and rounds,
    /// and the report's seed (the same draws: each is seeded on its own).
    public var finalDraws: [Double]?

    /// A forecast of `issue`, with its Monte Carlo spread and draws when given.
    public init(issue: ForecastIssue, trace: ForecastTrace, distribution: ForecastDistribution? = nil, finalDraws: [Double]? = nil) {
        self.issue = issue
        self.trace = trace
        self.distribution = distribution
        self.finalDraws = finalDraws
    }

    /// The final forecast of each of `draws` Monte Carlo draws, as `MonteCarloForecast` runs them.
    public static func finalDraws(of model: some StakeholderModel, issue: ForecastIssue, draws: Int, rounds: Int, seed: UInt64) -> [Double] {
        (0..<max(draws, 0)).map { draw in
            var generator = SeededGenerator(seed: SeededGenerator.derive(seed, UInt64(draw)))
            let forecasts = model.forecasts(MonteCarloForecast<WeightedMedianModel>.perturb(issue, using: &generator), rounds: rounds)
            return forecasts[min(rounds, forecasts.count - 1)]
        }
    }

    /// The model a trace names, with the options the command line uses.
    static func model(named name: String) -> (any StakeholderModel)? {
        [ExpectedUtilityModel() as any StakeholderModel, CompromiseModel(), WeightedMedianModel()].first { $0.name == name }
    }

    /// The final forecasts of the draws: given, or drawn again; nil when they cannot be drawn
    /// again or do not match the distribution's percentiles.
    func finals(seed: UInt64) -> [Double]? {
        guard let spread = distribution, spread.draws > 0 else { return nil }
        if let finalDraws { return finalDraws }
        guard let model = Self.model(named: trace.model) else { return nil }
        func draw<M: StakeholderModel>(_ model: M) -> [Double] {
            Self.finalDraws(of: model, issue: issue, draws: spread.draws, rounds: spread.perRound.count - 1, seed: seed)
        }
        let values = draw(model)
        let check = Percentiles(values)
        let final = spread.final
        guard abs(check.median - final.median) < 1e-9, abs(check.p10 - final.p10) < 1e-9, abs(check.p90 - final.p90) < 1e-9 else { return nil }
        return values
    }
}

/// Renders forecasts as a terminal table, JSON and a self-contained HTML report.
public struct ForecastReport: Sendable {
    /// The issues' forecasts, reported in this order.
    public var forecasts: [IssueForecast]
    /// The seed of the Monte Carlo draws (reported so a run can be replayed).
    public var seed: UInt64

    /// A report of `forecasts`, whose Monte Carlo draws were run from `seed`.
    public init(forecasts: [IssueForecast], seed: UInt64) {
        self.forecasts = forecasts
        self.seed = seed
    }

    /// A number with `decimals` decimals, the same on every platform and locale.
    public static func fixed(_ value: Double, _ decimals: Int = 2) -> String {
        guard value.isFinite else { return "n/a" }
        return String(format: "%.\(decimals)f", locale: Locale(identifier: "en_US_POSIX"), value)
    }

    /// Per issue: each actor's position per round, the weighted median and mean, and the forecast.
    public var table: String {
        forecasts.map { item in
            let issue = item.issue
            var lines: [String] = []
            let title = issue.summary.isEmpty ? issue.name : "\(issue.name): \(issue.summary)"
            lines.append(
                "\(title) (scale \(Self.fixed(issue.scale.lowerBound, 0))–\(Self.fixed(issue.scale.upperBound, 0)), model \(item.trace.model))")
            let names = issue.stakeholders.map(\.name)
            var table = TextTable(header: ["round"] + names + ["median", "mean"], numeric: Set(0..<(names.count + 3)))
            for (round, state) in item.trace.rounds.enumerated() {
                table.append([String(round)] + state.positions.map { Self.fixed($0, 1) } + [Self.fixed(state.median, 2), Self.fixed(state.mean, 2)])
            }
            lines.append(table.rendered)
            let rounds = item.trace.rounds.count - 1
            lines.append("Forecast: \(Self.fixed(item.trace.forecast)) after \(rounds) round\(rounds == 1 ? "" : "s")")
            if let spread = item.distribution {
                let final = spread.final
                lines.append(
                    "Monte Carlo (\(spread.draws) draws, seed \(seed)): median \(Self.fixed(final.median)), 10th–90th percentile \(Self.fixed(final.p10))–\(Self.fixed(final.p90))"
                )
            }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    /// One JSON object: per issue the rounds (positions by actor), the forecast and the spread.
    public var json: JSONValue {
        .object([
            ("seed", .number(Double(seed))),
            (
                "issues",
                .array(
                    forecasts.map { item in
                        var fields: [(String, JSONValue)] = [
                            ("name", .string(item.issue.name)),
                            ("summary", .string(item.issue.summary)),
                            ("scale", .numbers([item.issue.scale.lowerBound, item.issue.scale.upperBound])),
                            ("model", .string(item.trace.model)),
                            ("actors", .array(item.issue.stakeholders.map { .string($0.name) })),
                            (
                                "rounds",
                                .array(
                                    item.trace.rounds.enumerated().map { round, state in
                                        .object([
                                            ("round", .int(round)), ("positions", .numbers(state.positions)),
                                            ("median", .number(state.median)), ("mean", .number(state.mean)),
                                            ("forecast", .number(item.trace.forecasts[round])),
                                        ])
                                    })
                            ),
                            ("forecast", .number(item.trace.forecast)),
                        ]
                        if let spread = item.distribution {
                            fields.append(
                                (
                                    "monteCarlo",
                                    .object([
                                        ("draws", .int(spread.draws)),
                                        ("p10", .number(spread.final.p10)), ("median", .number(spread.final.median)),
                                        ("p90", .number(spread.final.p90)),
                                        (
                                            "perRound",
                                            .array(
                                                spread.perRound.map {
                                                    .object([("p10", .number($0.p10)), ("median", .number($0.median)), ("p90", .number($0.p90))])
                                                })
                                        ),
                                    ])
                                ))
                        }
                        return .object(fields)
                    })
            ),
        ])
    }

    /// The HTML report: per issue the stakeholder table, positions over rounds and a histogram of
    /// the Monte Carlo draws' final outcomes (the spread over rounds when the draws are unknown).
    public func html(title: String) -> String {
        var page = HTMLPage(title: title, subtitle: "Stakeholder forecast: positions over rounds and the predicted settlement.")
        for item in forecasts {
            let issue = item.issue
            let rows = issue.stakeholders.enumerated().map { index, actor in
                [
                    actor.name, Self.fixed(actor.capability), Self.fixed(actor.position, 1),
                    Self.fixed(
                        issue.salienceScale.lowerBound + actor.salience * (issue.salienceScale.upperBound - issue.salienceScale.lowerBound), 1),
                    Self.fixed(item.trace.rounds.last?.positions[index] ?? .nan, 1),
                ]
            }
            var body = issue.summary.isEmpty ? "" : "<p>\(Markup.escape(issue.summary))</p>\n"
            body += HTMLPage.table(header: ["actor", "capability", "position", "salience", "final position"], rows: rows, numeric: [1, 2, 3, 4])
            var chart = LineChart(title: "Positions over rounds (\(item.trace.model))", xLabel: "round", yLabel: issue.name, yRange: issue.scale)
            for (index, actor) in issue.stakeholders.enumerated() {
                chart.series.append(
                    LineChart.Series(
                        name: actor.name,
                        points: item.trace.rounds.enumerated().map { LineChart.Point(x: Double($0.offset), y: $0.element.positions[index]) }))
            }
            chart.series.append(
                LineChart.Series(
                    name: "forecast", points: item.trace.forecasts.enumerated().map { LineChart.Point(x: Double($0.offset), y: $0.element) },
                    color: "#111", dashed: true))
            body += "\n" + chart.svg
            body += "\n<p>Forecast: <strong>\(Self.fixed(item.trace.forecast))</strong> after \(item.trace.rounds.count - 1) rounds.</p>\n"
            if let spread = item.distribution {
                let summary = spread.final
                if let finals = item.finals(seed: seed) {
                    var histogram = HistogramChart(
                        title: "Final outcomes of \(spread.draws) Monte Carlo draws", xLabel: issue.name, values: finals, range: issue.scale)
                    histogram.shaded = ("10th–90th percentile", summary.p10...max(summary.p10, summary.p90))
                    histogram.marks = [
                        .init(name: "median of the draws", value: summary.median, color: "#e15759"),
                        .init(name: "forecast", value: item.trace.forecast, color: "#111", dashed: true),
                    ]
                    body += histogram.svg
                } else {
                    var band = LineChart(
                        title: "Monte Carlo spread (\(spread.draws) draws)", xLabel: "round", yLabel: issue.name, yRange: issue.scale)
                    band.bands.append(
                        LineChart.Band(
                            name: "10th–90th percentile",
                            points: spread.perRound.enumerated().map { (x: Double($0.offset), lower: $0.element.p10, upper: $0.element.p90) }))
                    band.series.append(
                        LineChart.Series(
                            name: "median", points: spread.perRound.enumerated().map { LineChart.Point(x: Double($0.offset), y: $0.element.median) },
                            color: "#4e79a7"))
                    body += band.svg
                }
                body +=
                    "\n<p>Monte Carlo (seed \(seed)): median \(Self.fixed(spread.final.median)), 10th–90th percentile \(Self.fixed(spread.final.p10))–\(Self.fixed(spread.final.p90)).</p>\n"
            }
            page.append(issue.name, html: body)
        }
        return page.rendered
    }
}
