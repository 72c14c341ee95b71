import ParleySupport
import ParleyTestSupport
import Testing

@testable import Parley

@Suite("Skyline filter against brute force")
struct SkylineTests {
    static let tolerance = 1e-12

    /// The filter's definition, straight: not dominated by any candidate; among coinciding
    /// survivors, the lowest outcome index stays.
    static func bruteForce(_ u: [Double], parties d: Int, order: [Int32]) -> [Int] {
        let n = u.count / d
        func coincides(_ a: Int, _ b: Int) -> Bool { (0..<d).allSatisfy { abs(u[a * d + $0] - u[b * d + $0]) <= tolerance } }
        let dominated = bruteForceDominated(u, parties: d)
        let free = (0..<n).filter { !dominated[$0] }
        return free.filter { p in !free.contains { $0 != p && coincides($0, p) && order[$0] < order[p] } }
    }

    /// Whether each candidate is dominated by another, comparing every pair.
    static func bruteForceDominated(_ u: [Double], parties d: Int) -> [Bool] {
        let n = u.count / d
        func dominates(_ a: Int, _ b: Int) -> Bool {
            var better = false
            for k in 0..<d {
                if u[a * d + k] < u[b * d + k] - tolerance { return false }
                if u[a * d + k] > u[b * d + k] + tolerance { better = true }
            }
            return better
        }
        return (0..<n).map { p in (0..<n).contains { dominates($0, p) } }
    }

    /// A random outcome order for the candidates, so that index order and outcome order differ.
    static func shuffledOrder(_ n: Int, seed: UInt64) -> [Int32] {
        var random = SeededGenerator(seed: seed)
        var order = (0..<n).map(Int32.init)
        for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, random.uniform(below: i + 1)) }
        return order
    }

    @Test("survivors equal the brute-force skyline, 1 to 6 parties", arguments: 0..<90)
    func matchesBruteForce(seed: Int) {
        let parties = 1 + seed % 6
        let count = 1 + (seed * 37) % 260
        let u = RandomSpaces.cloud(seed: UInt64(seed), count: count, parties: parties, grid: 3 + seed % 5)
        let order = Self.shuffledOrder(count, seed: UInt64(seed) &+ 99)
        let kept = ParetoFilter(parties: parties).survivors(utilities: u, options: order, width: 1)
        #expect(kept == Self.bruteForce(u, parties: parties, order: order))
    }

    @Test("larger clouds: 3 parties (the Fenwick sweep), 4 and 5 parties (the dominance tree)", arguments: [3, 4, 5])
    func largerClouds(parties: Int) {
        let count = 1500
        let u = RandomSpaces.cloud(seed: 7 + UInt64(parties), count: count, parties: parties, grid: 40)
        let order = Self.shuffledOrder(count, seed: 11)
        let kept = ParetoFilter(parties: parties).survivors(utilities: u, options: order, width: 1)
        #expect(kept.count > 10)
        #expect(kept == Self.bruteForce(u, parties: parties, order: order))
    }

    @Test("the dominance tree flags exactly the dominated candidates, 4 to 6 parties, any leaf size", arguments: 0..<45)
    func dominanceTreeMatchesBruteForce(seed: Int) {
        let parties = 4 + seed % 3
        let count = 2 + (seed * 53) % 700
        let u = RandomSpaces.cloud(seed: 3_000 + UInt64(seed), count: count, parties: parties, grid: 2 + seed % 9)
        let flags = u.withUnsafeBufferPointer { u in
            DominanceTree.dominated(u.baseAddress!, count: count, parties: parties, leafSize: 1 + seed % 20)
        }
        let expected = Self.bruteForceDominated(u, parties: parties)
        #expect(flags == expected)
        if count > 50 { #expect(expected.contains(true) && expected.contains(false)) }
    }

    @Test("the dominance tree flags the same candidates on one worker and on two (chunks of 4,096 queries)")
    func dominanceTreeWorkers() {
        let count = 10_000
        let u = RandomSpaces.cloud(seed: 41, count: count, parties: 5, grid: 30)
        let (one, two) = u.withUnsafeBufferPointer { u in
            (
                DominanceTree.dominated(u.baseAddress!, count: count, parties: 5, workers: 1),
                DominanceTree.dominated(u.baseAddress!, count: count, parties: 5, workers: 2)
            )
        }
        #expect(one == two)
        #expect(one.contains(true) && one.contains(false))
    }

    @Test("coinciding candidates keep the lowest outcome index, by option tuple")
    func coincidingKeepLowestIndex() {
        // Three candidates at the same point (one 5e-13 away), outcome tuples (2,0), (1,3), (1,2).
        let u = [0.5, 0.5, 0.5 + 5e-13, 0.5, 0.5, 0.5 - 5e-13, 0.2, 0.9]
        let options: [Int32] = [2, 0, 1, 3, 1, 2, 0, 0]
        let kept = ParetoFilter(parties: 2).survivors(utilities: u, options: options, width: 2)
        #expect(kept == [2, 3])
    }

    @Test("the merged frontier equals the enumerated one for 5 and 6 parties", arguments: 0..<16)
    func manyPartyFrontiers(seed: Int) throws {
        let scenario = RandomScenarios.linear(seed: 500 + UInt64(seed), issues: 2 + seed % 3, parties: 5 + seed % 2)
        let space = scenario.space
        let compiled = scenario.parties.map { CompiledUtility($0.profile.utility, space: space) }
        let merged = try ParetoFrontier.linearAdditive(space: space, utilities: compiled)
        let walked = ParetoFrontier.enumerated(space: space, utilities: compiled)
        #expect(Set(merged.map(\.outcome)) == Set(walked.map(\.outcome)))
    }

    @Test("4 and 5 parties: merges past the tree limit give the enumerated frontier", arguments: 0..<12)
    func largeManyPartyFrontiers(seed: Int) throws {
        let parties = 4 + seed % 2
        let scenario = RandomScenarios.linear(seed: 700 + UInt64(seed), issues: 5, parties: parties, maxOptions: 6)
        let space = scenario.space
        let compiled = scenario.parties.map { CompiledUtility($0.profile.utility, space: space) }
        let merged = try ParetoFrontier.linearAdditive(space: space, utilities: compiled)
        let walked = ParetoFrontier.enumerated(space: space, utilities: compiled)
        #expect(Set(merged.map(\.outcome)) == Set(walked.map(\.outcome)))
        for point in merged {
            let exact = scenario.parties.map { $0.profile.utility.utility(of: point.outcome, in: space) }
            #expect(zip(exact, point.utilities).allSatisfy { abs($0 - $1) < 1e-12 })
        }
    }
}
