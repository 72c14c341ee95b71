import Dispatch
import Foundation
import Parley
import ParleyPostgres
import ParleySupport
import ParleyTestSupport
import ParleyTournament
import Synchronization
import Testing

/// Tournaments in a real PostgreSQL 15 that each test starts itself (`PostgresCluster`). They
/// fail, and never skip, where PostgreSQL is not installed.
@Suite("Tournaments in PostgreSQL", .serialized)
struct PostgresTournamentTests {
    func plan(seed: UInt64 = 5) -> TournamentPlan { TournamentTests().plan(seed: seed) }

    @Test("an empty database gets the schema once, however many workers open it at the same moment")
    func migrations() throws {
        let cluster = try PostgresCluster()
        defer { cluster.stop() }
        try cluster.createDatabase("fresh")
        let address = try PostgresAddress(cluster.url("fresh"))
        let plan = plan()

        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            do {
                _ = try PostgresTournamentStore(address: address, fingerprint: plan.fingerprint, cellCount: plan.cells.count)
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(try cluster.psql("fresh", "SELECT component || ' ' || version FROM schema_version ORDER BY version") == "tournament 1")
        #expect(try cluster.psql("fresh", "SELECT value FROM tournament_meta WHERE key = 'plan'") == plan.fingerprint)
        #expect(try cluster.psql("fresh", "SELECT count(*) FROM tournament_claim") == "72")

        // Another plan is refused, and leaves the database as it was.
        #expect(throws: TournamentError.self) {
            try PostgresTournamentStore(address: address, fingerprint: self.plan(seed: 9).fingerprint, cellCount: 72)
        }
        #expect(try cluster.psql("fresh", "SELECT count(*) FROM tournament_meta") == "1")

        // A session reads back exactly as stored; stored twice, it is one row; its claim is gone.
        let store = try PostgresTournamentStore(address: address, fingerprint: plan.fingerprint, cellCount: plan.cells.count)
        let row = TournamentStore.Row(
            cell: 3, scenario: "toy", strategies: ["boulware", "conceder"], repetition: 1, seed: UInt64.max - 7, reason: "agreement",
            rounds: 17, utilities: [0.1, 1.0 / 3.0], discounted: [0.1, 0.3], reservations: [0.1, 0.2], distanceToFrontier: 0.123_456_789_012_345_67,
            distanceToNash: nil, welfare: 0.1 + 1.0 / 3.0, seconds: 0.001)
        try store.record(row)
        try store.record(row)
        #expect(try store.rows() == [row])
        #expect(try cluster.psql("fresh", "SELECT count(*) FROM tournament_claim WHERE cell = 3") == "0")

        // A schema newer than this build knows is refused, not altered.
        _ = try cluster.psql("fresh", "INSERT INTO schema_version VALUES ('tournament', 99, 'from a later parley')")
        #expect {
            try PostgresTournamentStore(address: address, fingerprint: plan.fingerprint, cellCount: plan.cells.count)
        } throws: { error in
            "\(error)".contains("has tournament schema version 99, newer than this parley knows (1)")
        }
        #expect(try cluster.psql("fresh", "SELECT count(*) FROM schema_version") == "2")

        // Reporting a database without a tournament is refused and creates nothing in it.
        try cluster.createDatabase("empty")
        #expect(throws: TournamentError.self) { try PostgresTournamentStore(existing: PostgresAddress(cluster.url("empty"))) }
        #expect(try cluster.psql("empty", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "0")
    }

    @Test("a tournament in PostgreSQL stores the sessions SQLite stores, and resumes after an interruption")
    func sameAsSQLite() throws {
        let cluster = try PostgresCluster()
        defer { cluster.stop() }
        try cluster.createDatabase("toy")
        let plan = plan()
        let address = try PostgresAddress(cluster.url("toy"))

        let sqlite = try TournamentStore(path: TournamentTests().temporaryDatabase(), fingerprint: plan.fingerprint)
        _ = try TournamentRunner(plan: plan, store: sqlite, jobs: 2).run()

        let first = try PostgresTournamentStore(address: address, fingerprint: plan.fingerprint, cellCount: plan.cells.count)
        let partial = try TournamentRunner(plan: plan, store: first, jobs: 2, limit: 10).run()
        #expect(partial.ran == 10)
        let second = try PostgresTournamentStore(address: address, fingerprint: plan.fingerprint, cellCount: plan.cells.count)
        let rest = try TournamentRunner(plan: plan, store: second, jobs: 2).run()
        #expect(rest.alreadyDone == 10)
        #expect(rest.ran == 62)

        // Equal but for the wall-clock seconds each session took.
        func timeless(_ rows: [TournamentStore.Row]) -> [TournamentStore.Row] {
            rows.map {
                var row = $0
                row.seconds = 0
                return row
            }
        }
        #expect(timeless(try second.rows()) == timeless(try sqlite.rows()))
        #expect(TournamentSummary(rows: try second.rows()).json.pretty == TournamentSummary(rows: try sqlite.rows()).json.pretty)
        #expect(try cluster.psql("toy", "SELECT count(*) FROM tournament_claim") == "0")
    }

    @Test(
        "three workers started at once on an empty database, one killed with -9, give the report of one SQLite run",
        .timeLimit(.minutes(5)))
    func workersShareAndSurviveAKill() throws {
        let cluster = try PostgresCluster()
        defer { cluster.stop() }
        try cluster.createDatabase("camera")
        let url = cluster.url("camera")
        let sqlite = TournamentTests().temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: sqlite) }
        let plan = [
            "tournament", "run", Fixtures.genius("y2011-Camera").path, "--negotiators", "boulware,conceder,linear,tit-for-tat,hardliner",
            "--repetitions", "8", "--rounds", "1000",
        ]
        let total = 200

        let reference = try ParleyExecutable.run(plan + ["--jobs", "2", "--database", sqlite])
        #expect(reference.status == 0, "\(reference.error)")

        func launch(jobs: Int) throws -> Process {
            let process = ParleyExecutable.process(plan + ["--jobs", String(jobs), "--lease", "2", "--database", url])
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        let workers = try [launch(jobs: 1), launch(jobs: 2), launch(jobs: 1)]
        let victim = workers[0]
        defer { for worker in workers where worker.isRunning { kill(worker.processIdentifier, SIGKILL) } }

        // Once some sessions are stored, freeze the first worker while it holds a claim, then kill it.
        func stored() -> Int { Int((try? cluster.psql("camera", "SELECT count(*) FROM tournament_session")) ?? "") ?? 0 }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(120)
        while stored() < 5, clock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
        var held = [String]()
        while held.isEmpty, clock.now < deadline {
            kill(victim.processIdentifier, SIGSTOP)
            let claims = try cluster.psql("camera", "SELECT cell FROM tournament_claim WHERE claimed_by LIKE '%:\(victim.processIdentifier):%'")
            held = claims.split(separator: "\n").map(String.init)
            if held.isEmpty {
                kill(victim.processIdentifier, SIGCONT)
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        #expect(!held.isEmpty, "the killed worker held no claim")
        let atKill = stored()
        #expect(atKill >= 5)
        #expect(atKill < total, "the tournament finished before a worker could be killed")

        // The two others wait for the dead worker's lease to expire and play its cells.
        for worker in workers.dropFirst() {
            worker.waitUntilExit()
            #expect(worker.terminationStatus == 0)
        }
        #expect(
            try cluster.psql(
                "camera", "SELECT count(*) || ' ' || count(DISTINCT cell) || ' ' || min(cell) || ' ' || max(cell) FROM tournament_session")
                == "\(total) \(total) 0 \(total - 1)")
        #expect(try cluster.psql("camera", "SELECT count(*) FROM tournament_claim") == "0")
        for cell in held {
            #expect(try cluster.psql("camera", "SELECT count(*) FROM tournament_session WHERE cell = \(cell)") == "1")
        }

        for format in [["--json"], []] {
            let fromSQLite = try ParleyExecutable.run(["tournament", "report", sqlite] + format)
            let fromPostgres = try ParleyExecutable.run(["tournament", "report", url] + format)
            #expect(fromSQLite.status == 0 && fromPostgres.status == 0, "\(fromPostgres.error)")
            #expect(!fromPostgres.output.isEmpty)
            // Bytes, not strings: String equality would let canonically equivalent texts pass.
            #expect(Data(fromPostgres.output.utf8) == Data(fromSQLite.output.utf8), "\(fromPostgres.output)")
        }
    }

    @Test("a malformed or unreachable database URL is a one-line error and exit code 2", arguments: ["malformed", "unreachable"])
    func badURL(_ kind: String) throws {
        let url = kind == "malformed" ? "postgres://127.0.0.1:5432" : "postgres://parley@127.0.0.1:\(try PostgresCluster.freePort())/nothing"
        for arguments in [
            ["tournament", "run", "us-iran-geneva-2026", "--negotiators", "boulware", "--database", url], ["tournament", "report", url],
        ] {
            let run = try ParleyExecutable.run(arguments)
            #expect(run.status == 2)
            #expect(run.error.split(separator: "\n").count == 1, "\(run.error)")
            #expect(run.error.contains(kind == "malformed" ? "is not a usable PostgreSQL URL" : "cannot connect"), "\(run.error)")
        }
        for arguments in [["serve", "--port", "0", "--database", url], ["tournament", "merge", url, "shard.sqlite"]] {
            let run = try ParleyExecutable.run(arguments)
            #expect(run.status == 2, "\(arguments): \(run.error)")
            #expect(run.error.split(separator: "\n").count == 1, "\(run.error)")
            let expected = arguments[0] == "tournament" ? "need no merge" : kind == "malformed" ? "is not a usable PostgreSQL URL" : "cannot connect"
            #expect(run.error.contains(expected), "\(run.error)")
        }
    }
}
