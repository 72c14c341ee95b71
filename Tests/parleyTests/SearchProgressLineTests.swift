import Foundation
import ParleyTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The progress line of `parley analyze`'s frontier search: drawn on a terminal, absent
/// otherwise. The 30-issue domain with exclusive boxes needs more than 3 s of search even in a
/// release build on two cores, so with a budget of 3 s the search runs well past the first
/// second, when the line first appears, and ends without an exact frontier (exit 1).
@Suite("analyze's progress line")
struct SearchProgressLineTests {
    static let arguments = ["analyze", Fixtures.genius("other-S-1NAGUNL-128").path, "--json", "--time-limit", "3"]

    /// A pseudo-terminal: the controlling side's descriptor and the terminal's.
    static func openTerminal() throws -> (controller: Int32, terminal: Int32) {
        #if os(Linux)
            let controller = open("/dev/ptmx", O_RDWR | O_NOCTTY)
            try #require(controller >= 0)
            var unlock: Int32 = 0
            var number: UInt32 = 0
            // TIOCSPTLCK and TIOCGPTN (the generic Linux ioctls), which the Glibc module does
            // not import: unlock the terminal side and read its number.
            try #require(ioctl(controller, 0x4004_5431, &unlock) == 0)
            try #require(ioctl(controller, 0x8004_5430, &number) == 0)
            let terminal = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        #else
            let controller = posix_openpt(O_RDWR | O_NOCTTY)
            try #require(controller >= 0 && grantpt(controller) == 0 && unlockpt(controller) == 0)
            let terminal = open(ptsname(controller), O_RDWR | O_NOCTTY)
        #endif
        try #require(terminal >= 0)
        return (controller, terminal)
    }

    @Test("on a terminal, one line redrawn with nodes, points and time, then cleared")
    func drawnOnTerminal() throws {
        let (controller, terminal) = try Self.openTerminal()
        defer { close(controller) }
        let process = ParleyExecutable.process(Self.arguments)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(fileDescriptor: terminal, closeOnDealloc: false)
        // Drain the terminal while the child writes (reads end with an error once it exits).
        let received = ReceivedBytes()
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(controller, &buffer, buffer.count)
                if count <= 0 { break }
                received.append(buffer[0..<count])
            }
        }
        reader.start()
        try process.run()
        close(terminal)
        _ = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(10_000) }
        let text = received.text
        // At least the lines at 1 s and 1.5 s, each redrawn in place.
        let lines = text.components(separatedBy: "\r\u{1B}[Ksearching: ").dropFirst()
        #expect(lines.count >= 2, "\(text.debugDescription)")
        for line in lines.dropLast() {
            #expect(line.range(of: #"^\d+ nodes, \d+ frontier points?, \d+\.\d s…$"#, options: .regularExpression) != nil, "\(line.debugDescription)")
        }
        // The last one is cleared before the result's message.
        let last = try #require(lines.last)
        #expect(last.contains("\r\u{1B}[K"), "\(last.debugDescription)")
        #expect(last.components(separatedBy: "\r\u{1B}[K").last?.contains("no exact frontier") == true, "\(last.debugDescription)")
    }

    @Test("not on a terminal: the same search writes no progress line")
    func absentOtherwise() throws {
        let run = try ParleyExecutable.run(Self.arguments)
        #expect(run.status == 1, "\(run.error)")
        #expect(!run.error.contains("searching:") && !run.error.contains("\u{1B}"), "\(run.error.debugDescription)")
        #expect(run.error.contains("no exact frontier"), "\(run.error)")
    }
}

/// Bytes a reader thread collects, read once it has finished.
private final class ReceivedBytes: @unchecked Sendable {
    // Safe: `append` runs on the reader thread only, and `text` is read after it finished.
    private var bytes = [UInt8]()
    func append(_ slice: ArraySlice<UInt8>) { bytes.append(contentsOf: slice) }
    var text: String { String(decoding: bytes, as: UTF8.self) }
}
