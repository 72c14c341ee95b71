import ParleySupport
import ParleyTestSupport
import Testing

@testable import Parley

@Suite("Parallel outcome walk against brute force")
struct ParallelWalkTests {
    /// The zone of possible agreement by the model's own definition, outcome by outcome.
    static func bruteForceZOPA(_ scenario: Scenario) -> Int {
        let reservation = scenario.parties.map(\.profile.reservationValue)
        return RandomScenarios.allUtilities(scenario).filter { zip($0.1, reservation).allSatisfy { $0 > $1 } }.count
    }

    static func walk(_ scenario: Scenario, workers: Int, minimumChunk: Int) -> Int {
        let space = scenario.space
        return OutcomeWalk.countZOPA(
            space: space, utilities: scenario.parties.map { CompiledUtility($0.profile.utility, space: space) },
            reservation: scenario.parties.map(\.profile.reservationValue), workers: workers, minimumChunkOutcomes: minimumChunk)
    }

    @Test("linear-additive ZOPA counts, 2 to 4 parties, any number of workers and chunks", arguments: 0..<60)
    func linearCounts(seed: Int) {
        let scenario = RandomScenarios.linear(seed: 2000 + UInt64(seed), issues: 1 + seed % 5, parties: 2 + seed % 3, maxOptions: 6)
        let expected = Self.bruteForceZOPA(scenario)
        for (workers, chunk) in [(1, 1 << 15), (2, 1), (3, 5), (8, 2)] {
            #expect(Self.walk(scenario, workers: workers, minimumChunk: chunk) == expected, "workers \(workers), chunk \(chunk)")
        }
    }

    @Test("ZOPA counts with hyper-rectangle terms", arguments: 0..<30)
    func constraintCounts(seed: Int) {
        let scenario = RandomSpaces.withConstraints(seed: 3000 + UInt64(seed), issues: 1 + seed % 4, parties: 2 + seed % 2)
        let expected = Self.bruteForceZOPA(scenario)
        for (workers, chunk) in [(1, 1 << 15), (2, 1), (5, 3)] {
            #expect(Self.walk(scenario, workers: workers, minimumChunk: chunk) == expected, "workers \(workers), chunk \(chunk)")
        }
    }

    @Test("the analysis reports the walked ZOPA")
    func analysisUsesTheWalk() throws {
        let scenario = RandomScenarios.linear(seed: 77, issues: 4, parties: 3)
        #expect(try OutcomeAnalysis(scenario: scenario).zopaCount == Self.bruteForceZOPA(scenario))
    }

    @Test("chunks cover every run once, in order", arguments: [1, 2, 3, 16])
    func chunksCoverRuns(workers: Int) {
        let layout = RunLayout(radices: [3, 7, 5, 4], utilities: [])
        let chunks = layout.mapChunks(workers: workers, minimumChunkOutcomes: 4) { $0 }
        #expect(chunks.first?.lowerBound == 0)
        #expect(chunks.last?.upperBound == layout.runCount)
        #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound && !$0.isEmpty })
        #expect(workers == 1 ? chunks.count == 1 : chunks.count > 1)
    }

    @Test("a 60,000-outcome space gives one count whatever the threads and chunks")
    func largeSpaceIsDeterministic() {
        let issues = [8, 5, 10, 30, 5].enumerated().map { Issue(name: "i\($0)", options: (0..<$1).map { "o\($0)" }) }
        var random = SeededGenerator(seed: 42)
        let parties = (0..<3).map { index in
            let raw = issues.map { _ in Double(1 + random.uniform(below: 9)) }
            let function = UtilityFunction(
                weights: raw.map { $0 / raw.reduce(0, +) },
                valuations: issues.map { issue in .table((0..<issue.count).map { _ in Double(random.uniform(below: 11)) / 10 }) })
            return Party(name: "p\(index)", profile: Profile(utility: function, reservationValue: 0.45))
        }
        let scenario = Scenario(name: "large", issues: issues, parties: parties)
        let space = scenario.space
        let compiled = scenario.parties.map { CompiledUtility($0.profile.utility, space: space) }
        var expected = 0
        for index in 0..<space.count! {
            let options = space.outcome(at: index).options
            if compiled.allSatisfy({ $0.utility(of: options) > 0.45 }) { expected += 1 }
        }
        #expect(expected > 1000 && expected < space.count!)
        for (workers, chunk) in [(1, 1 << 15), (2, 1 << 15), (2, 777), (7, 50)] {
            #expect(Self.walk(scenario, workers: workers, minimumChunk: chunk) == expected)
        }
    }
}
