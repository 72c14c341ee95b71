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
    /// A running `parley serve` on a free loopback port.
    final class ServerProcess {
        let process: Process
        let port: Int

        init(database: String) throws {
            process = ParleyExecutable.process(["serve", "--port", "0", "--database", database, "--answer-timeout", "120"])
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The first line names the port: "parley: serving on http://127.0.0.1:PORT".
            var line = Data()
            let handle = output.fileHandleForReading
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            let text = String(decoding: line, as: UTF8.self)
            port = try #require(
                text.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }, "unexpected first line: \(text)")
        }

        func kill() {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
        }

        func call(_ method: String, _ path: String, token: String? = nil, json: [String: Any]? = nil) async throws -> (
            status: Int, body: [String: Any]
        ) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.httpMethod = method
            request.timeoutInterval = 30
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            if let json {
                request.httpBody = try JSONSerialization.data(withJSONObject: json)
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as! HTTPURLResponse).statusCode, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
        }

        /// Answers Iran's questions (up to `limit`) with the tests' default rule.
        func play(_ id: String, token: String, limit: Int) async throws -> Bool {
            for _ in 0..<limit {
                let state = try await call("GET", "/api/negotiations/\(id)/state?wait=10", token: token)
                try #require(state.status == 200)
                if state.body["status"] as? String == "finished" { return true }
                guard let question = state.body["question"] as? [String: Any] else { continue }
                let reply = try await call("POST", "/api/negotiations/\(id)/actions", token: token, json: defaultAnswer(question))
                try #require(reply.status == 202, "\(reply.body)")
            }
            return false
        }

        func events(_ id: String, token: String) async throws -> [[String: Any]] {
            try await call("GET", "/api/negotiations/\(id)/events?cursor=0&wait=2", token: token).body["events"] as? [[String: Any]] ?? []
        }
    }

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
