/// Where a tournament's finished sessions are kept: an SQLite file on one machine
/// (`TournamentStore`) or a PostgreSQL database that workers on several machines share
/// (`PostgresTournamentStore`). Every session is one row keyed by its cell, so no session is
/// ever stored or counted twice, whichever store holds it.
public protocol TournamentStorage: Sendable {
    /// The database as messages name it: a path, or a URL without its password.
    var location: String { get }
    /// The plan this database holds.
    func fingerprint() throws(TournamentError) -> String
    /// The cells already stored.
    func finishedCells() throws(TournamentError) -> Set<Int>
    /// Stores a finished session; a cell already stored is left as it is.
    func record(_ row: TournamentStore.Row) throws(TournamentError)
    /// Every stored session, by cell.
    func rows() throws(TournamentError) -> [TournamentStore.Row]
    /// The cells this process plays: those of `shard` not stored yet, at most `limit` of them.
    /// `cells` is the plan's every cell, in order.
    func queue(of cells: [TournamentPlan.Cell], shard: (index: Int, count: Int), limit: Int?) throws(TournamentError) -> any TournamentQueue
}

/// The cells one process plays, handed out one at a time to its jobs; safe to call from
/// several threads.
public protocol TournamentQueue: Sendable {
    /// Cells of the shard stored before this process took any.
    var alreadyDone: Int { get }
    /// The next cell to play, or nil when there is none left for this process. A shared queue
    /// waits here while cells are leased to other workers whose leases may still expire.
    func next() throws(TournamentError) -> TournamentPlan.Cell?
    /// Ends this process's part: stops renewing leases and hands back cells taken but not stored.
    func finish()
}

extension TournamentStorage {
    /// A queue of the cells not stored when it is made, for a store that one process uses.
    public func queue(of cells: [TournamentPlan.Cell], shard: (index: Int, count: Int), limit: Int?) throws(TournamentError)
        -> any TournamentQueue
    {
        let mine = cells.filter { $0.index % shard.count == shard.index }
        let finished = try finishedCells()
        let pending = mine.filter { !finished.contains($0.index) }
        return LocalTournamentQueue(cells: limit.map { Array(pending.prefix($0)) } ?? pending, alreadyDone: mine.count - pending.count)
    }
}
