extension LatticeFrontier {
    /// The lowest cell assignment (issue by issue, cells ascending) whose capped values reach
    /// those of `known`: for a frontier point, the lowest-index outcome whose utilities are the
    /// point's. Nil when the node budget runs out.
    ///
    /// One branch and bound finds the lexicographic minimum, with the lowest assignment known
    /// so far as incumbent. Any branching is exact under three cuts: a node is dropped when its
    /// lowest assignment (each issue's lowest allowed cell) is not below the incumbent, when that
    /// assignment reaches the goal (it is then the node's minimum, and the new incumbent), or
    /// when the relaxation proves the goal out of reach. A node whose domains hold the incumbent
    /// is split at the first open issue, cells below the incumbent's first, without a
    /// relaxation (it is known feasible); other nodes are bounded and branched as the frontier
    /// search does. Every assignment found is lowered greedily, issue by issue, before it
    /// becomes the incumbent, so that one relaxation often settles many issues.
    func lowestWitness(of known: [Int], nodeLimit: Int) -> (cells: [Int]?, nodes: Int) {
        let reached = values(cells: known)
        let goal = [min(reached[0], caps[0]), min(reached[1], caps[1])]
        let domains = fullDomains
        var witness = lowered(known, within: domains, goal: goal)
        var stack = [Node(domains: domains, excluded: [Bool](repeating: false, count: boxes.count))]
        var nodes = 0
        var warm = WarmRelaxation(lattice: self, root: stack[0], party: 0, holding: (1, goal[1]))
        while let popped = stack.popLast() {
            guard let node = tightened(popped, below: witness) else { continue }
            let lowest = node.domains.map(\.trailingZeroBitCount)
            if reaches(lowest, goal: goal) {
                witness = lowest
                continue
            }
            nodes += 1
            if nodes > nodeLimit { return (nil, nodes) }
            let holdsWitness = zip(node.domains, witness).allSatisfy { $0 & (1 << UInt64($1)) != 0 }
            if holdsWitness {
                stack.append(contentsOf: lexicographicSplit(node, witness: witness))
                continue
            }
            let result = explore(node, party: 0, holding: (1, goal[1]), best: goal[0] - 1, cap: goal[0], warm: &warm)
            if let found = result.found {
                let candidate = lowered(found.cells, within: node.domains, goal: goal)
                if candidate.lexicographicallyPrecedes(witness) {
                    witness = candidate
                    // Searched again below the new incumbent, which it now holds.
                    stack.append(node)
                } else {
                    stack.append(contentsOf: lexicographicSplit(node, witness: witness))
                }
                continue
            }
            stack.append(contentsOf: result.children)
        }
        return (witness, nodes)
    }

    /// Whether an assignment's capped values reach `goal` for both parties.
    func reaches(_ cells: [Int], goal: [Int]) -> Bool {
        let reached = values(cells: cells)
        return min(reached[0], caps[0]) >= goal[0] && min(reached[1], caps[1]) >= goal[1]
    }

    /// `cells` (which reaches `goal`) with each issue in turn moved to its lowest allowed cell
    /// that still reaches it.
    func lowered(_ cells: [Int], within domains: [UInt64], goal: [Int]) -> [Int] {
        var result = cells
        for issue in result.indices {
            var below = domains[issue] & ((1 << UInt64(result[issue])) - 1)
            while below != 0 {
                let cell = below.trailingZeroBitCount
                below &= below - 1
                let kept = result[issue]
                result[issue] = cell
                if reaches(result, goal: goal) { break }
                result[issue] = kept
            }
        }
        return result
    }

    /// The node cut to the smallest box of domains holding every assignment in it that lies
    /// lexicographically at or below `witness`; nil when none does.
    func tightened(_ node: Node, below witness: [Int]) -> Node? {
        var result = node
        for issue in witness.indices {
            let domain = node.domains[issue]
            let lowest = domain.trailingZeroBitCount
            if lowest > witness[issue] { return nil }
            if lowest == witness[issue] {
                // Past the witness's cell the assignments are above it.
                result.domains[issue] = 1 << UInt64(lowest)
                continue
            }
            result.domains[issue] = domain & (~0 >> UInt64(63 - witness[issue]))
            return result
        }
        // Only the witness itself is left.
        return nil
    }

    /// Two children of a tightened node at its first open issue, the lower one last (searched
    /// first): below the witness's cell and the rest when the node follows the witness up to
    /// that issue, else the lower and upper halves of the issue's cells.
    func lexicographicSplit(_ node: Node, witness: [Int]) -> [Node] {
        guard let issue = node.domains.firstIndex(where: { $0.nonzeroBitCount > 1 }) else { return [] }
        let domain = node.domains[issue]
        let followsWitness = (0..<issue).allSatisfy { node.domains[$0] == 1 << UInt64(witness[$0]) }
        var low: UInt64
        if followsWitness && domain & (1 << UInt64(witness[issue])) != 0 {
            low = domain & ((1 << UInt64(witness[issue])) - 1)
        } else {
            low = 0
            var rest = domain
            for _ in 0..<(domain.nonzeroBitCount / 2) {
                low |= rest & (0 &- rest)
                rest &= rest - 1
            }
        }
        var lower = node
        lower.domains[issue] = low
        var upper = node
        upper.domains[issue] = domain & ~low
        return [upper, lower].filter { $0.domains[issue] != 0 }
    }
}
