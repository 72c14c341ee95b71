import Foundation
import ParleyTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Ctrl-C during `parley run`: the session stops before its next round, the trace so far is
/// printed as usual, one line on standard error says so, and the exit status is 130.
@Suite("Interrupting a run")
struct InterruptTests {
    @Test("SIGINT stops a long session with its partial result")
    func interruptedRunPrintsWhatWasPlayed() throws {
        let folder = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/genius/y2011-Camera").path
        let process = ParleyExecutable.process(["run", folder, "--negotiators", "hardliner", "--rounds", "1000000", "--json"])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-interrupt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (outPath, errPath) = (directory.appendingPathComponent("out"), directory.appendingPathComponent("err"))
        _ = FileManager.default.createFile(atPath: outPath.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outPath)
        process.standardError = try FileHandle(forWritingTo: errPath)
        try process.run()
        Thread.sleep(forTimeInterval: 2)
        #expect(process.isRunning, "two hardliners over a million rounds are still talking after 2 s")
        kill(process.processIdentifier, SIGINT)
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let error = try String(contentsOf: errPath, encoding: .utf8)
        let output = try String(contentsOf: outPath, encoding: .utf8)
        #expect(process.terminationReason == .exit && process.terminationStatus == 130, "status \(process.terminationStatus): \(error)")
        #expect(error.split(separator: "\n").count == 1 && error.contains("interrupted in round"), "\(error)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output.prefix(300))")
        let result = try #require(json["result"] as? [String: Any])
        #expect(result["reason"] as? String == "failure", "\(result)")
        #expect(output.contains("interrupted before round"), "\(output.suffix(600))")
    }
}
