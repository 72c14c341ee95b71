import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ParleyServer
import ParleyTestSupport
import Testing

/// A response as the tests read it: the status and the JSON body.
struct Reply: @unchecked Sendable {
    // `@unchecked`: `json` is a JSONSerialization tree, built once and only read.
    var status: HTTPResponse.Status
    var json: Any?
    var text: String

    subscript(key: String) -> Any? { (json as? [String: Any])?[key] }
    var errorMessage: String? { ((json as? [String: Any])?["error"] as? [String: Any])?["message"] as? String }
}

/// A fresh database file in the temporary folder.
func temporaryDatabase() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("parley-test-\(UUID().uuidString).sqlite").path
}

func serverArguments(database: String = temporaryDatabase()) -> ServerArguments {
    ServerArguments(port: 0, database: database, answerTimeout: 60)
}

extension TestClientProtocol {
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, body: String? = nil, headers: HTTPFields = [:]) async throws -> Reply
    {
        var fields = headers
        if let token { fields[.authorization] = "Bearer \(token)" }
        if body != nil { fields[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) }) { response in
            let text = String(buffer: response.body)
            return Reply(status: response.status, json: try? JSONSerialization.jsonObject(with: Data(text.utf8)), text: text)
        }
    }

    func call(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: [String: Any]) async throws -> Reply {
        let data = try JSONSerialization.data(withJSONObject: json)
        return try await call(method, uri, token: token, body: String(decoding: data, as: UTF8.self))
    }
}

/// Events as canonical JSON lines (sorted keys), for comparing lists across servers.
func canonical(_ events: [[String: Any]]) -> [String] {
    events.map { String(decoding: (try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys])) ?? Data(), as: UTF8.self) }
}

/// The tokens of a created negotiation, by role name.
struct Created: Sendable {
    var id: String
    var tokens: [String: String]

    init(_ reply: Reply) throws {
        try #require(reply.status == .created, "create failed: \(reply.text)")
        id = try #require(reply["id"] as? String)
        let roles = try #require(reply["roles"] as? [[String: Any]])
        var tokens: [String: String] = [:]
        for role in roles { tokens[role["role"] as! String] = role["token"] as? String }
        self.tokens = tokens
    }

    func token(_ role: String) -> String { tokens[role]! }
}

/// The Geneva talks with Iran played remotely against a built-in US, through Oman.
var genevaWithRemoteIran: [String: Any] {
    ["scenario": "us-iran-geneva-2026", "seed": 3, "roles": ["Iran": "remote", "United States": "boulware", "Oman": "shuttle"]]
}

/// Answers every question of `role` with a simple rule until the negotiation ends; returns
/// the number of answers given.
@discardableResult
func play(
    _ client: some TestClientProtocol, _ created: Created, role: String, limit: Int = 200, toTheEnd: Bool = true,
    answer: ([String: Any]) -> [String: Any] = defaultAnswer
) async throws -> Int {
    var answers = 0
    for _ in 0..<limit {
        let state = try await client.call(.get, "/api/negotiations/\(created.id)/state?wait=10", token: created.token(role))
        try #require(state.status == .ok, "\(state.text)")
        if state["status"] as? String == "finished" { return answers }
        guard let question = state["question"] as? [String: Any] else { continue }
        let reply = try await client.call(.post, "/api/negotiations/\(created.id)/actions", token: created.token(role), json: answer(question))
        try #require(reply.status == .accepted, "answer refused: \(reply.text)")
        answers += 1
    }
    if toTheEnd { Issue.record("\(role) was still playing after \(limit) turns") }
    return answers
}

/// Accepts texts and offers on the table, admits held issues, votes yes; offers the text on
/// the table (or the first options) when it must offer.
func defaultAnswer(_ question: [String: Any]) -> [String: Any] {
    switch question["kind"] as? String {
    case "respond": return ["action": "accept"]
    case "vote", "ratify", "admit": return ["action": "vote", "approve": true]
    case "act":
        if question["text"] != nil, question["offeredBy"] != nil { return ["action": "accept"] }
        return ["action": "end"]
    default: return ["action": "text", "outcome": question["text"] ?? [:]]
    }
}

/// Answers `role`'s questions with `defaultAnswer` until one of `kind` is open; returns it.
func advance(_ client: some TestClientProtocol, _ created: Created, role: String, to kind: String) async throws -> [String: Any] {
    for _ in 0..<50 {
        let state = try await client.call(.get, "/api/negotiations/\(created.id)/state?wait=10", token: created.token(role))
        let question = try #require(state["question"] as? [String: Any], "no question for \(role): \(state.text)")
        if question["kind"] as? String == kind { return question }
        let reply = try await client.call(.post, "/api/negotiations/\(created.id)/actions", token: created.token(role), json: defaultAnswer(question))
        try #require(reply.status == .accepted, "\(reply.text)")
    }
    throw TestFailure("no '\(kind)' question for \(role)")
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
