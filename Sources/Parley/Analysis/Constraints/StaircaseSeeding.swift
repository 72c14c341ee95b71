/// Good outcomes found before the exact search, so that its cuts are sharp from the first
/// node: coordinate ascent on cells for a fan of weightings of the parties' utilities.
///
/// Only a speed-up: the points are real outcomes with exactly evaluated utilities, and the
/// search still proves (or improves on) every one of them.
enum StaircaseSeeding {
    /// Inserts into `staircase` the local optima of `weights · u` for `directions` weightings
    /// (two parties: from all-first to all-second party; otherwise each party alone and equal weights).
    static func seed(
        _ staircase: inout Staircase, decomposition: CellDecomposition, utilities: [CompiledUtility], directions: Int = 21
    ) {
        let d = utilities.count
        var fan = [[Double]]()
        if d == 2 {
            fan = (0..<directions).map { step in
                let t = Double(step) / Double(max(1, directions - 1))
                return [1 - t, t]
            }
        } else {
            fan = (0..<d).map { party in (0..<d).map { $0 == party ? 1 : 0 } } + [[Double](repeating: 1, count: d)]
        }
        let k = decomposition.issueCount
        var cells = [Int](repeating: 0, count: k)
        for weights in fan {
            for position in 0..<k { cells[position] = 0 }
            func score(_ cells: [Int]) -> (Double, [Double], [Int]) {
                let options = decomposition.outcome(cells: cells)
                let vector = utilities.map { $0.utility(of: options) }
                return (zip(weights, vector).reduce(0) { $0 + $1.0 * $1.1 }, vector, options)
            }
            var (best, _, _) = score(cells)
            var improved = true
            var sweeps = 0
            while improved && sweeps < 50 {
                improved = false
                sweeps += 1
                for position in 0..<k {
                    var bestCell = cells[position]
                    for cell in 0..<decomposition.cellCount(atPosition: position) where cell != bestCell {
                        cells[position] = cell
                        let (value, candidate, candidateOptions) = score(cells)
                        staircase.insert(candidate, witness: candidateOptions)
                        if value > best + dominanceTolerance {
                            best = value
                            bestCell = cell
                            improved = true
                        }
                    }
                    cells[position] = bestCell
                }
            }
        }
    }
}
