import ArgumentParser
import Foundation

/// Where `--report` pages go: every command writes its page the same way and says where.
enum ReportFile {
    /// Writes `html` to `path` atomically and prints the path on standard error (standard
    /// output may be JSON); a path that cannot be written exits with code 1.
    static func write(_ html: String, to path: String) throws {
        do {
            try html.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            printError("\(path): cannot be written: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        printError("report written to \(path)")
    }
}
