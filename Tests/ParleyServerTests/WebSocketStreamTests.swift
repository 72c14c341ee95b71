import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import NIOWebSocket
import ParleyServer
import Synchronization
import Testing

/// The event stream over WebSocket, checked against the HTTP list with a cursor: in order,
/// each event once per connection, resumable from a cursor, and only the role's own events.
@Suite(.timeLimit(.minutes(3)))
struct WebSocketStreamTests {
    // MARK: Same events as HTTP, in order, once

    @Test func eachRoleStreamsExactlyItsHTTPEventsWhileARemoteRolePlays() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let created = try Created(try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran))
            let roles = ["Iran", "United States", "Oman", "observer"]
            // Iran's first question is open: every role has events to receive at once.
            _ = try await client.call(.get, "/api/negotiations/\(created.id)/state?wait=10", token: created.token("Iran"))
            // Every role's socket is open while Iran is driven over HTTP to the end.
            let streams = try await withThrowingTaskGroup(of: (String, [String]).self) { group in
                for role in roles {
                    group.addTask { (role, try await streamTexts(port: port, id: created.id, token: created.token(role), cursor: 0)) }
                }
                group.addTask {
                    try await withDeadline(30, "Iran's moves") { try await play(client, created, role: "Iran") }
                    return ("", [])
                }
                var streams: [String: [String]] = [:]
                for try await (role, texts) in group where !role.isEmpty { streams[role] = texts }
                return streams
            }
            for role in roles {
                let messages = parse(try #require(streams[role]))
                try checkStream(messages, startingAt: 0, role: role)
                let listed = try await httpEvents(client, created, role: role)
                #expect(canonical(events(in: messages)) == canonical(listed), "\(role): the stream and /events?cursor=0 differ")
                let questions = messages.filter { $0["type"] as? String == "question" }
                if role == "Iran" {
                    #expect(!questions.isEmpty, "Iran was asked over the socket")
                } else {
                    #expect(questions.isEmpty, "\(role) plays no remote role and is asked nothing")
                }
            }
        }
    }

    @Test(arguments: ["indirect", "single-text", "alternating-offers"])
    func builtInNegotiationStreamsExactlyItsHTTPEvents(protocol name: String) async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let created = try Created(
                try await client.call(.post, "/api/negotiations", json: ["scenario": "us-iran-geneva-2026", "seed": 5, "protocol": name]))
            let done = try await client.call(.get, "/api/negotiations/\(created.id)/state?wait=10", token: created.token("observer"))
            #expect(done["status"] as? String == "finished")
            for role in created.tokens.keys.sorted() {
                let messages = parse(try await streamTexts(port: port, id: created.id, token: created.token(role), cursor: 0))
                try checkStream(messages, startingAt: 0, role: role)
                let listed = try await httpEvents(client, created, role: role)
                #expect(!listed.isEmpty)
                #expect(canonical(events(in: messages)) == canonical(listed), "\(name), \(role): the stream and /events?cursor=0 differ")
            }
        }
    }

    // MARK: Reconnecting with a cursor

    @Test func aReconnectingClientResumesExactlyAtItsCursor() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let created = try Created(try await client.call(.post, "/api/negotiations", json: ["scenario": "us-iran-geneva-2026", "seed": 3]))
            let done = try await client.call(.get, "/api/negotiations/\(created.id)/state?wait=10", token: created.token("observer"))
            #expect(done["status"] as? String == "finished")
            for role in ["Iran", "observer"] {
                let listed = canonical(try await httpEvents(client, created, role: role))
                try #require(listed.count > 4)
                for k in [1, 2, listed.count / 2, listed.count - 1, listed.count] {
                    let first = parse(try await streamTexts(port: port, id: created.id, token: created.token(role), cursor: 0, stopAfterEvents: k))
                    let head = events(in: first)
                    #expect(head.count == k, "\(role): the first connection stops after \(k) events")
                    let second = parse(try await streamTexts(port: port, id: created.id, token: created.token(role), cursor: k))
                    try checkStream(second, startingAt: k, role: role)
                    let tail = events(in: second)
                    #expect(tail.first?["cursor"] as? Int == (k < listed.count ? k : nil), "\(role): resumes at \(k)")
                    #expect(canonical(head + tail) == listed, "\(role), cursor \(k): a gap or a repeat across the reconnection")
                }
                // A cursor past the end gives no event, only the end.
                let beyond = parse(try await streamTexts(port: port, id: created.id, token: created.token(role), cursor: listed.count + 10))
                #expect(events(in: beyond).isEmpty)
                #expect(beyond.last?["type"] as? String == "finished")
            }
        }
    }

    @Test func aReconnectionDuringLiveTalksMissesAndRepeatsNothing() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let created = try Created(try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran))
            // Iran's first question is open: the built-in roles have spoken.
            _ = try await client.call(.get, "/api/negotiations/\(created.id)/state?wait=10", token: created.token("Iran"))
            let k = try await httpEvents(client, created, role: "Iran").count
            try #require(k >= 1)
            let first = parse(try await streamTexts(port: port, id: created.id, token: created.token("Iran"), cursor: 0, stopAfterEvents: k))
            let head = events(in: first)
            #expect(head.count == k)
            // While disconnected, Iran answers over HTTP and the talks move on.
            for _ in 0..<3 {
                let state = try await client.call(.get, "/api/negotiations/\(created.id)/state?wait=10", token: created.token("Iran"))
                guard let question = state["question"] as? [String: Any] else { break }
                let reply = try await client.call(
                    .post, "/api/negotiations/\(created.id)/actions", token: created.token("Iran"), json: defaultAnswer(question))
                #expect(reply.status == .accepted, "\(reply.text)")
            }
            // Iran's answers are events Iran sees: one is there at the cursor.
            let waiting = try await client.call(.get, "/api/negotiations/\(created.id)/events?cursor=\(k)&wait=5", token: created.token("Iran"))
            try #require((waiting["events"] as? [[String: Any]])?.isEmpty == false)
            // Reconnected at the cursor while the rest is played.
            let second = try await withThrowingTaskGroup(of: [String].self) { group in
                group.addTask { try await streamTexts(port: port, id: created.id, token: created.token("Iran"), cursor: k) }
                group.addTask {
                    try await withDeadline(30, "Iran's moves") { try await play(client, created, role: "Iran") }
                    return []
                }
                var texts: [String] = []
                for try await part in group where !part.isEmpty { texts = part }
                return texts
            }
            let messages = parse(second)
            try checkStream(messages, startingAt: k, role: "Iran")
            let tail = events(in: messages)
            #expect(tail.first?["cursor"] as? Int == k)
            let listed = try await httpEvents(client, created, role: "Iran")
            #expect(canonical(head + tail) == canonical(listed), "a gap or a repeat across the reconnection")
        }
    }

    // MARK: Tokens and audiences

    @Test func badOrMissingTokensAreRefusedWithTheirCloseCodes() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let created = try Created(try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran))
            let other = try Created(try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran))
            let base = "ws://127.0.0.1:\(port)/api/negotiations/\(created.id)/events/ws"
            let refused: [(url: String, code: UInt16)] = [
                ("\(base)?cursor=0", 4401),
                ("\(base)?token=&cursor=0", 4401),
                ("\(base)?token=0123456789abcdef&cursor=0", 4401),
                ("\(base)?token=\(String(repeating: "a", count: 200))", 4401),
                ("\(base)?token=\(other.token("Iran"))&cursor=0", 4404),
            ]
            for (url, code) in refused {
                let received = Locked<Int>(0)
                // The close comes right after the upgrade, in the read the client can lose (see
                // `streamTexts`): a connection that stays silent is opened again, at most twice.
                var close: WebSocketCloseFrame?
                for _ in 0..<3 where close == nil {
                    close = try? await withDeadline(5, url) {
                        try await WebSocketClient.connect(url: url, logger: Self.logger) { inbound, _, _ in
                            for try await _ in inbound.messages(maxSize: 1 << 20) { received.withLock { $0 += 1 } }
                        }
                    }
                }
                #expect(close?.closeCode == .unknown(code), "\(url): closed with \(String(describing: close?.closeCode))")
                #expect(close?.reason?.isEmpty == false, "\(url): the close says why")
                #expect(received.withLock { $0 } == 0, "\(url): no event without a valid token")
            }
            // The right token on the same URL is let in.
            let messages = parse(try await streamTexts(port: port, id: created.id, token: created.token("Iran"), cursor: 0, stopAfterEvents: 1))
            #expect(events(in: messages).count == 1)
        }
    }

    @Test func aPartysStreamHoldsOnlyEventsAddressedToIt() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let created = try Created(try await client.call(.post, "/api/negotiations", json: ["scenario": "us-iran-geneva-2026", "seed": 3]))
            var streamed: [String: [[String: Any]]] = [:]
            for role in ["Iran", "United States", "Oman", "observer"] {
                let messages = parse(try await streamTexts(port: port, id: created.id, token: created.token(role), cursor: 0))
                try checkStream(messages, startingAt: 0, role: role)
                streamed[role] = events(in: messages)
            }
            let observer = try #require(streamed["observer"])
            let iran = try #require(streamed["Iran"])
            let us = try #require(streamed["United States"])
            // Indirect talks: each delegation's meetings with Oman are private.
            #expect(observer.contains { $0["note"] as? String == "meets United States" })
            #expect(observer.contains { $0["note"] as? String == "meets Iran" })
            #expect(!iran.contains { $0["note"] as? String == "meets United States" })
            #expect(!us.contains { $0["note"] as? String == "meets Iran" })
            #expect(!iran.contains { $0["actor"] as? String == "United States" && ["accept", "reject"].contains($0["kind"] as? String) })
            #expect(iran.count < observer.count && us.count < observer.count)
            // Each party's events are exactly the observer's events addressed to it, in order.
            for (role, list) in [("Iran", iran), ("United States", us)] {
                let addressed = observer.filter { ($0["audience"] as? [String])?.contains(role) == true }
                #expect(list.map { $0["step"] as? Int } == addressed.map { $0["step"] as? Int }, "\(role)")
            }
        }
    }

    // MARK: Helpers

    static let logger = Logger(label: "websocket-stream-tests")
}

/// Opens `role`'s event stream and returns its text messages: until the server closes it
/// after `finished`, or until `stopAfterEvents` events have come (then the client closes).
/// Fails after `seconds`. The tests open streams only where the server has something to send
/// at once (past events or the end).
///
/// The client can lose the frames that reach it in the same read as the `101` upgrade
/// response (the server logs them as sent): the connection then stays silent. A connection
/// on which nothing at all arrives within 1.5 s is therefore opened again, at most twice;
/// a connection that delivers anything is checked as it is.
func streamTexts(port: Int, id: String, token: String, cursor: Int, stopAfterEvents: Int? = nil, seconds: Double = 30) async throws -> [String] {
    let url = "ws://127.0.0.1:\(port)/api/negotiations/\(id)/events/ws?token=\(token)&cursor=\(cursor)"
    return try await withDeadline(seconds, "the stream of \(url)") {
        for _ in 0..<3 {
            let received = Locked<[String]>([])
            let silent = try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await WebSocketClient.connect(url: url, logger: WebSocketStreamTests.logger) { inbound, _, _ in
                        var events = 0
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            guard case .text(let text) = message else {
                                received.withLock { $0.append("{\"type\": \"binary\"}") }
                                continue
                            }
                            received.withLock { $0.append(text) }
                            let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
                            if object?["type"] as? String == "event" { events += 1 }
                            if let stopAfterEvents, events >= stopAfterEvents { return }
                        }
                    }
                    return false
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(1500))
                    if received.withLock({ $0.isEmpty }) { return true }
                    try await Task.sleep(for: .seconds(3600))
                    return false
                }
                defer { group.cancelAll() }
                return try await group.next() ?? false
            }
            if !silent { return received.withLock { $0 } }
        }
        throw TestFailure("three connections to \(url) stayed silent")
    }
}

/// A value shared with the client's handler.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<T: Sendable>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }
}

/// Runs `body`, failing if it takes more than `seconds`.
@discardableResult
func withDeadline<T: Sendable>(
    _ seconds: Double, _ what: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TestFailure("\(what) took more than \(seconds) s") }
        return value
    }
}

/// Stream messages as JSON objects.
func parse(_ texts: [String]) -> [[String: Any]] {
    texts.map { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? ["unparsed": $0] }
}

/// The `event` of each event message, in the order received.
func events(in messages: [[String: Any]]) -> [[String: Any]] {
    messages.compactMap { $0["type"] as? String == "event" ? $0["event"] as? [String: Any] : nil }
}

/// A stream that ran to the end: every message known, events numbered from `start` on with no
/// gap or repeat, all addressed to `role` (the observer sees all), and `finished` last, once.
func checkStream(_ messages: [[String: Any]], startingAt start: Int, role: String) throws {
    try #require(!messages.isEmpty, "\(role): no message")
    for message in messages {
        #expect(["event", "question", "finished"].contains(message["type"] as? String ?? ""), "\(role): unexpected message \(message)")
    }
    #expect(messages.last?["type"] as? String == "finished", "\(role): the stream ends with 'finished'")
    #expect(messages.filter { $0["type"] as? String == "finished" }.count == 1, "\(role): one 'finished'")
    let list = events(in: messages)
    #expect(list.map { $0["cursor"] as? Int } == Array(start..<(start + list.count)), "\(role): cursors in order, each once")
    let steps = list.compactMap { $0["step"] as? Int }
    #expect(steps.count == list.count && zip(steps, steps.dropFirst()).allSatisfy { $0 < $1 }, "\(role): steps increase")
    if role != "observer" {
        for event in list { #expect((event["audience"] as? [String])?.contains(role) == true, "\(role) was streamed \(event)") }
    }
}

/// `role`'s whole event list from HTTP, once the negotiation is over.
func httpEvents(_ client: some TestClientProtocol, _ created: Created, role: String) async throws -> [[String: Any]] {
    let reply = try await client.call(.get, "/api/negotiations/\(created.id)/events?cursor=0", token: created.token(role))
    try #require(reply.status == .ok, "\(reply.text)")
    let list = try #require(reply["events"] as? [[String: Any]])
    #expect(list.map { $0["cursor"] as? Int } == Array(0..<list.count))
    return list
}
