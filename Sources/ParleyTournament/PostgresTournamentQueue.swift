import Dispatch
import Foundation
import PostgresNIO
import Synchronization

/// The cells one worker plays from a shared PostgreSQL store: each claimed with a lease just
/// before it is played, the leases renewed while this worker lives. When no cell is free but
/// some are leased to other workers, it waits: their leases may expire, and then it plays them.
///
/// Lease times are the database server's clock, so the workers' clocks need not agree.
final class PostgresTournamentQueue: TournamentQueue {
    let alreadyDone: Int
    private let store: PostgresTournamentStore
    private let cells: [TournamentPlan.Cell]
    private let shard: (index: Int, count: Int)
    private let limit: Int?
    private let claimed = Atomic<Int>(0)
    /// This worker's name in claims: host, process and a random part, so that two workers never
    /// share one even on one machine.
    let worker: String
    private let stopRenewing = DispatchSemaphore(value: 0)

    init(store: PostgresTournamentStore, cells: [TournamentPlan.Cell], shard: (index: Int, count: Int), limit: Int?) throws(TournamentError) {
        self.store = store
        self.cells = cells
        self.shard = shard
        self.limit = limit
        worker = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))"
        alreadyDone = try store.pool.withConnection { connection in
            try store.pool.query(
                "SELECT count(*) FROM tournament_session WHERE cell % \(shard.count) = \(shard.index)", on: connection
            ).first?.decode(Int.self) ?? 0
        }
        let pool = store.pool
        let worker = worker
        let stop = stopRenewing
        let interval = Self.seconds(store.lease) / 3
        let lease = Self.seconds(store.lease)
        Thread.detachNewThread {
            // A failed renewal is tried again at the next tick; if the lease lapses meanwhile, the
            // cell may be played twice, and is stored once.
            while stop.wait(timeout: .now() + interval) == .timedOut {
                _ = try? pool.query(
                    """
                    UPDATE tournament_claim SET lease_expires_at = clock_timestamp() + make_interval(secs => \(lease))
                    WHERE claimed_by = \(worker)
                    """)
            }
        }
    }

    func next() throws(TournamentError) -> TournamentPlan.Cell? {
        if let limit, claimed.load(ordering: .relaxed) >= limit { return nil }
        let lease = Self.seconds(store.lease)
        let poll = min(1, lease / 4)
        while true {
            let cell = try store.pool.withConnection { connection in
                try store.pool.query(
                    """
                    UPDATE tournament_claim SET claimed_by = \(worker), lease_expires_at = clock_timestamp() + make_interval(secs => \(lease))
                    WHERE cell = (
                        SELECT cell FROM tournament_claim
                        WHERE cell % \(shard.count) = \(shard.index) AND (lease_expires_at IS NULL OR lease_expires_at < clock_timestamp())
                        ORDER BY cell LIMIT 1 FOR UPDATE SKIP LOCKED)
                    RETURNING cell
                    """, on: connection
                ).first?.decode(Int.self)
            }
            if let cell {
                guard cells.indices.contains(cell) else {
                    throw .database(path: store.location, problem: "claims cell \(cell), which this plan does not have")
                }
                if let limit, claimed.add(1, ordering: .relaxed).newValue > limit {
                    try release(cell)
                    return nil
                }
                return cells[cell]
            }
            let waiting = try store.pool.withConnection { connection in
                try store.pool.query(
                    "SELECT count(*) FROM tournament_claim WHERE cell % \(shard.count) = \(shard.index)", on: connection
                ).first?.decode(Int.self) ?? 0
            }
            if waiting == 0 { return nil }
            Thread.sleep(forTimeInterval: poll)
        }
    }

    func finish() {
        stopRenewing.signal()
        // Cells claimed but not stored (after a failure) go back at once rather than when the lease ends.
        _ = try? store.pool.query("UPDATE tournament_claim SET claimed_by = NULL, lease_expires_at = NULL WHERE claimed_by = \(worker)")
    }

    private func release(_ cell: Int) throws(TournamentError) {
        _ = try store.pool.query("UPDATE tournament_claim SET claimed_by = NULL, lease_expires_at = NULL WHERE cell = \(cell)")
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
