import Foundation
import ParleyTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Two built `parley serve` replicas on one PostgreSQL database (a cluster of the tests' own):
/// any replica answers any request, every replica shows the same events, and when the replica
/// that created a negotiation is killed with SIGKILL the other carries it to its end with the
/// events of an uninterrupted run.
@Suite(.serialized, .timeLimit(.minutes(4)))
final class ReplicaTests {
    let cluster: PostgresCluster

    init() throws { cluster = try PostgresCluster() }
    deinit { cluster.stop() }

    /// The tokens of a negotiation created through `server`.
    func create(on server: ServerProcess, _ definition: [String: Any] = genevaWithRemoteIran) async throws -> (id: String, tokens: [String: String]) {
        let created = try await server.call("POST", "/api/negotiations", json: definition)
        try #require(created.status == 201, "\(created.body)")
        let roles = try #require(created.body["roles"] as? [[String: Any]])
        return (
            try #require(created.body["id"] as? String),
            Dictionary(uniqueKeysWithValues: roles.map { ($0["role"] as! String, $0["token"] as! String) })
        )
    }

    /// The events of `id` on `server` once it lists at least `count` of them (waiting up to `seconds`).
    func events(_ id: String, token: String, on server: ServerProcess, atLeast count: Int, within seconds: Double) async throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(seconds)
        var events: [[String: Any]] = []
        repeat {
            events = try await server.call("GET", "/api/negotiations/\(id)/events?cursor=0", token: token).body["events"] as? [[String: Any]] ?? []
            if events.count >= count { break }
            try await Task.sleep(for: .milliseconds(50))
        } while Date() < deadline
        return events
    }

    @Test func replicasShareNegotiationsAndSurviveTheLossOfOne() async throws {
        try cluster.createDatabase("replicas")
        let url = cluster.url("replicas")
        // Both start at the same moment on an empty database: the schema is made once.
        let started = try ServerProcess.together(2, database: url, options: ["--answer-timeout", "120", "--lease-seconds", "2"])
        let (a, b) = (started[0], started[1])
        defer { b.stop() }
        let (id, tokens) = try await create(on: a)
        let iran = tokens["Iran"]!
        let observer = tokens["observer"]!

        // Iran answers on A and on B in turn; after every answer both list the same events within a second.
        var replicas = [a, b]
        var answered = 0
        var lastKey = ""
        var lastSequence = -1
        while answered < 4 {
            let server = replicas[answered % 2]
            let state = try await server.call("GET", "/api/negotiations/\(id)/state?wait=10", token: iran)
            try #require(state.status == 200, "\(state.body)")
            try #require(state.body["status"] as? String != "finished", "the negotiation ended too soon: \(state.body)")
            guard let question = state.body["question"] as? [String: Any] else { continue }
            lastKey = "answer-\(answered)"
            let reply = try await server.call(
                "POST", "/api/negotiations/\(id)/actions", token: iran, json: defaultAnswer(question), headers: ["Idempotency-Key": lastKey])
            try #require(reply.status == 202, "\(reply.body)")
            lastSequence = try #require(reply.body["accepted"] as? Int)
            answered += 1
            let onA = try await events(id, token: observer, on: a, atLeast: 1, within: 0)
            let onB = try await events(id, token: observer, on: b, atLeast: onA.count, within: 1)
            let onAAgain = try await events(id, token: observer, on: a, atLeast: onB.count, within: 1)
            #expect(canonical(onB) == canonical(onAAgain), "both replicas list the same events after answer \(answered)")
        }
        // The last answer sent again with its key, to the other replica: nothing new is stored.
        let again = try await replicas[answered % 2].call(
            "POST", "/api/negotiations/\(id)/actions", token: iran, json: ["action": "end"], headers: ["Idempotency-Key": lastKey])
        #expect(again.status == 202)
        #expect(again.body["accepted"] as? Int == lastSequence, "a repeated key is answered with the first answer's sequence")

        let beforeKill = try await events(id, token: observer, on: b, atLeast: 1, within: 0)
        a.kill()
        replicas = [b]

        // B carries the negotiation to its end.
        #expect(try await b.play(id, token: iran, limit: 200), "the negotiation finishes on the surviving replica")
        let survived = try await events(id, token: observer, on: b, atLeast: 1, within: 0)
        #expect(canonical(Array(survived.prefix(beforeKill.count))) == canonical(beforeKill))

        // The same negotiation with the same answers, uninterrupted, on B.
        let (againId, againTokens) = try await create(on: b)
        #expect(try await b.play(againId, token: againTokens["Iran"]!, limit: 200))
        let uninterrupted = try await events(againId, token: againTokens["observer"]!, on: b, atLeast: 1, within: 0)
        #expect(survived.count > beforeKill.count)
        #expect(canonical(survived) == canonical(uninterrupted), "identical events with and without the loss of a replica")
    }

    @Test func aDeadReplicasNegotiationTimesOutOnAnother() async throws {
        try cluster.createDatabase("takeover")
        let url = cluster.url("takeover")
        let a = try ServerProcess(database: url, options: ["--lease-seconds", "1"])
        let b = try ServerProcess(database: url, options: ["--lease-seconds", "1"])
        defer { b.stop() }
        var definition = genevaWithRemoteIran
        definition["answerTimeout"] = 3
        let (id, tokens) = try await create(on: a, definition)
        // B learns of the negotiation, then A dies before Iran's time runs out.
        let state = try await b.call("GET", "/api/negotiations/\(id)/state?wait=5", token: tokens["Iran"]!)
        try #require(state.body["question"] != nil, "\(state.body)")
        a.kill()
        // Nobody answers: B takes over the lease and writes the timeout, which ends the negotiation.
        let deadline = Date().addingTimeInterval(30)
        var status = ""
        while Date() < deadline {
            status = try await b.call("GET", "/api/negotiations/\(id)/state?wait=2", token: tokens["observer"]!).body["status"] as? String ?? ""
            if status == "finished" { break }
        }
        #expect(status == "finished", "the surviving replica drives the dead one's negotiation to its timeout")
        let events = try await events(id, token: tokens["observer"]!, on: b, atLeast: 1, within: 0)
        #expect(events.contains { ($0["note"] as? String)?.contains("did not answer") == true }, "\(events.suffix(2))")
        var leases = ""
        for _ in 0..<50 {
            leases = try cluster.psql("takeover", "SELECT count(*) FROM negotiation_lease")
            if leases == "0" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(leases == "0", "the ended negotiation's lease is given up")
    }

    @Test func aDatabaseOfThePreviousSchemaIsMigrated() async throws {
        try cluster.createDatabase("migration")
        let url = cluster.url("migration")
        var server = try ServerProcess(database: url)
        let (id, tokens) = try await create(on: server)
        #expect(try await server.play(id, token: tokens["Iran"]!, limit: 2) == false)
        let before = try await events(id, token: tokens["observer"]!, on: server, atLeast: 1, within: 0)
        server.stop()
        // Back to schema version 1: no leases.
        _ = try cluster.psql("migration", "DROP TABLE negotiation_lease; DELETE FROM schema_version WHERE component = 'server' AND version = 2")

        server = try ServerProcess(database: url, options: ["--lease-seconds", "1"])
        defer { server.stop() }
        #expect(try cluster.psql("migration", "SELECT max(version) FROM schema_version WHERE component = 'server'") == "2")
        let after = try await events(id, token: tokens["observer"]!, on: server, atLeast: before.count, within: 5)
        #expect(canonical(Array(after.prefix(before.count))) == canonical(before), "the stored negotiation replays unchanged")
        #expect(try await server.play(id, token: tokens["Iran"]!, limit: 200), "and goes on to its end")
    }
}
