/// The outcome space cut into *cells*: per issue, the runs of consecutive options that no box
/// bound and no linear term tells apart. Every party's utility is constant on a product of
/// cells, so a search over cells visits every distinct utility vector while touching a tiny
/// fraction of the outcomes (ten options per issue become two to five cells in the ANAC 2014
/// domains).
///
/// Utilities are rewritten as sums of *terms*, each a weighted box in cell coordinates:
/// - an inclusive box of utility `w` is the term `w / scale` on the box;
/// - an exclusive box pays `w` outside the box, which is the constant `w / scale` plus the
///   term `-w / scale` on the box;
/// - a linear-additive part becomes per-cell constants of its issue.
/// The cap at 1 of the constraint part is applied afterwards (it is monotone, so bounds stay
/// bounds), and exact utilities always come from `CompiledUtility`, never from this rewrite.
struct CellDecomposition: Sendable {
    /// One weighted box in cell coordinates.
    struct Term: Sendable {
        var party: Int
        var weight: Double
        /// Issue positions (in search order) with inclusive cell ranges, sorted by position.
        var bounds: [(position: Int, cells: ClosedRange<Int>)]
    }

    /// The number of issues.
    let issueCount: Int
    /// `issueOrder[position]` is the issue searched at that position.
    let issueOrder: [Int]
    /// For each issue (natural order): the first option of each cell, ascending.
    let cellStarts: [[Int]]
    /// For each issue (natural order): the cell of each option.
    let cellOfOption: [[Int]]
    /// For each party: the constant part (exclusive boxes' utilities), in utility units.
    let constants: [Double]
    /// For each party, each search position, each cell: the linear-additive part.
    let linear: [[[Double]]]
    /// The box terms, in utility units.
    let terms: [Term]
    /// For each party: an upper bound on its utility that holds everywhere (1 for a function
    /// made only of capped constraint terms, infinity otherwise).
    let caps: [Double]

    /// Cuts `space` for the given utilities. `order` fixes the search order of the issues
    /// (natural order when nil).
    init(space: OutcomeSpace, utilities: [CompiledUtility], order: [Int]? = nil) {
        let k = space.radices.count
        issueCount = k
        let order = order ?? Array(0..<k)
        issueOrder = order
        var position = [Int](repeating: 0, count: k)
        for (index, issue) in order.enumerated() { position[issue] = index }

        // Cut points: an option starts a new cell when some box bound starts there or ends
        // just before it, or when some party's linear term changes.
        var starts = space.radices.map { Set<Int>($0 > 0 ? [0] : []) }
        for utility in utilities {
            for box in utility.constraints {
                for bound in box.bounds {
                    starts[bound.issue].insert(bound.options.lowerBound)
                    if bound.options.upperBound + 1 < space.radices[bound.issue] {
                        starts[bound.issue].insert(bound.options.upperBound + 1)
                    }
                }
            }
            for issue in 0..<k where space.radices[issue] > 1 {
                for option in 1..<space.radices[issue]
                where utility.term(issue: issue, option: option) != utility.term(issue: issue, option: option - 1) {
                    starts[issue].insert(option)
                }
            }
        }
        let sortedStarts = starts.map { $0.sorted() }
        cellStarts = sortedStarts
        cellOfOption = (0..<k).map { issue in
            var cells = [Int](repeating: 0, count: space.radices[issue])
            let first = starts[issue].sorted()
            for (cell, start) in first.enumerated() {
                let end = cell + 1 < first.count ? first[cell + 1] : space.radices[issue]
                for option in start..<end { cells[option] = cell }
            }
            return cells
        }

        var constants = [Double](repeating: 0, count: utilities.count)
        var terms = [Term]()
        var caps = [Double]()
        var linear = [[[Double]]]()
        for (party, utility) in utilities.enumerated() {
            let scale = utility.constraintScale
            for box in utility.constraints {
                let weight = box.utility / scale
                // Intersect repeated bounds on one issue; an empty box holds no outcome.
                var ranges = [Int: ClosedRange<Int>]()
                var empty = false
                for bound in box.bounds {
                    let cellOf = cellOfOption[bound.issue]
                    let cells = cellOf[bound.options.lowerBound]...cellOf[bound.options.upperBound]
                    if let seen = ranges[bound.issue] {
                        if !seen.overlaps(cells) { empty = true }
                        ranges[bound.issue] = empty ? seen : max(seen.lowerBound, cells.lowerBound)...min(seen.upperBound, cells.upperBound)
                    } else {
                        ranges[bound.issue] = cells
                    }
                }
                if box.isExclusive { constants[party] += weight }
                if empty { continue }
                let bounds = ranges.map { (position: position[$0.key], cells: $0.value) }.sorted { $0.position < $1.position }
                terms.append(Term(party: party, weight: box.isExclusive ? -weight : weight, bounds: bounds))
            }
            let hasLinear = utility.table.contains { $0 != 0 }
            caps.append(!utility.constraints.isEmpty && !hasLinear ? 1 : .infinity)
            linear.append(order.map { issue in sortedStarts[issue].map { utility.term(issue: issue, option: $0) } })
        }
        self.constants = constants
        self.terms = terms
        self.caps = caps
        self.linear = linear
    }

    /// The number of cells of the issue at a search position.
    func cellCount(atPosition position: Int) -> Int { cellStarts[issueOrder[position]].count }

    /// The lowest outcome of a cell assignment (cells by search position): every issue at the
    /// first option of its cell, so no outcome with the same cells has a lower index.
    func outcome(cells: [Int]) -> [Int] {
        var options = [Int](repeating: 0, count: issueCount)
        for (position, cell) in cells.enumerated() {
            let issue = issueOrder[position]
            options[issue] = cellStarts[issue][cell]
        }
        return options
    }

    /// A search order that closes boxes early: greedily take the issue that completes or
    /// advances the most box weight given the issues already taken. Issues no box bounds go last.
    static func closingOrder(space: OutcomeSpace, utilities: [CompiledUtility]) -> [Int] {
        let k = space.radices.count
        var boxes = [(weight: Double, issues: [Int])]()
        for utility in utilities {
            for box in utility.constraints where !box.bounds.isEmpty {
                boxes.append((abs(box.utility) / utility.constraintScale, Array(Set(box.bounds.map(\.issue))).sorted()))
            }
        }
        var taken = [Bool](repeating: false, count: k)
        var order = [Int]()
        while order.count < k {
            var best = -1
            var bestScore = -Double.infinity
            for issue in 0..<k where !taken[issue] {
                var score = 0.0
                for box in boxes where box.issues.contains(issue) {
                    let done = box.issues.filter { taken[$0] }.count
                    // Completing a box pins its value; advancing one narrows it.
                    score += box.weight * Double(done + 1) / Double(box.issues.count) * (done + 1 == box.issues.count ? 2 : 1)
                }
                if score > bestScore {
                    bestScore = score
                    best = issue
                }
            }
            taken[best] = true
            order.append(best)
        }
        return order
    }
}
