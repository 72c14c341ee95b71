import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyServer
import Testing

/// A token grants one role in one negotiation: everything else is refused, and tested here.
@Suite(.timeLimit(.minutes(1)))
struct TokenIsolationTests {
    @Test func unknownMissingAndMalformedTokensGet401() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.router) { client in
            let created = try Created(try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran))
            let path = "/api/negotiations/\(created.id)/state"
            let missing = try await client.call(.get, path)
            #expect(missing.status == .unauthorized)
            #expect(missing.errorMessage?.contains("bearer token is required") == true)
            let unknown = try await client.call(.get, path, token: "0123456789abcdef")
            #expect(unknown.status == .unauthorized)
            #expect(unknown.errorMessage == "unknown token")
            let malformed = try await client.call(.get, path, headers: [.authorization: "Basic dXNlcjpwYXNz"])
            #expect(malformed.status == .unauthorized)
            let empty = try await client.call(.get, path, headers: [.authorization: "Bearer "])
            #expect(empty.status == .unauthorized)
            let action = try await client.call(.post, "/api/negotiations/\(created.id)/actions", token: "nope", json: ["action": "accept"])
            #expect(action.status == .unauthorized)
            // The right token works.
            let ok = try await client.call(.get, path, token: created.token("Iran"))
            #expect(ok.status == .ok)
            #expect(ok["role"] as? String == "Iran")
        }
    }

    @Test func theDatabaseHoldsNoUsableToken() async throws {
        let database = temporaryDatabase()
        let app = try buildApplication(serverArguments(database: database))
        let tokens = try await app.test(.router) { client in
            let created = try Created(try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran))
            // The tokens work...
            #expect(try await client.call(.get, "/api/negotiations/\(created.id)/state", token: created.token("Iran")).status == .ok)
            return Array(created.tokens.values)
        }
        // ...but the file keeps only their digests: reading it grants nothing.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: database))
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: database + "-wal"))) ?? Data()
        #expect(tokens.count == 4)
        for token in tokens {
            #expect(bytes.range(of: Data(token.utf8)) == nil && wal.range(of: Data(token.utf8)) == nil, "a token is stored in the clear")
        }
    }

    @Test func aTokenDoesNotOpenAnotherNegotiation() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.router) { client in
            let first = try Created(try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran))
            let second = try Created(try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran))
            #expect(first.id != second.id)
            #expect(first.token("Iran") != second.token("Iran"))
            for path in ["", "/state", "/events", "/profiles/Iran", "/chart.svg"] {
                let reply = try await client.call(.get, "/api/negotiations/\(second.id)\(path)", token: first.token("Iran"))
                #expect(reply.status == .notFound, "\(path): \(reply.status)")
            }
            let act = try await client.call(.post, "/api/negotiations/\(second.id)/actions", token: first.token("Iran"), json: ["action": "accept"])
            #expect(act.status == .notFound)
        }
    }

    @Test func aPartyReadsOnlyItsOwnProfile() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.router) { client in
            let created = try Created(try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran))
            let base = "/api/negotiations/\(created.id)/profiles"
            let own = try await client.call(.get, "\(base)/Iran", token: created.token("Iran"))
            #expect(own.status == .ok)
            #expect(own["reservationValue"] as? Double == 0.3)
            #expect((own["weights"] as? [String: Double])?["sanctions relief"] == 0.32)
            let other = try await client.call(.get, "\(base)/United%20States", token: created.token("Iran"))
            #expect(other.status == .forbidden)
            #expect(other.text.contains("0.35") == false)
            let theirs = try await client.call(.get, "\(base)/Iran", token: created.token("United States"))
            #expect(theirs.status == .forbidden)
            for role in ["Oman", "observer"] {
                let reply = try await client.call(.get, "\(base)/Iran", token: created.token(role))
                #expect(reply.status == .forbidden, "\(role)")
            }
            let nobody = try await client.call(.get, "\(base)/France", token: created.token("Iran"))
            #expect(nobody.status == .notFound)
            let mediator = try await client.call(.get, "\(base)/Oman", token: created.token("Oman"))
            #expect(mediator.status == .notFound)
        }
    }

    @Test func eachRoleSeesOnlyEventsAddressedToIt() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.router) { client in
            let created = try Created(try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran))
            try await play(client, created, role: "Iran")
            var seen: [String: [[String: Any]]] = [:]
            for role in ["Iran", "United States", "Oman", "observer"] {
                let reply = try await client.call(.get, "/api/negotiations/\(created.id)/events?cursor=0", token: created.token(role))
                #expect(reply.status == .ok)
                #expect(reply["finished"] as? Bool == true)
                let events = try #require(reply["events"] as? [[String: Any]])
                seen[role] = events
                for (index, event) in events.enumerated() {
                    #expect(event["cursor"] as? Int == index)
                    if role != "observer" { #expect((event["audience"] as? [String])?.contains(role) == true, "\(role) saw \(event)") }
                }
            }
            let observer = try #require(seen["observer"])
            let steps = observer.compactMap { $0["step"] as? Int }
            #expect(steps == Array(1...steps.count), "the observer sees every event, in order")
            // Indirect talks: each delegation's meetings with Oman are private.
            let iranSteps = Set(seen["Iran"]!.compactMap { $0["step"] as? Int })
            let usMeetings = observer.filter { ($0["note"] as? String) == "meets United States" }
            #expect(!usMeetings.isEmpty)
            #expect(usMeetings.allSatisfy { !iranSteps.contains($0["step"] as! Int) })
            #expect(seen["Iran"]!.count < observer.count)
            // A cursor past the start returns the rest of the list.
            let rest = try await client.call(.get, "/api/negotiations/\(created.id)/events?cursor=3", token: created.token("Iran"))
            #expect((rest["events"] as? [[String: Any]])?.first?["cursor"] as? Int == 3)
            #expect((rest["events"] as? [[String: Any]])?.count == seen["Iran"]!.count - 3)
        }
    }

    @Test func nobodyActsForAnotherRoleOrOutOfTurn() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.router) { client in
            let created = try Created(try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran))
            let actions = "/api/negotiations/\(created.id)/actions"
            // Built-in roles and the observer cannot act.
            let us = try await client.call(.post, actions, token: created.token("United States"), json: ["action": "accept"])
            #expect(us.status == .conflict)
            let observer = try await client.call(.post, actions, token: created.token("observer"), json: ["action": "accept"])
            #expect(observer.status == .forbidden)
            let oman = try await client.call(.post, actions, token: created.token("Oman"), json: ["action": "text", "outcome": [:]])
            #expect(oman.status == .conflict)
            // Iran's turn comes; one answer is taken, a second to the same question is out of turn.
            let question = try await advance(client, created, role: "Iran", to: "respond")
            #expect(question["kind"] as? String == "respond")
            let state = try await client.call(.get, "/api/negotiations/\(created.id)/state", token: created.token("Iran"))
            #expect(state["status"] as? String == "your-turn")
            let first = try await client.call(.post, actions, token: created.token("Iran"), json: ["action": "reject", "objections": ["enrichment"]])
            #expect(first.status == .accepted, "\(first.text)")
            // Whether the next question is already open or not, answering sequence 0 again is impossible:
            // the observer's events show exactly one Iranian answer so far.
            let events = try await client.call(.get, "/api/negotiations/\(created.id)/events?wait=5&cursor=0", token: created.token("observer"))
            let iranian = (events["events"] as? [[String: Any]] ?? []).filter {
                $0["actor"] as? String == "Iran" && ["accept", "reject"].contains($0["kind"] as? String)
            }
            #expect(iranian.count <= 1)
        }
    }

    @Test func badInputGetsA4xxThatSaysWhatIsWrong() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.router) { client in
            // Creation.
            let notJSON = try await client.call(.post, "/api/negotiations", body: "{not json")
            #expect(notJSON.status == .badRequest)
            #expect(notJSON.errorMessage?.contains("not valid JSON") == true)
            let wrongType = try await client.call(.post, "/api/negotiations", json: ["scenario": 7])
            #expect(wrongType.status == .badRequest)
            #expect(wrongType.errorMessage?.contains("'scenario'") == true)
            let none = try await client.call(.post, "/api/negotiations", json: [:])
            #expect(none.status == .unprocessableContent)
            let unknown = try await client.call(.post, "/api/negotiations", json: ["scenario": "atlantis"])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.errorMessage?.contains("us-iran-geneva-2026") == true)
            let traversal = try await client.call(.post, "/api/negotiations", json: ["scenario": "../../etc/passwd"])
            #expect(traversal.status == .unprocessableContent)
            let badYAML = try await client.call(.post, "/api/negotiations", json: ["scenarioText": "parley: 1\nname: x\nissues: 5\n"])
            #expect(badYAML.status == .unprocessableContent)
            #expect(badYAML.errorMessage?.contains("issues") == true, "\(badYAML.text)")
            let badRole = try await client.call(.post, "/api/negotiations", json: ["scenario": "us-iran-geneva-2026", "roles": ["France": "remote"]])
            #expect(badRole.status == .unprocessableContent)
            #expect(badRole.errorMessage?.contains("France") == true)
            let badStrategy = try await client.call(
                .post, "/api/negotiations", json: ["scenario": "us-iran-geneva-2026", "roles": ["Iran": "genius"]])
            #expect(badStrategy.status == .unprocessableContent)
            let badProtocol = try await client.call(.post, "/api/negotiations", json: ["scenario": "us-iran-geneva-2026", "protocol": "poker"])
            #expect(badProtocol.status == .unprocessableContent)
            let huge = try await client.call(.post, "/api/negotiations", json: ["scenarioText": String(repeating: "x", count: 1 << 21)])
            #expect(huge.status == .contentTooLarge)
            #expect(huge.errorMessage != nil)

            // Actions.
            let created = try Created(try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran))
            let actions = "/api/negotiations/\(created.id)/actions"
            let iran = created.token("Iran")
            _ = try await advance(client, created, role: "Iran", to: "respond")
            let cases: [([String: Any], String)] = [
                (["action": "dance"], "unknown action"),
                (["action": "offer"], "answer it with 'accept' or 'reject'"),
                (["action": "accept", "outcome": ["enrichment": "none"]], "'stockpile' is missing"),
                (["action": "reject"], "needs 'objections'"),
                (["action": "reject", "objections": ["weather"]], "unknown issue 'weather'"),
                (["action": "reject", "objections": ["enrichment"], "counter": ["enrichment": "90%"]], "not an option"),
                (["action": "reject", "objections": ["enrichment"], "counter": ["enrichment": "60%"]], "is missing"),
                (["action": "reject", "objections": ["stockpile"]], "fixed in this session"),
            ]
            for (body, message) in cases {
                let reply = try await client.call(.post, actions, token: iran, json: body)
                #expect(reply.status == .unprocessableContent, "\(body): \(reply.status) \(reply.text)")
                #expect(reply.errorMessage?.contains(message) == true, "\(body): \(reply.errorMessage ?? reply.text)")
            }
            let broken = try await client.call(.post, actions, token: iran, body: "[1, 2")
            #expect(broken.status == .badRequest)
            let big = try await client.call(.post, actions, token: iran, json: ["action": String(repeating: "a", count: 40_000)])
            #expect(big.status == .contentTooLarge)
            #expect(big.errorMessage == "an action is at most 16384 bytes", "\(big.text)")
            let badCursor = try await client.call(.get, "/api/negotiations/\(created.id)/events?cursor=-4", token: iran)
            #expect(badCursor.status == .badRequest)
            let badWait = try await client.call(.get, "/api/negotiations/\(created.id)/state?wait=forever", token: iran)
            #expect(badWait.status == .badRequest)
            // The question is still open after all the refusals.
            let state = try await client.call(.get, "/api/negotiations/\(created.id)/state", token: iran)
            #expect((state["question"] as? [String: Any])?["kind"] as? String == "respond")
            let noRoute = try await client.call(.get, "/api/nothing")
            #expect(noRoute.status == .notFound)
            #expect(noRoute.errorMessage != nil)
        }
    }
}
