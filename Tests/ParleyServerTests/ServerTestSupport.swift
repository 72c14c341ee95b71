import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ParleyServer
import ParleyTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

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

/// A running `parley serve` on a free loopback port.
final class ServerProcess {
    let process: Process
    let port: Int

    /// A server started and serving.
    convenience init(database: String, options: [String] = ["--answer-timeout", "120"]) throws {
        try self.init(launched: try Self.launch(database: database, options: options))
    }

    /// `count` servers started at the same moment, then waited for.
    static func together(_ count: Int, database: String, options: [String]) throws -> [ServerProcess] {
        let launched = try (0..<count).map { _ in try launch(database: database, options: options) }
        return try launched.map { try ServerProcess(launched: $0) }
    }

    private static func launch(database: String, options: [String]) throws -> (Process, Pipe, URL) {
        let process = ParleyExecutable.process(["serve", "--port", "0", "--database", database] + options)
        let output = Pipe()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("parley-serve-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        return (process, output, log)
    }

    /// Waits for the first line, which names the port: "parley: serving on http://127.0.0.1:PORT".
    private init(launched: (Process, Pipe, URL)) throws {
        let (process, output, log) = launched
        self.process = process
        var line = Data()
        let handle = output.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        let errors = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        port = try #require(
            text.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) },
            "unexpected first line: \(text); standard error: \(errors.suffix(2000))")
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    func call(
        _ method: String, _ path: String, token: String? = nil, json: [String: Any]? = nil, headers: [String: String] = [:]
    ) async throws -> (status: Int, body: [String: Any]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
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
