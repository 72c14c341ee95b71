import Dispatch
import Foundation
import Parley

/// What a person at a terminal sees of a long frontier search: once the search has run a
/// second, one line on standard error redrawn every half second with the nodes explored, the
/// frontier points found and the time so far; cleared when the search ends. Nothing at all
/// when standard error is not a terminal (a pipe, a file, a test).
///
/// The search only bumps atomic counters (`SearchProgress`); the line is drawn from a timer
/// on another queue, so the search takes no lock for it.
final class SearchWatch {
    let progress = SearchProgress()
    private let timer: (any DispatchSourceTimer)?

    init() {
        guard isatty(STDERR_FILENO) == 1 else {
            timer = nil
            return
        }
        let progress = self.progress
        let start = ContinuousClock.now
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 1, repeating: 0.5)
        timer.setEventHandler {
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            FileHandle.standardError.write(Data("\r\u{1B}[K\(Self.line(progress: progress, seconds: seconds))".utf8))
        }
        timer.resume()
        self.timer = timer
    }

    /// The progress line's text, without the escape that clears the terminal line.
    static func line(progress: SearchProgress, seconds: Double) -> String {
        let points = progress.points
        return "searching: \(progress.nodes) nodes, \(points) frontier point\(points == 1 ? "" : "s"), "
            + String(format: "%.1f s…", seconds)
    }

    /// Stops the line and clears it. The clearing runs as the timer's cancel handler, after
    /// any redraw in flight, so no line is left behind; this waits for it.
    func finish() {
        guard let timer else { return }
        let cleared = DispatchSemaphore(value: 0)
        timer.setCancelHandler {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            cleared.signal()
        }
        timer.cancel()
        cleared.wait()
    }
}
