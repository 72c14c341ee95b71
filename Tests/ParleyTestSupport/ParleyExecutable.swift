import Foundation

/// The built `parley` executable, found as swift-argument-parser's test helpers find theirs:
/// beside the test bundle, in the products folder SwiftPM builds both into. Test targets that
/// run it depend on the `parley` target, so it is always built first.
public enum ParleyExecutable {
    /// What a finished run printed and how it exited.
    public struct Run: Sendable {
        public var status: Int32
        public var output: String
        public var error: String
    }

    /// The executable's location.
    public static let url: URL = {
        #if os(macOS)
            if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
                return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("parley")
            }
        #endif
        return Bundle.main.bundleURL.appendingPathComponent("parley")
    }()

    /// A process for `parley ARGUMENTS`, run from `directory` (default: the package's root).
    public static func process(_ arguments: [String], in directory: URL = Fixtures.packageRoot) -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        return process
    }

    /// Runs `parley ARGUMENTS` to the end and returns what it printed.
    public static func run(_ arguments: [String], in directory: URL = Fixtures.packageRoot) throws -> Run {
        let process = process(arguments, in: directory)
        // Standard error goes to a file, so that neither stream can fill a pipe and block the child.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("parley-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let error = (try? Data(contentsOf: errorFile)) ?? Data()
        return Run(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), error: String(decoding: error, as: UTF8.self))
    }
}
