import Foundation
import Parley
import ParleyTestSupport
import ParleyTournament
import Testing

@Suite("Tournaments")
struct TournamentTests {
    func plan(seed: UInt64 = 5) -> TournamentPlan {
        let toy = ToyScenarios.opposed(reservation: 0.1)
        var three = ToyScenarios.opposed(reservation: 0.1)
        three.parties.append(Party(name: "C", profile: three.parties[0].profile))
        return TournamentPlan(
            scenarios: [.init(name: "toy", scenario: toy), .init(name: "three", scenario: three)],
            strategies: ["boulware", "conceder", "random"], repetitions: 2, rounds: 30, seed: seed)
    }

    func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("parley-tournament-\(UUID().uuidString).sqlite").path
    }

    @Test("cells: every assignment of strategies to parties, repeated, with fixed seeds")
    func cells() {
        let cells = plan().cells
        // 3^2 assignments x 2 repetitions + 3^3 x 2.
        #expect(cells.count == 18 + 54)
        #expect(Set(cells.map(\.seed)).count == cells.count)
        #expect(cells.map(\.index) == Array(0..<72))
        #expect(plan().cells == cells)
        #expect(plan(seed: 6).cells.map(\.seed) != cells.map(\.seed))
    }

    @Test("an interrupted tournament resumes with every session exactly once and the same results")
    func resume() throws {
        let whole = try TournamentStore(path: temporaryDatabase(), fingerprint: plan().fingerprint)
        _ = try TournamentRunner(plan: plan(), store: whole, jobs: 2).run()

        let path = temporaryDatabase()
        let first = try TournamentStore(path: path, fingerprint: plan().fingerprint)
        let partial = try TournamentRunner(plan: plan(), store: first, jobs: 2, limit: 10).run()
        #expect(partial.ran == 10)
        let reopened = try TournamentStore(path: path, fingerprint: plan().fingerprint)
        let rest = try TournamentRunner(plan: plan(), store: reopened, jobs: 2).run()
        #expect(rest.alreadyDone == 10)
        #expect(rest.ran == 62)
        let resumed = try reopened.rows()
        #expect(resumed.count == 72)
        let reference = try whole.rows()
        for (a, b) in zip(resumed, reference) {
            #expect(a.cell == b.cell)
            #expect(a.utilities == b.utilities)
            #expect(a.reason == b.reason)
            #expect(a.rounds == b.rounds)
        }
    }

    @Test("shards merge into the whole tournament")
    func shards() throws {
        let paths = (0..<3).map { _ in temporaryDatabase() }
        for (index, path) in paths.enumerated() {
            let store = try TournamentStore(path: path, fingerprint: plan().fingerprint)
            let outcome = try TournamentRunner(plan: plan(), store: store, shard: (index, 3), jobs: 1).run()
            #expect(outcome.total == 24)
        }
        let merged = try TournamentStore(path: temporaryDatabase(), fingerprint: plan().fingerprint)
        var added = 0
        for path in paths { added += try merged.merge(from: TournamentStore.open(path: path)) }
        #expect(added == 72)
        #expect(try merged.merge(from: TournamentStore.open(path: paths[0])) == 0)
        #expect(try merged.finishedCells() == Set(0..<72))

        // A shard of another plan (another seed) is refused, and nothing of it is copied.
        let foreign = try TournamentStore(path: temporaryDatabase(), fingerprint: plan(seed: 6).fingerprint)
        _ = try TournamentRunner(plan: plan(seed: 6), store: foreign, shard: (0, 3), jobs: 1).run()
        let fresh = try TournamentStore(path: temporaryDatabase(), fingerprint: plan().fingerprint)
        #expect(throws: TournamentError.self) { try fresh.merge(from: foreign) }
        #expect(try fresh.finishedCells().isEmpty)
    }

    @Test("a database of another tournament is refused")
    func otherPlan() throws {
        let path = temporaryDatabase()
        _ = try TournamentStore(path: path, fingerprint: plan().fingerprint)
        #expect(throws: TournamentError.self) { try TournamentStore(path: path, fingerprint: plan(seed: 9).fingerprint) }
    }

    @Test("the summary scores every strategy in every role it played")
    func summary() throws {
        let store = try TournamentStore(path: temporaryDatabase(), fingerprint: plan().fingerprint)
        _ = try TournamentRunner(plan: plan(), store: store).run()
        let summary = TournamentSummary(rows: try store.rows())
        #expect(summary.sessions == 72)
        // Two parties: 9 assignments x 2 roles / 3 strategies = 6 plays; three: 27 x 3 / 3 = 27; twice each: 66.
        #expect(summary.lines.map(\.sessions) == [66, 66, 66])
        #expect(summary.lines.allSatisfy { (0...1).contains($0.agreementRate) })
    }

    @Test("discounted utilities are stored and scored; a tournament without discounts shows none")
    func discounts() throws {
        var toy = ToyScenarios.opposed(reservation: 0.1)
        toy.parties[0].profile.discountFactor = 0.9
        let discounted = TournamentPlan(
            scenarios: [.init(name: "toy", scenario: toy)], strategies: ["boulware", "conceder"], repetitions: 1, rounds: 30, seed: 3)
        let store = try TournamentStore(path: temporaryDatabase(), fingerprint: discounted.fingerprint)
        _ = try TournamentRunner(plan: discounted, store: store).run()
        let rows = try store.rows()
        let agreed = rows.filter { $0.reason == "agreement" }
        #expect(!agreed.isEmpty)
        for row in agreed {
            #expect(row.discounted[0] == toy.parties[0].profile.discounted(row.utilities[0], agreedInRound: row.rounds, deadline: 30))
            #expect(row.discounted[1] == row.utilities[1])
        }
        #expect(agreed.contains { $0.rounds > 1 && $0.discounted[0] < $0.utilities[0] })
        let summary = TournamentSummary(rows: rows)
        #expect(summary.discounts && summary.table.contains("discounted"))

        let plain = try TournamentStore(path: temporaryDatabase(), fingerprint: plan().fingerprint)
        _ = try TournamentRunner(plan: plan(), store: plain).run()
        let plainSummary = TournamentSummary(rows: try plain.rows())
        #expect(!plainSummary.discounts && !plainSummary.table.contains("discounted"))
    }

    @Test("a tournament killed with SIGKILL resumes where it stopped", .timeLimit(.minutes(2)))
    func killAndResume() throws {
        let database = temporaryDatabase()
        let arguments = [
            "tournament", "run", Fixtures.genius("y2011-Camera").path, "--negotiators", "boulware,conceder,linear,tit-for-tat,hardliner",
            "--repetitions", "8", "--rounds", "1000", "--jobs", "1", "--database", database,
        ]
        // The same command twice: the first run is killed, the second resumes it.
        func launch() throws -> Process {
            let process = ParleyExecutable.process(arguments)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        let first = try launch()
        // Wait until some sessions are stored, then kill the process without warning.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        var stored = 0
        while clock.now < deadline {
            if FileManager.default.fileExists(atPath: database), let store = try? TournamentStore.open(path: database) {
                stored = (try? store.finishedCells().count) ?? 0
                if stored >= 5 { break }
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(stored >= 5)
        let afterKill = try TournamentStore.open(path: database).finishedCells().count
        #expect(afterKill < 200, "the tournament finished before it could be killed")

        let second = try launch()
        second.waitUntilExit()
        #expect(second.terminationStatus == 0)
        let rows = try TournamentStore.open(path: database).rows()
        #expect(rows.count == 200)
        #expect(Set(rows.map(\.cell)) == Set(0..<200))
    }
}
