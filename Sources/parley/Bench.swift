import ArgumentParser
import Foundation
import Parley
import ParleyFormats
import ParleySupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ParleyCommand {
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "Time the analysis of scenarios: frontier and solutions, the outcome walk, peak memory.",
            discussion: """
                Every measurement runs in this process, once to warm up and then --runs times; the table shows medians. \
                "frontier+solutions" is the Pareto frontier with the Nash, Kalai–Smorodinsky, \
                max-welfare and egalitarian points (what NegMAS's pareto_frontier + nash_points + \
                kalai_points compute); "walk" is the zone-of-agreement count, which evaluates every \
                party's utility of every outcome on all cores; "analysis" is everything \
                `parley analyze` computes (loading the files is not timed). Evaluations are \
                outcomes x parties; evaluations/s/core divides them by the walk's CPU time (all \
                threads), so it stays meaningful when other processes share the cores. Peak memory is the process's peak resident set during the \
                scenario's runs; "growth" is that peak minus the resident set before them.

                With no scenario, the default set is y2010-Travel, y2016-parsCat and the synthetic \
                scale scenarios of Tests/Fixtures, run from the repository's root.

                Examples:
                  swift run -c release parley bench
                  swift run -c release parley bench Tests/Fixtures/genius/y2010-Travel --runs 21
                  swift run -c release parley bench --json > bench.jsonl
                """
        )

        @Argument(help: "Scenario folders or files (default: Travel, parsCat and the synthetic scale scenarios).")
        var scenarios: [String] = []

        @Option(help: "Runs per measurement; the table shows the median.")
        var runs = 7

        @Option(name: [.customLong("jobs"), .customLong("workers")], help: "Worker threads for the outcome walk (default: every active core).")
        var jobs: Int?

        @Option(help: "Discretisation step for real-valued GENIUS issues.")
        var realStep: Double?

        @Flag(help: "Print one JSON object per scenario, one per line, instead of a table.")
        var json = false

        func validate() throws {
            guard runs >= 1 else { throw ValidationError("--runs must be at least 1.") }
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        }

        func run() async throws {
            let folders = scenarios.isEmpty ? Self.defaultScenarios() : scenarios
            if folders.isEmpty {
                printError("no scenario given and Tests/Fixtures not found here: name scenario folders, or run from the repository's root")
                throw ExitCode(64)
            }
            let workerCount = jobs ?? OutcomeWalk.defaultWorkerCount
            var rows = [BenchRow]()
            var failed = false
            for folder in folders {
                let scenario: Scenario
                do {
                    scenario = try ScenarioLoader(realStep: realStep).load(folder)
                } catch {
                    printError(error.description)
                    failed = true
                    continue
                }
                FileHandle.standardError.write(Data("bench: \(scenario.name)…\n".utf8))
                do {
                    let row = try measure(scenario, workers: workerCount)
                    rows.append(row)
                    if json { print(row.json.compact) }
                } catch {
                    printError("\(scenario.name): \(error)")
                    failed = true
                }
            }
            if !json { print(Self.table(rows, workers: workerCount, runs: runs)) }
            if failed { throw ExitCode(1) }
        }

        /// Times one scenario.
        func measure(_ scenario: Scenario, workers: Int) throws -> BenchRow {
            let space = scenario.space
            let parties = scenario.parties.count
            let linear = scenario.parties.allSatisfy { $0.profile.utility.isLinearAdditive }
            let outcomes = space.cardinality
            let walkable = outcomes <= OutcomeAnalysis.Options().enumerationLimit

            MemoryGauge.resetPeak()
            let baseline = MemoryGauge.residentBytes()

            // The frontier and the solutions alone: an enumeration limit of 0 skips the walk.
            var frontierSize = 0
            var frontierTimes = [Double]()
            var frontierCPUTimes = [Double]()
            if linear {
                for run in 0...runs {
                    let cpuStart = MemoryGauge.threadCPUSeconds()
                    let (analysis, seconds) = try Self.time {
                        try OutcomeAnalysis(scenario: scenario, options: .init(enumerationLimit: 0))
                    }
                    let cpu = MemoryGauge.threadCPUSeconds() - cpuStart
                    frontierSize = analysis.frontier.count
                    if run > 0 {
                        frontierTimes.append(seconds)
                        frontierCPUTimes.append(cpu)
                    }
                }
            }

            // The walk alone: every party's utility of every outcome.
            var walkTimes = [Double]()
            var walkCPUTimes = [Double]()
            var zopa: Int?
            if walkable {
                let utilities = scenario.parties.map { CompiledUtility($0.profile.utility, space: space) }
                let reservation = scenario.parties.map(\.profile.reservationValue)
                for run in 0...runs {
                    let cpuStart = MemoryGauge.processCPUSeconds()
                    let (count, seconds) = Self.time {
                        OutcomeWalk.countZOPA(space: space, utilities: utilities, reservation: reservation, workers: workers)
                    }
                    let cpu = MemoryGauge.processCPUSeconds() - cpuStart
                    zopa = count
                    if run > 0 {
                        walkTimes.append(seconds)
                        walkCPUTimes.append(cpu)
                    }
                }
            }

            // Everything `parley analyze` computes.
            var analysisTimes = [Double]()
            for run in 0...runs {
                let (analysis, seconds) = try Self.time { try OutcomeAnalysis(scenario: scenario) }
                frontierSize = analysis.frontier.count
                if run > 0 { analysisTimes.append(seconds) }
            }
            let peak = MemoryGauge.peakResidentBytes()
            return BenchRow(
                scenario: scenario.name, outcomes: outcomes, parties: parties, frontier: frontierSize, zopa: zopa,
                frontierSeconds: frontierTimes.isEmpty ? nil : Self.median(frontierTimes),
                frontierCPUSeconds: frontierCPUTimes.isEmpty ? nil : Self.median(frontierCPUTimes),
                walkSeconds: walkTimes.isEmpty ? nil : Self.median(walkTimes),
                walkCPUSeconds: walkCPUTimes.isEmpty ? nil : walkCPUTimes.reduce(0, +) / Double(walkCPUTimes.count),
                analysisSeconds: Self.median(analysisTimes),
                workers: workers, runs: runs, peakBytes: peak, baselineBytes: baseline)
        }

        /// Times `body`; the first call of each measurement is a warm-up (see `measure`).
        static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
            let clock = ContinuousClock()
            let start = clock.now
            let value = try body()
            let (seconds, attoseconds) = (clock.now - start).components
            return (value, Double(seconds) + Double(attoseconds) * 1e-18)
        }

        static func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }

        /// Travel, parsCat and the synthetic scenarios, from `Tests/Fixtures` under the working
        /// directory (the repository's root).
        static func defaultScenarios() -> [String] {
            let names = [
                "genius/y2010-Travel", "genius/y2016-parsCat",
                "synthetic/synthetic-4x10", "synthetic/synthetic-5x10",
                "synthetic/synthetic-6x10", "synthetic/synthetic-7x10",
            ]
            return names.map { "Tests/Fixtures/\($0)" }.filter { FileManager.default.fileExists(atPath: $0) }
        }

        static func table(_ rows: [BenchRow], workers: Int, runs: Int) -> String {
            var table = TextTable(
                header: [
                    "scenario", "outcomes", "parties", "frontier", "frontier+solutions", "walk", "analysis",
                    "evaluations/s", "evaluations/s/core", "peak memory", "growth",
                ],
                numeric: Set(1...10))
            for row in rows {
                table.append([
                    row.scenario, formatInteger(row.outcomes), "\(row.parties)", "\(row.frontier)",
                    row.frontierSeconds.map(formatSeconds) ?? "—", row.walkSeconds.map(formatSeconds) ?? "—",
                    formatSeconds(row.analysisSeconds),
                    row.evaluationsPerSecond.map(formatRate) ?? "—",
                    row.evaluationsPerSecondPerCore.map(formatRate) ?? "—",
                    formatBytes(row.peakBytes), formatBytes(max(0, row.peakBytes - row.baselineBytes)),
                ])
            }
            return table.rendered + "\n(medians of \(runs) runs; walk on \(workers) worker thread\(workers == 1 ? "" : "s"))"
        }
    }
}

/// One scenario's measurements.
struct BenchRow {
    var scenario: String
    var outcomes: Double
    var parties: Int
    var frontier: Int
    var zopa: Int?
    var frontierSeconds: Double?
    /// The same on the thread's CPU clock: robust when other processes share the cores.
    var frontierCPUSeconds: Double?
    var walkSeconds: Double?
    /// The walk's CPU time, every worker thread together: the mean over the runs (the CPU clock
    /// is too coarse for a median of sub-millisecond walks).
    var walkCPUSeconds: Double?
    var analysisSeconds: Double
    var workers: Int
    var runs: Int
    var peakBytes: Int
    var baselineBytes: Int

    /// Utility evaluations (outcomes x parties) per second of the walk.
    var evaluationsPerSecond: Double? { walkSeconds.map { outcomes * Double(parties) / $0 } }

    /// Per second of one core's time: evaluations over the walk's CPU time (all threads), which
    /// stays honest when other processes take turns on the cores. Falls back to wall time per
    /// worker when the CPU clock is too coarse to see the walk.
    var evaluationsPerSecondPerCore: Double? {
        guard let walkSeconds else { return nil }
        if let walkCPUSeconds, walkCPUSeconds * Double(runs) >= 5e-3 { return outcomes * Double(parties) / walkCPUSeconds }
        return outcomes * Double(parties) / walkSeconds / Double(workers)
    }

    var json: JSONValue {
        func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
        return .object([
            ("scenario", .string(scenario)),
            ("outcomes", .number(outcomes)),
            ("parties", .int(parties)),
            ("frontier_size", .int(frontier)),
            ("zopa", zopa.map(JSONValue.int) ?? .null),
            ("frontier_solutions_s", optional(frontierSeconds)),
            ("frontier_solutions_cpu_s", optional(frontierCPUSeconds)),
            ("walk_s", optional(walkSeconds)),
            ("walk_cpu_s", optional(walkCPUSeconds)),
            ("analysis_s", .number(analysisSeconds)),
            ("evaluations_per_s", optional(evaluationsPerSecond)),
            ("evaluations_per_s_per_core", optional(evaluationsPerSecondPerCore)),
            ("workers", .int(workers)),
            ("runs", .int(runs)),
            ("peak_rss_bytes", .int(peakBytes)),
            ("baseline_rss_bytes", .int(baselineBytes)),
        ])
    }
}

/// The process's resident memory, from `/proc/self/status` on Linux (`getrusage` elsewhere).
enum MemoryGauge {
    /// Resets the kernel's peak-resident-set mark to the current resident set, so that the next
    /// peak is this scenario's own (Linux 4.0+; elsewhere the peak stays the process's).
    static func resetPeak() {
        #if os(Linux)
            if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
                try? handle.write(contentsOf: Data("5".utf8))
                try? handle.close()
            }
        #endif
    }

    /// The calling thread's CPU time.
    static func threadCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }

    /// The process's CPU time, every thread together.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
            getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
        return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
    }

    static func residentBytes() -> Int { status("VmRSS:") ?? 0 }

    /// The peak resident set since the last reset (VmHWM), else `getrusage`'s ru_maxrss.
    static func peakResidentBytes() -> Int {
        if let peak = status("VmHWM:") { return peak }
        var usage = rusage()
        #if os(Linux)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Int(usage.ru_maxrss) * 1024
        #else
            getrusage(RUSAGE_SELF, &usage)
            return Int(usage.ru_maxrss)
        #endif
    }

    private static func status(_ key: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            return line.dropFirst(key.count).split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }
}

private func formatRate(_ rate: Double) -> String { String(format: "%.2e", rate) }

private func formatInteger(_ value: Double) -> String { value < 1e15 ? String(Int(value)) : String(format: "%.3g", value) }

private func formatBytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }
