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
    struct BenchNonlinear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench-nonlinear",
            abstract: "Time exact Pareto frontiers of hyper-rectangle (ANAC 2014) domains and compare them with GENIUS's pareto.xml.",
            discussion: """
                For each GENIUS folder: issues, outcomes, boxes per party, cells, frontier size, \
                how many published points Parley's frontier matches or strictly dominates and how \
                many it does not cover (a bug if any), wall time and peak memory (the process's \
                maximum resident set so far, from getrusage). Build with -c release for timings.

                Examples:
                  parley bench-nonlinear Tests/Fixtures/genius/y2014-10issuesDiscounted
                  parley bench-nonlinear Tests/Fixtures/genius/y2014-* --jobs 2
                """
        )

        @Argument(help: "GENIUS folders with hyper-rectangle profiles (and, optionally, pareto.xml).")
        var folders: [String]

        @Option(name: [.customLong("jobs"), .customLong("workers")], help: "Worker threads for the search (default: every active core).")
        var jobs = ProcessInfo.processInfo.activeProcessorCount

        @Option(help: "Give up on a folder after this many seconds, reporting the proven gap.")
        var timeLimit: Double = 600

        @Flag(help: "Skip the search for lowest-index witnesses.")
        var firstWitnesses = false

        @Flag(help: "Use the cell search alone, without the lattice search (for comparison).")
        var cellSearch = false

        @Flag(help: "Print Markdown table rows.")
        var markdown = false

        func validate() throws {
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1.") }
            guard timeLimit > 0, timeLimit.isFinite else { throw ValidationError("--time-limit must be a positive number of seconds.") }
        }

        func run() async throws {
            var table = TextTable(
                header: [
                    "domain", "issues", "outcomes", "boxes", "cells", "frontier", "published", "matched", "dominated",
                    "uncovered", "beaten", "exact", "nodes", "time s", "peak MB",
                ],
                numeric: Set(1...14))
            var markdownRows = [String]()
            var failed = false
            for folder in folders {
                let url = URL(fileURLWithPath: folder)
                let scenario: Scenario
                do {
                    scenario = try GeniusImporter().importScenario(from: url)
                } catch {
                    printError(error.description)
                    throw ExitCode(2)
                }
                let space = scenario.space
                printError("\(scenario.name): searching \(formatCount(space.cardinality)) outcomes…")
                let utilities = scenario.parties.map { CompiledUtility($0.profile.utility, space: space) }
                let limits = ConstraintFrontier.Limits(
                    timeLimit: .seconds(timeLimit), workers: jobs, lowestIndexWitnesses: !firstWitnesses,
                    usesLattice: !cellSearch)
                let clock = ContinuousClock()
                let start = clock.now
                let result = ConstraintFrontier.frontier(space: space, utilities: utilities, limits: limits)
                let elapsed = clock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18

                // Every witness must re-evaluate to its point.
                for point in result.frontier {
                    let exact = scenario.parties.map { $0.profile.utility.utility(of: point.outcome, in: space) }
                    if zip(exact, point.utilities).contains(where: { abs($0 - $1) > 1e-12 }) {
                        printError("\(scenario.name): witness \(point.outcome.options) re-evaluates to \(exact), not \(point.utilities)")
                        failed = true
                    }
                }
                let paretoFile = url.appendingPathComponent("pareto.xml")
                var published = [[Double]]()
                if FileManager.default.fileExists(atPath: paretoFile.path) {
                    do { published = try GeniusPareto.read(from: paretoFile) } catch {
                        printError(error.description)
                        throw ExitCode(2)
                    }
                }
                let comparison = GeniusPareto.compare(published: published, computed: result.frontier.map(\.utilities))
                if !comparison.uncovered.isEmpty || !comparison.beaten.isEmpty { failed = true }
                let boxes = scenario.parties.map { party in
                    let boxes = party.profile.utility.constraints
                    let exclusive = boxes.filter(\.isExclusive).count
                    return exclusive > 0 ? "\(boxes.count) (\(exclusive) excl.)" : "\(boxes.count)"
                }.joined(separator: "/")
                let cells = result.cellCounts.reduce(0, +)
                let row = [
                    scenario.name, "\(space.radices.count)", formatCount(space.cardinality), boxes, "\(cells)",
                    "\(result.frontier.count)", "\(published.count)", "\(comparison.matched)", "\(comparison.dominated)",
                    "\(comparison.uncovered.count)", "\(comparison.beaten.count)",
                    result.isExact
                        ? (firstWitnesses || result.witnessesAreLowestIndex ? "yes" : "yes; witnesses not all lowest-index")
                        : "no, gap \(String(format: "%.3g", result.gap))",
                    "\(result.nodes)+\(result.witnessNodes)", String(format: "%.2f", seconds),
                    String(format: "%.0f", peakMemoryMegabytes()),
                ]
                table.append(row)
                markdownRows.append("| " + row.joined(separator: " | ") + " |")
            }
            print(
                markdown
                    ? (["| " + table.header.joined(separator: " | ") + " |", "|" + String(repeating: " --- |", count: table.header.count)]
                        + markdownRows).joined(separator: "\n") : table.rendered)
            if failed { throw ExitCode(1) }
        }

        /// The process's peak resident set, in megabytes (ru_maxrss is in kilobytes on Linux).
        func peakMemoryMegabytes() -> Double {
            var usage = rusage()
            #if canImport(Darwin)
                getrusage(RUSAGE_SELF, &usage)
                return Double(usage.ru_maxrss) / 1_048_576
            #else
                getrusage(RUSAGE_SELF.rawValue, &usage)
                return Double(usage.ru_maxrss) / 1024
            #endif
        }
    }
}
