import ArgumentParser
import Foundation
import Parley
import ParleyFormats
import ParleySupport

extension ParleyCommand {
    struct Evaluate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print each party's utility for outcomes read one per line.",
            discussion: """
                Each line of the outcomes file is a JSON object naming an option of every issue,
                {"issue": "option", "price": 5}; blank lines are skipped. Each outcome prints one
                JSON line, {"utilities": [...]} in party order, and with --round R also
                "discounted": each party's utility of an agreement reached in round R (the
                "discounted" values `parley run --json` reports). A bad line stops with one
                error naming the file and line, exit code 2. At most 1,000,000 outcomes of at
                most 65,536 bytes a line.

                Examples:
                  parley evaluate Tests/Fixtures/genius/y2010-Travel --outcomes outcomes.jsonl
                  echo '{"issue": "option"}' | parley evaluate scenario.yaml --outcomes -
                """
        )

        @OptionGroup var source: ScenarioOptions

        @Option(help: "The outcomes, one JSON object a line ('-' for standard input).")
        var outcomes: String

        @Option(help: "Also print the utilities discounted for an agreement in this round (from 1).")
        var round: Int?

        func validate() throws {
            if let round, round < 1 { throw ValidationError("--round \(round): rounds count from 1.") }
        }

        func run() async throws {
            let scenario = try source.load()
            let file = outcomes == "-" ? "<stdin>" : outcomes
            do throws(FormatError) {
                let handle: FileHandle
                if outcomes == "-" {
                    handle = .standardInput
                } else {
                    guard let opened = FileHandle(forReadingAtPath: outcomes) else {
                        throw FormatError(file: outcomes, FileManager.default.fileExists(atPath: outcomes) ? "cannot be read" : "no such file")
                    }
                    handle = opened
                }
                let space = scenario.space
                var count = 0
                var output = ""
                try forEachLine(of: handle, file: file) { text, number throws(FormatError) in
                    guard text.contains(where: { !$0.isWhitespace }) else { return }
                    count += 1
                    guard count <= OutcomeLine.countLimit else {
                        throw FormatError(file: file, line: number, "more than \(OutcomeLine.countLimit) outcomes")
                    }
                    let outcome = try OutcomeLine.outcome(from: text, in: scenario, file: file, line: number)
                    let utilities = scenario.parties.map { $0.profile.utility.utility(of: outcome, in: space) }
                    var pairs: [(String, JSONValue)] = [("utilities", .numbers(utilities))]
                    if let round {
                        let discounted = zip(scenario.parties, utilities).map {
                            $0.profile.discounted($1, agreedInRound: round, deadline: scenario.talks.rounds)
                        }
                        pairs.append(("discounted", .numbers(discounted)))
                    }
                    output += JSONValue.object(pairs).compact + "\n"
                    if output.utf8.count > 1 << 16 {
                        FileHandle.standardOutput.write(Data(output.utf8))
                        output = ""
                    }
                }
                FileHandle.standardOutput.write(Data(output.utf8))
            } catch {
                printError(error.description)
                throw ExitCode(2)
            }
        }

        /// Calls `body` with each line (without its newline) and its 1-based number, reading
        /// in chunks and refusing a line longer than `OutcomeLine.lengthLimit` before holding it.
        private func forEachLine(
            of handle: FileHandle, file: String, _ body: (String, Int) throws(FormatError) -> Void
        ) throws(FormatError) {
            var pending = [UInt8]()
            var number = 0
            func emit() throws(FormatError) {
                number += 1
                if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
                guard let text = String(validating: pending, as: UTF8.self) else { throw FormatError(file: file, line: number, "is not UTF-8 text") }
                try body(text, number)
                pending.removeAll(keepingCapacity: true)
            }
            while true {
                let chunk: Data
                do {
                    guard let data = try handle.read(upToCount: 1 << 16), !data.isEmpty else { break }
                    chunk = data
                } catch {
                    throw FormatError(file: file, "cannot be read: \(error.localizedDescription)")
                }
                for byte in chunk {
                    if byte == UInt8(ascii: "\n") {
                        try emit()
                    } else {
                        pending.append(byte)
                        if pending.count > OutcomeLine.lengthLimit {
                            throw FormatError(file: file, line: number + 1, "the line is longer than \(OutcomeLine.lengthLimit) bytes")
                        }
                    }
                }
            }
            if !pending.isEmpty { try emit() }
        }
    }
}
