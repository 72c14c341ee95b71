import ParleySupport

extension OwnPreferences {
    /// The utility a concession never goes below: the reservation value, or the worst utility
    /// when that is higher, capped at the best utility.
    var concessionFloor: Double { min(bestUtility, max(context.profile.reservationValue, worstUtility)) }

    /// `target` raised to the reservation value, capped at the best utility: what an offer
    /// may aim for.
    func clampedTarget(_ target: Double) -> Double { min(bestUtility, max(target, context.profile.reservationValue)) }

    /// The first rank worth at least `target`, or `count` when none is (ranked spaces only).
    func firstRank(atLeast target: Double) -> Int {
        let rank = rank(atLeast: target)
        return rank >= 0 && utility(atRank: rank) >= target ? rank : count
    }

    /// Among the ranked outcomes worth `target` to about `width` above it (at most `sample`,
    /// 256 by default, evenly spread by rank), the one `score` rates highest; ties go to the
    /// lowest rank. The least outcome worth the target when the space is not ranked.
    func bestOutcome(from target: Double, width: Double, sample: Int = 256, by score: (Outcome) -> Double) -> Outcome {
        guard isRanked else { return outcome(atLeast: target) }
        let first = min(firstRank(atLeast: target), count - 1)
        let last = max(first, min(firstRank(atLeast: target + width), count) - 1)
        let stride = max(1, (last - first + 1) / max(1, sample))
        var choice = first
        var bestScore = -Double.infinity
        forEachOutcome(atRanks: Swift.stride(from: first, through: last, by: stride)) { rank, candidate in
            let value = score(candidate)
            if value > bestScore {
                bestScore = value
                choice = rank
            }
        }
        return outcome(atRank: choice)
    }

    /// Among the ranked outcomes worth `target` to about `width` above it (at most 256, evenly
    /// spread by rank), the `limit` that `score` rates highest, best first (ties by lowest
    /// rank). Just the least outcome worth the target when the space is not ranked.
    func topOutcomes(from target: Double, width: Double, limit: Int, by score: (Outcome) -> Double) -> [Outcome] {
        guard isRanked else { return [outcome(atLeast: target)] }
        let first = min(firstRank(atLeast: target), count - 1)
        let last = max(first, min(firstRank(atLeast: target + width), count) - 1)
        let stride = max(1, (last - first + 1) / 256)
        var scored = [(score: Double, rank: Int)]()
        forEachOutcome(atRanks: Swift.stride(from: first, through: last, by: stride)) { rank, candidate in
            scored.append((score(candidate), rank))
        }
        scored.sort { $0.score > $1.score || ($0.score == $1.score && $0.rank < $1.rank) }
        return scored.prefix(max(1, limit)).map { outcome(atRank: $0.rank) }
    }
}

extension OwnPreferences {
    /// A uniform draw among the ranked outcomes worth `target` to `width` above it; the least
    /// outcome worth the target when none is in the band or the space is not ranked.
    func randomOutcome(from target: Double, width: Double, using random: inout SeededGenerator) -> Outcome {
        guard isRanked else { return outcome(atLeast: target) }
        let first = firstRank(atLeast: target)
        let end = firstRank(atLeast: (target + width).nextUp)
        guard first < end else { return outcome(atLeast: target) }
        return outcome(atRank: first + random.uniform(below: end - first))
    }
}
