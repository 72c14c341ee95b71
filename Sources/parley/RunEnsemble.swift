import ArgumentParser
import Foundation
import Parley
import ParleyForecast
import ParleyFormats
import ParleyReports
import ParleySupport

extension ParleyCommand.Run {
    /// `parley run SCENARIO --ensemble N`: N seeded sessions of the set-up, summarised.
    func runEnsemble(_ count: Int) async throws {
        guard (1...SessionEnsemble.sessionLimit).contains(count) else {
            printError("--ensemble \(count): an ensemble runs 1 to \(SessionEnsemble.sessionLimit) sessions")
            throw ExitCode(2)
        }
        guard timeLimit == nil else {
            throw ValidationError("--time-limit makes sessions depend on timing; it cannot be combined with --ensemble.")
        }
        let setup = try sessionSetup()
        let links = try forecastLinks()
        if vary && setup.scenario.assumptions.isEmpty {
            printError(
                "\(setup.scenario.name): --vary: the scenario marks no assumptions (add an 'assumptions:' section; see docs/scenario-format.md)")
            throw ExitCode(2)
        }
        let onTerminal = isatty(STDERR_FILENO) == 1
        if count >= 1000 && !onTerminal { printError("\(setup.scenario.name): \(count) sessions…") }
        let summary: EnsembleSummary
        var sensitivity: AssumptionSensitivity?
        do {
            summary = try await SessionEnsemble(setup: setup, sessions: count, seed: seed, variesAssumptions: vary).run { finished in
                if onTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K\(finished) of \(count) sessions…".utf8)) }
            }
            if vary {
                sensitivity = try await AssumptionSensitivity.measure(
                    setup: setup, sessions: min(count, AssumptionSensitivity.defaultSessions), seed: seed,
                    jobs: ProcessInfo.processInfo.activeProcessorCount
                ) { finished, total in
                    if onTerminal { FileHandle.standardError.write(Data("\r\u{1B}[Ksensitivity: \(finished) of \(total) sessions…".utf8)) }
                }
            }
        } catch {
            if onTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            printError(error.description)
            throw ExitCode.validationFailure
        }
        if onTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let output = EnsembleReport(summary: summary, sensitivity: sensitivity, forecast: links)
        print(json ? output.json.pretty : output.text)
        if let report { try ReportFile.write(output.html, to: report) }
    }

    /// The stakeholder forecast of `--forecast`: each issue's expected-utility forecast (the
    /// default reading and rounds of `parley forecast`) and the compromise model's.
    func forecastLinks() throws -> [EnsembleReport.ForecastLink] {
        guard let forecast else { return [] }
        let table: StakeholderTable
        do {
            if let bundled = BundledScenarios.file(forecast), !FileManager.default.fileExists(atPath: forecast) {
                table = try StakeholderTable.parse(csv: bundled, file: forecast)
            } else {
                table = try StakeholderTable.read(contentsOf: forecast)
            }
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        let model = ExpectedUtilityModel(options: .init())
        return table.issues.map { issue in
            EnsembleReport.ForecastLink(
                issue: issue.name, scale: issue.scale, expectedUtility: model.run(issue, rounds: 20).forecast,
                compromise: CompromiseModel().run(issue).forecast)
        }
    }
}
