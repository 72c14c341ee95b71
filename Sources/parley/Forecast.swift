import ArgumentParser
import Foundation
import Parley
import ParleyForecast
import ParleyFormats
import ParleyReports
import ParleySupport

extension ParleyCommand {
    struct Forecast: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forecast where a dispute settles from a stakeholder table (capability, position, salience).",
            discussion: """
                The table is CSV (or a YAML file with a 'stakeholders: |' block); see docs/forecast.md. \
                With no table, the bundled Geneva table (Scenarios/us-iran-forecast.csv).

                Examples:
                  parley forecast
                  parley forecast Scenarios/us-iran-forecast.csv --model eu --draws 1000 --report geneva.html
                  parley forecast table.csv --model eu --reading paper --rounds 8 --json
                  parley forecast --backtest Tests/Fixtures/deu3 --draws 1000
                """
        )

        enum ModelName: String, ExpressibleByArgument, CaseIterable {
            case eu, mean, median
        }

        @Argument(help: "A stakeholder table (.csv, or .yaml with a 'stakeholders: |' block). Default: the Geneva table.")
        var table: String?

        @Option(help: "The model: eu (expected utility), mean (compromise model) or median (weighted median).")
        var model: ModelName = .eu

        @Option(
            help:
                "The reading of the expected-utility model: scholz-code (default; Scholz, Calbert & Smith's code), paper (eq. 35 as printed) or swapped (Parley's earlier reading)."
        )
        var reading: String?

        @Option(
            help: "The most rounds of bargaining (the paper and swapped readings of the expected-utility model stop earlier when no one moves)."
        )
        var rounds = 20

        @Option(help: "Monte Carlo draws within the table's declared uncertainty (0: none).")
        var draws = 0

        @Option(help: "The seed of the Monte Carlo draws.")
        var seed: UInt64 = 1

        @Flag(help: "Print one JSON object instead of tables.")
        var json = false

        @Option(help: "Also write an HTML report (positions over rounds, Monte Carlo spread) to this file.")
        var report: String?

        @Option(help: "Backtest every model on the DEU III extract in this folder instead of forecasting a table.")
        var backtest: String?

        @Flag(help: "Time the expected-utility model (swapped reading) on a seeded random table of 30 actors for 100 rounds, and exit.")
        var benchmark = false

        func validate() throws {
            guard rounds >= 0 else { throw ValidationError("--rounds must be 0 or more") }
            guard draws >= 0 else { throw ValidationError("--draws must be 0 or more") }
            guard reading == nil || model == .eu else { throw ValidationError("--reading applies to --model eu only") }
        }

        func chosenModel(_ reading: ExpectedUtilityModel.Reading) -> any StakeholderModel {
            switch model {
            case .eu: ExpectedUtilityModel(options: .init(reading: reading))
            case .mean: CompromiseModel()
            case .median: WeightedMedianModel()
            }
        }

        func run() async throws {
            if benchmark { return runBenchmark() }
            if let backtest { return try await runBacktest(backtest) }
            var chosenReading = ExpectedUtilityModel.Options().reading
            if let reading {
                guard let known = ExpectedUtilityModel.Reading(rawValue: reading) else {
                    let names = ExpectedUtilityModel.Reading.allCases.map(\.rawValue).joined(separator: ", ")
                    printError("unknown reading '\(reading)' for --reading; choose one of \(names)")
                    throw ExitCode(2)
                }
                chosenReading = known
            }
            let path = table ?? BundledScenarios.defaultForecastTable
            let parsed: StakeholderTable
            do {
                if let table {
                    parsed = try StakeholderTable.read(contentsOf: table)
                } else {
                    parsed = try StakeholderTable.parse(csv: BundledScenarios.file(path) ?? "", file: path)
                }
            } catch {
                printError(error.description)
                throw ExitCode(2)
            }
            let chosen = chosenModel(chosenReading)
            var forecasts: [IssueForecast] = []
            for issue in parsed.issues {
                let trace = chosen.run(issue, rounds: rounds)
                var spread: ForecastDistribution?
                if draws > 0 {
                    if draws >= 200 { printError("\(issue.name): \(draws) Monte Carlo draws…") }
                    spread = monteCarlo(chosen, issue)
                }
                forecasts.append(IssueForecast(issue: issue, trace: trace, distribution: spread))
            }
            let output = ForecastReport(forecasts: forecasts, seed: seed)
            print(json ? output.json.pretty : output.table)
            if let report {
                try ReportFile.write(output.html(title: "Forecast: \((path as NSString).lastPathComponent)"), to: report)
            }
        }

        func monteCarlo(_ chosen: any StakeholderModel, _ issue: ForecastIssue) -> ForecastDistribution {
            func run<M: StakeholderModel>(_ model: M) -> ForecastDistribution {
                MonteCarloForecast(model: model, draws: draws, seed: seed).run(issue, rounds: rounds)
            }
            return run(chosen)
        }

        /// 30 actors × 100 rounds, every round run (no early stop); the median of 21 timed runs.
        func runBenchmark() {
            var generator = SeededGenerator(seed: seed)
            let actors = (0..<30).map { index in
                Stakeholder(
                    name: "actor \(index + 1)", capability: 1 + generator.unit() * 99, position: generator.unit() * 100,
                    salience: generator.unit())
            }
            let issue = ForecastIssue(name: "benchmark", scale: 0...100, stakeholders: actors)
            let model = ExpectedUtilityModel(options: .init(reading: .swapped, stopping: .allRounds))
            let clock = ContinuousClock()
            var times: [Duration] = []
            var checksum = 0.0
            for _ in 0..<21 {
                let start = clock.now
                let trace = model.run(issue, rounds: 100)
                times.append(clock.now - start)
                checksum += trace.forecast
            }
            times.sort()
            print(
                "expected utility (swapped reading), 30 actors × 100 rounds: median \(times[10]), fastest \(times[0]) (forecast \(ForecastReport.fixed(checksum / 21)))"
            )
        }

        func runBacktest(_ folder: String) async throws {
            let clock = ContinuousClock()
            let start = clock.now
            let dataset: DEUDataset
            do {
                dataset = try DEUDataset.load(from: folder)
            } catch {
                printError(error.description)
                throw ExitCode(2)
            }
            let backtestRounds = table == nil && rounds == 20 ? 10 : rounds
            let split = dataset.split
            printError("DEU III: \(dataset.issues.count) scoreable issues of \(dataset.rowCount); running the models…")
            let standard = await DEUBacktest.evaluate(dataset, DEUBacktest.standardPredictors(rounds: backtestRounds))
            printError("tuning on the training half…")
            let tuned = await DEUBacktest.tune(dataset, rounds: backtestRounds)
            printError("procedure, Nash bargaining and a learned combination, 10-fold cross-validation…")
            let beyond = DEUCombination.evaluate(dataset)
            let modelsDone = clock.now
            var monteCarlo: [MonteCarloBacktestResult] = []
            if draws > 0 {
                printError("Monte Carlo: \(draws) draws per issue…")
                monteCarlo.append(
                    await DEUBacktest.monteCarlo(
                        dataset, name: "compromise (salience), Monte Carlo", model: CompromiseModel(), capability: .equal, draws: draws,
                        rounds: 0, seed: seed))
                monteCarlo.append(
                    await DEUBacktest.monteCarlo(
                        dataset, name: "expected utility (salience), Monte Carlo", model: ExpectedUtilityModel(options: .init(reading: .swapped)),
                        capability: .equal,
                        draws: draws, rounds: backtestRounds, seed: seed))
            }
            let end = clock.now
            if json {
                func row(_ result: BacktestResult) -> JSONValue {
                    .object([
                        ("model", .string(result.name)), ("all", .number(result.all)), ("training", .number(result.training)),
                        ("test", .number(result.test)), ("tuned", .bool(result.tuned)),
                    ])
                }
                let value = JSONValue.object([
                    ("issues", .int(dataset.issues.count)), ("training", .int(split.training.count)), ("test", .int(split.test.count)),
                    ("rounds", .int(backtestRounds)), ("models", .array((standard + tuned).map(row))),
                    (
                        "beyondCompromise",
                        .object([
                            ("procedureApplies", .int(beyond.procedureApplies)), ("folds", .int(DEUCombination.folds)),
                            (
                                "models",
                                .array(
                                    beyond.rows.map {
                                        .object([
                                            ("model", .string($0.name)), ("training", .number($0.training)), ("test", .number($0.test)),
                                            ("crossValidated", .number($0.crossValidated)),
                                            ("differenceFromCompromise", .number($0.paired.meanDifference)),
                                            ("standardError", .number($0.paired.standardError)),
                                        ])
                                    })
                            ),
                        ])
                    ),
                    (
                        "monteCarlo",
                        .array(
                            monteCarlo.map {
                                .object([
                                    ("model", .string($0.name)), ("draws", .int($0.draws)), ("medianError", .number($0.medianError)),
                                    ("coverage", .number($0.coverage)), ("meanWidth", .number($0.meanWidth)),
                                ])
                            })
                    ),
                    ("seconds", .number(Double((end - start).components.seconds) + Double((end - start).components.attoseconds) / 1e18)),
                ])
                print(value.pretty)
                return
            }
            print(
                "DEU III backtest: \(dataset.issues.count) scoreable issues (training \(split.training.count), test \(split.test.count)); mean absolute error on 0–100; expected utility runs at most \(backtestRounds) rounds"
            )
            var table = TextTable(header: ["model", "all", "training", "test"], numeric: [1, 2, 3])
            for result in standard + tuned {
                table.append([
                    result.name, ForecastReport.fixed(result.all), ForecastReport.fixed(result.training), ForecastReport.fixed(result.test),
                ])
            }
            print(table.rendered)
            print("")
            print(
                "Beyond the compromise model (GDP capability; the procedure applies to \(beyond.procedureApplies) issues with a reference point and a Commission position, the others get the compromise figure); cross-validated: \(DEUCombination.folds) folds by proposal, chosen on nine, scored on the tenth; difference: out-of-fold error minus the compromise model's, standard error clustered by proposal"
            )
            var better = TextTable(header: ["model", "training", "test", "cross-validated", "difference", "t"], numeric: [1, 2, 3, 4, 5])
            for row in beyond.rows {
                better.append([
                    row.name, ForecastReport.fixed(row.training), ForecastReport.fixed(row.test), ForecastReport.fixed(row.crossValidated),
                    ForecastReport.fixed(row.paired.meanDifference) + " ± " + ForecastReport.fixed(row.paired.standardError),
                    ForecastReport.fixed(row.paired.t),
                ])
            }
            print(better.rendered)
            if !monteCarlo.isEmpty {
                var spread = TextTable(
                    header: ["Monte Carlo", "draws", "error of median", "10–90 coverage", "mean 10–90 width"], numeric: [1, 2, 3, 4])
                for result in monteCarlo {
                    spread.append([
                        result.name, String(result.draws), ForecastReport.fixed(result.medianError),
                        ForecastReport.fixed(result.coverage * 100, 1) + " %", ForecastReport.fixed(result.meanWidth),
                    ])
                }
                print("")
                print(spread.rendered)
            }
            print("")
            print(
                "Elapsed: models and tuning \(formatDuration(modelsDone - start)), Monte Carlo \(formatDuration(end - modelsDone)), total \(formatDuration(end - start))"
            )
        }
    }
}
