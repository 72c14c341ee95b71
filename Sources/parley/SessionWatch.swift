import Dispatch
import Foundation
import Parley

/// What a person at a terminal sees of a long session: a progress line redrawn in place once
/// the session has run a second, and Ctrl-C that stops it before its next round (the trace so
/// far is then printed as usual); a second Ctrl-C exits at once.
final class SessionWatch {
    let monitor = SessionMonitor()
    private let interrupt: any DispatchSourceSignal
    private let progress: (any DispatchSourceTimer)?

    init() {
        let monitor = self.monitor
        signal(SIGINT, SIG_IGN)
        interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupt.setEventHandler {
            if monitor.isStopRequested { exit(130) }
            monitor.requestStop()
        }
        interrupt.resume()
        guard isatty(STDERR_FILENO) == 1 else {
            progress = nil
            return
        }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 1, repeating: 0.5)
        timer.setEventHandler {
            FileHandle.standardError.write(Data("\r\u{1B}[Kround \(monitor.round)…".utf8))
        }
        timer.resume()
        progress = timer
    }

    /// Stops watching: clears the progress line and gives Ctrl-C back its default meaning.
    func finish() {
        if let progress {
            progress.cancel()
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
        interrupt.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
