import Synchronization

/// Rankings of outcome spaces by a party's utility, shared by every session of the process:
/// a tournament ranks each (scenario, party, fixed issues) once, not once per session, and
/// repeated sessions on one scenario start at once.
///
/// A ranking is a pure function of its key, so a cached one is the very ranking a fresh
/// computation gives: traces do not depend on the cache. The cache holds at most
/// `outcomeLimit` ranked outcomes in all (16 bytes each), dropping the oldest rankings first.
enum RankingCache {
    /// What a ranking depends on.
    struct Key: Hashable, Sendable {
        var utility: UtilityFunction
        var space: OutcomeSpace
        var fixed: [Int: Int]
    }

    /// Outcome indices of the free sub-space by rising utility (ties by index), and their utilities.
    struct Ranking: Sendable {
        var order: [Int]
        var utilities: [Double]
    }

    /// The most outcomes the cache keeps ranked, over all its rankings (about 128 MB).
    static let outcomeLimit = 8_000_000

    private struct State {
        var rankings: [Key: Ranking] = [:]
        var arrival: [Key] = []
        var outcomes = 0
    }

    private static let state = Mutex(State())

    /// The ranking of `key`, computed by `rank` when it is not cached.
    static func ranking(for key: Key, rank: () -> Ranking) -> Ranking {
        if let cached = state.withLock({ $0.rankings[key] }) { return cached }
        let ranking = rank()
        state.withLock { state in
            guard state.rankings[key] == nil, ranking.order.count <= outcomeLimit else { return }
            while state.outcomes + ranking.order.count > outcomeLimit, !state.arrival.isEmpty {
                let oldest = state.arrival.removeFirst()
                state.outcomes -= state.rankings.removeValue(forKey: oldest)?.order.count ?? 0
            }
            state.rankings[key] = ranking
            state.arrival.append(key)
            state.outcomes += ranking.order.count
        }
        return ranking
    }
}
