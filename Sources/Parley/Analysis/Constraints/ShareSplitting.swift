/// How `CellSearch` splits each positive box's weight over the box's issues.
///
/// A box of weight `w` over issues `I` pays `w` only when every issue falls inside it. For any
/// shares `s_i >= 0` with `sum s_i = w`, the payment is at most `sum_i s_i [x_i inside]`, so
/// charging each issue its share gives an upper bound that is a sum of independent per-issue
/// choices (a Lagrangian decomposition of the box). Charging the whole weight to the last
/// issue is one such split; a good split puts weight where a box conflicts with others (two
/// boxes that need disjoint cells of one issue then share that issue's maximum instead of
/// both paying in full).
///
/// The shares are chosen at the root by block coordinate descent on each party's ideal bound
/// `sum over issues of max over cells`: for one box at a time, with every other box fixed, the
/// box's weight first fills the *room* of each of its issues (how far the best cell inside the
/// box lies under the issue's best cell, where extra weight costs nothing), and what remains
/// goes to the last issue. Each step never raises the bound. Any split is admissible, so the
/// choice only affects speed, never the frontier.
enum ShareSplitting {
    /// For each term of `decomposition`, the shares of its issues other than the last, in the
    /// order of `term.bounds` (empty for terms with one issue; zeros for negative terms).
    static func shares(decomposition: CellDecomposition, cellCounts: [Int], rounds: Int = 12, joint: Bool = true) -> [[Double]] {
        let terms = decomposition.terms
        var shares = terms.map { [Double](repeating: 0, count: max(0, $0.bounds.count - 1)) }
        if rounds == 0 { return shares }
        var offsets = [0]
        for count in cellCounts { offsets.append(offsets.last! + count) }
        let parties = decomposition.constants.count
        let groups = joint ? [Array(0..<parties)] : (0..<parties).map { [$0] }
        for group in groups {
            // The group's summed tables as the search starts them, with every positive box of
            // two or more issues on its last issue.
            var table = [Double](repeating: 0, count: offsets.last!)
            for party in group {
                for position in 0..<cellCounts.count {
                    for cell in 0..<cellCounts[position] { table[offsets[position] + cell] += decomposition.linear[party][position][cell] }
                }
            }
            var open = [Int]()
            for (index, term) in terms.enumerated() where group.contains(term.party) {
                guard let last = term.bounds.last else { continue }
                if term.weight > 0 || term.bounds.count == 1 {
                    for cell in last.cells { table[offsets[last.position] + cell] += term.weight }
                }
                if term.weight > 0 && term.bounds.count > 1 { open.append(index) }
            }
            if open.isEmpty { continue }
            // Full share vectors (last issue included) of the open boxes.
            var split = open.map { index in
                var full = [Double](repeating: 0, count: terms[index].bounds.count)
                full[full.count - 1] = terms[index].weight
                return full
            }
            for _ in 0..<rounds {
                for (slot, index) in open.enumerated() {
                    let term = terms[index]
                    for (issue, bound) in term.bounds.enumerated() where split[slot][issue] != 0 {
                        for cell in bound.cells { table[offsets[bound.position] + cell] -= split[slot][issue] }
                    }
                    var remaining = term.weight
                    var next = [Double](repeating: 0, count: term.bounds.count)
                    // Fill rooms from the last issue backwards: later issues keep their share
                    // longer in the search, earlier ones hand it on to the last when assigned.
                    for issue in stride(from: term.bounds.count - 1, through: 0, by: -1) where remaining > 0 {
                        let bound = term.bounds[issue]
                        let base = offsets[bound.position]
                        var best = -Double.infinity
                        var inside = -Double.infinity
                        for cell in 0..<cellCounts[bound.position] {
                            best = max(best, table[base + cell])
                            if bound.cells.contains(cell) { inside = max(inside, table[base + cell]) }
                        }
                        let share = min(remaining, max(0, best - inside))
                        next[issue] = share
                        remaining -= share
                    }
                    next[term.bounds.count - 1] += max(0, remaining)
                    for (issue, bound) in term.bounds.enumerated() where next[issue] != 0 {
                        for cell in bound.cells { table[offsets[bound.position] + cell] += next[issue] }
                    }
                    split[slot] = next
                }
            }
            for (slot, index) in open.enumerated() { shares[index] = Array(split[slot].dropLast()) }
        }
        return shares
    }
}
