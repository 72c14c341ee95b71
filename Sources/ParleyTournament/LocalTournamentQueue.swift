import Synchronization

/// The cells one process plays from a store no other process writes: a list fixed when the
/// run starts, handed out in order.
final class LocalTournamentQueue: TournamentQueue {
    let alreadyDone: Int
    private let cells: [TournamentPlan.Cell]
    private let position = Atomic<Int>(0)

    init(cells: [TournamentPlan.Cell], alreadyDone: Int) {
        self.cells = cells
        self.alreadyDone = alreadyDone
    }

    func next() -> TournamentPlan.Cell? {
        let index = position.add(1, ordering: .relaxed).oldValue
        return index < cells.count ? cells[index] : nil
    }

    func finish() {}
}
