import Synchronization

/// A window on a running session from another thread: the round it has reached, for a
/// progress line, and a request to stop, for Ctrl-C. The session reads the request at the
/// start of each round and, when it is set, ends with a failure by "session" that says so;
/// the trace up to there is kept.
public final class SessionMonitor: Sendable {
    private let reached = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)

    /// A monitor with no round reached and no stop requested.
    public init() {}

    /// The last round the session began (0 before the first).
    public var round: Int { reached.load(ordering: .relaxed) }

    /// Asks the session to stop before its next round.
    public func requestStop() { stopping.store(true, ordering: .relaxed) }

    /// Whether a stop was requested.
    public var isStopRequested: Bool { stopping.load(ordering: .relaxed) }

    func begin(round: Int) { reached.store(round, ordering: .relaxed) }
}
