import Foundation
import ParleyTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The built `parley serve`, killed with SIGKILL in the middle of a negotiation and started
/// again on the same database, continues it with nothing lost: the events equal those of an
/// uninterrupted run with the same answers.
@Suite(.timeLimit(.minutes(3)))
struct CrashRecoveryTests {
    @Test func killedServerContinuesWithNothingLost() async throws {
        let database = temporaryDatabase()
        var server = try ServerProcess(database: database)
        let create = try await server.call("POST", "/api/negotiations", json: genevaWithRemoteIran)
        try #require(create.status == 201)
        let id = try #require(create.body["id"] as? String)
        let tokens = Dictionary(
            uniqueKeysWithValues: (create.body["roles"] as! [[String: Any]]).map { ($0["role"] as! String, $0["token"] as! String) })
        let iran = tokens["Iran"]!
        let observer = tokens["observer"]!
        #expect(try await server.play(id, token: iran, limit: 4) == false, "the negotiation should still be running")
        let beforeKill = try await server.events(id, token: observer)
        server.kill()

        server = try ServerProcess(database: database)
        defer { server.stop() }
        var afterRestart: [[String: Any]] = []
        for _ in 0..<20 where afterRestart.count < beforeKill.count {
            afterRestart = try await server.events(id, token: observer)
        }
        #expect(canonical(Array(afterRestart.prefix(beforeKill.count))) == canonical(beforeKill), "events before the kill are replayed unchanged")
        #expect(try await server.play(id, token: iran, limit: 200), "the negotiation finishes after the restart")
        let interrupted = try await server.events(id, token: observer)

        // The same negotiation, uninterrupted.
        let again = try await server.call("POST", "/api/negotiations", json: genevaWithRemoteIran)
        let againId = try #require(again.body["id"] as? String)
        let againTokens = Dictionary(
            uniqueKeysWithValues: (again.body["roles"] as! [[String: Any]]).map { ($0["role"] as! String, $0["token"] as! String) })
        #expect(try await server.play(againId, token: againTokens["Iran"]!, limit: 200))
        let uninterrupted = try await server.events(againId, token: againTokens["observer"]!)
        #expect(interrupted.count > beforeKill.count)
        #expect(interrupted.count == uninterrupted.count)
        #expect(canonical(interrupted) == canonical(uninterrupted), "identical events with and without the crash")
        let last = interrupted.last?["kind"] as? String
        #expect(["agreement", "deadline", "breakdown", "end"].contains(last ?? ""), "ends with a result, not \(last ?? "nothing")")
    }
}
