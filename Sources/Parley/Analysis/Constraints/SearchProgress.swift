import Synchronization

/// What a running frontier search has done so far, for whoever watches it (a progress line):
/// the nodes explored and the frontier points found.
///
/// The searches update it with relaxed atomic operations, never under a lock: the lattice
/// search once per node (each solves a linear program, so one atomic add is negligible), the
/// cell search once every 1,024 nodes per worker, the witness searches once each at their end.
/// Readers may see values a moment old.
package final class SearchProgress: Sendable {
    private let nodeCount = Atomic<Int>(0)
    private let pointCount = Atomic<Int>(0)

    /// Counters at zero.
    package init() {}

    /// Nodes explored so far by the frontier and witness searches together.
    package var nodes: Int { nodeCount.load(ordering: .relaxed) }

    /// Frontier points found so far (proven ones for the lattice search, the staircase's
    /// current size for the cell search).
    package var points: Int { pointCount.load(ordering: .relaxed) }

    func addNodes(_ count: Int) { nodeCount.add(count, ordering: .relaxed) }

    func countNode() { nodeCount.add(1, ordering: .relaxed) }

    func setPoints(_ count: Int) { pointCount.store(count, ordering: .relaxed) }
}
