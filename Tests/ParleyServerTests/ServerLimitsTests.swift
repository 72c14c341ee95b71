import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyTestSupport
import Testing

@testable import ParleyServer

#if canImport(Glibc)
    import Glibc
#endif

/// What a stranger can hold or make the server spend: connections that never finish a request,
/// creations without the key or too fast, scenarios too large to play, and actions sent twice.
@Suite(.timeLimit(.minutes(4)))
struct ServerLimitsTests {
    /// Short limits, so the tests wait seconds rather than minutes. The first response may take
    /// long: the server's handlers run on the test process's cooperative pool, queued behind the
    /// other suites' work on two busy cores.
    static let quick = ConnectionLimits(
        requestLine: .milliseconds(600), head: .milliseconds(1500), firstResponse: .seconds(150), idle: .seconds(3))

    static func arguments(admission: AdmissionPolicy = .init(), database: String = temporaryDatabase()) -> ServerArguments {
        ServerArguments(port: 0, database: database, answerTimeout: 60, admission: admission, connections: quick)
    }

    // MARK: Connections

    @Test func aMalformedRequestLineGets400AtOnce() async throws {
        try await buildApplication(Self.arguments()).test(.live) { client in
            let port = try #require(client.port)
            for line in ["HELLO\r\n", "GET / HTTP/9.9\r\n", "GET  / HTTP/1.1\r\n", "G\u{1}T / HTTP/1.1\r\n", "GET /\u{7F} HTTP/1.1\r\n"] {
                let connection = try RawConnection(port: port)
                connection.send(line)
                let reply = await connection.read(timeout: 5)
                #expect(reply.text.hasPrefix("HTTP/1.1 400"), "\(line.debugDescription): \(reply.text)")
                #expect(reply.closed && reply.seconds < 3, "\(line.debugDescription): closed \(reply.closed) after \(reply.seconds) s")
            }
            // A request line of over 8 KiB: 414.
            let long = try RawConnection(port: port)
            long.send("GET /" + String(repeating: "a", count: 9000))
            let reply = await long.read(timeout: 5)
            #expect(reply.text.hasPrefix("HTTP/1.1 414") && reply.closed, "\(reply.text)")
        }
    }

    @Test func silentAndSlowClientsAreDroppedOnTime() async throws {
        try await buildApplication(Self.arguments()).test(.live) { client in
            let port = try #require(client.port)
            // Nothing at all: dropped at the request-line limit.
            let connected = ContinuousClock.now
            let silent = try RawConnection(port: port)
            let nothing = await silent.read(timeout: 5)
            let silence = connected.duration(to: .now)
            #expect(nothing.text.hasPrefix("HTTP/1.1 408") && nothing.closed, "\(nothing.text)")
            #expect(silence >= .milliseconds(600) && silence < .seconds(30), "after \(silence)")
            // Headers one every 0.3 s, never ending: dropped at the head limit, though never idle.
            // The limit runs from the server's accept, which is never before the connect returns.
            let opened = ContinuousClock.now
            let slow = try RawConnection(port: port)
            slow.send("GET /health HTTP/1.1\r\n")
            var received = ""
            var closed = false
            for header in 0..<20 where !closed {
                slow.send("X-Slow-\(header): 1\r\n")
                let reply = await slow.read(timeout: 0.3)
                received += reply.text
                closed = reply.closed
            }
            let waited = opened.duration(to: .now)
            #expect(received.hasPrefix("HTTP/1.1 408") && closed, "\(received)")
            #expect(waited >= .milliseconds(1500) && waited < .seconds(30), "dropped after \(waited)")
        }
    }

    @Test func aKeptAliveConnectionIsServedThenTimesOutWhenIdle() async throws {
        try await buildApplication(Self.arguments()).test(.live) { client in
            let port = try #require(client.port)
            let connection = try RawConnection(port: port)
            // The whole exchange on one thread of its own: resuming on the busy cooperative pool
            // between a response and the next request could outlast the 3 s idle limit itself.
            let (replies, idle) = await connection.offPool { connection in
                var replies: [String] = []
                for _ in 0..<3 {
                    connection.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                    var text = ""
                    let deadline = Date().addingTimeInterval(140)
                    while !text.contains("\"ok\""), Date() < deadline {
                        let part = connection.waitForReply(timeout: 0.2)
                        text += part.text
                        if part.closed { break }
                    }
                    replies.append(text)
                }
                return (replies, connection.waitForReply(timeout: 15))
            }
            for text in replies { #expect(text.hasPrefix("HTTP/1.1 200"), "\(text)") }
            #expect(idle.closed && idle.seconds > 1.5 && idle.seconds < 15, "closed \(idle.closed) after \(idle.seconds) s")
        }
    }

    // MARK: Creation

    @Test func creationNeedsTheKeyAndIsRateLimited() async throws {
        let admission = AdmissionPolicy(creationKey: "sesame", creationsPerMinute: 2)
        try await buildApplication(Self.arguments(admission: admission)).test(.router) { client in
            let body = try JSONSerialization.data(withJSONObject: genevaWithRemoteIran)
            let text = String(decoding: body, as: UTF8.self)
            let none = try await client.call(.post, "/api/negotiations", body: text)
            #expect(none.status == .unauthorized && none.errorMessage?.contains("creation key") == true, "\(none.text)")
            let wrong = try await client.call(.post, "/api/negotiations", token: "sesame!", body: text)
            #expect(wrong.status == .unauthorized)
            // Refusals for the key take nothing from the bucket: the key is checked first.
            let first = try await client.call(.post, "/api/negotiations", token: "sesame", body: text)
            #expect(first.status == .created, "\(first.text)")
            let second = try await client.call(.post, "/api/negotiations", token: "sesame", body: text)
            #expect(second.status == .created, "\(second.text)")
            let third = try await client.call(.post, "/api/negotiations", token: "sesame", body: text)
            // Two a minute: the bucket refills one creation in 30 s, less what has passed since.
            #expect(third.status == .tooManyRequests, "\(third.text)")
            let wait = third.errorMessage?.split(separator: " ").dropLast().last.flatMap { Int($0) }
            #expect(wait.map { (20...30).contains($0) } == true, "\(third.text)")
        }
    }

    @Test func aTokenBucketRefillsEvenly() {
        let limiter = CreationLimiter(perMinute: 6)
        let start = ContinuousClock.now
        for _ in 0..<6 { #expect(limiter.take("a", now: start) == nil) }
        #expect(limiter.take("a", now: start) == 10, "one creation every 10 s")
        #expect(limiter.take("b", now: start) == nil, "another client has its own bucket")
        #expect(limiter.take("a", now: start + .seconds(10)) == nil)
        #expect(limiter.take("a", now: start + .seconds(10)) != nil)
    }

    @Test func aScenarioTooLargeToPlayIsRefusedAtCreation() async throws {
        try await buildApplication(Self.arguments()).test(.router) { client in
            let scenario = """
                parley: 1
                name: huge
                issues:
                  - {name: a, integer: [0, 999999]}
                  - {name: b, integer: [0, 999999]}
                parties:
                  - {name: one, weights: {a: 1, b: 1}, values: {a: {slope: 0.000001, offset: 0}, b: {slope: 0.000001, offset: 0}}}
                  - {name: two, weights: {a: 1, b: 1}, values: {a: {slope: -0.000001, offset: 1}, b: {slope: -0.000001, offset: 1}}}
                """
            let started = ContinuousClock.now
            let reply = try await client.call(.post, "/api/negotiations", json: ["scenarioText": scenario])
            #expect(reply.status == .unprocessableContent, "\(reply.text)")
            #expect(reply.errorMessage?.hasPrefix("too large: 1e+12 outcomes; this server's limit is 1000000") == true, "\(reply.text)")
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }

    // MARK: Actions

    @Test func anActionSentTwiceWithItsKeyIsTakenOnceAcrossARestart() async throws {
        let database = temporaryDatabase()
        let (created, firstSequence) = try await buildApplication(Self.arguments(database: database)).test(.router) { client in
            let created = try Created(try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran))
            let token = created.token("Iran")
            let state = try await client.call(.get, "/api/negotiations/\(created.id)/state?wait=10", token: token)
            let question = try #require(state["question"] as? [String: Any])
            let action = defaultAnswer(question)
            let data = try JSONSerialization.data(withJSONObject: action)
            let body = String(decoding: data, as: UTF8.self)
            let path = "/api/negotiations/\(created.id)/actions"
            let keyed: HTTPFields = [.init("Idempotency-Key")!: "answer-1"]
            let first = try await client.call(.post, path, token: token, body: body, headers: keyed)
            #expect(first.status == .accepted, "\(first.text)")
            let firstSequence = try #require(first["accepted"] as? Int)
            let again = try await client.call(.post, path, token: token, body: body, headers: keyed)
            #expect(again.status == .accepted && again["accepted"] as? Int == firstSequence, "\(again.text)")
            let bad = try await client.call(
                .post, path, token: token, body: body, headers: [.init("Idempotency-Key")!: String(repeating: "k", count: 129)])
            #expect(bad.status == .badRequest)
            return (created, firstSequence)
        }
        try await buildApplication(Self.arguments(database: database)).test(.router) { client in
            let path = "/api/negotiations/\(created.id)/actions"
            let again = try await client.call(
                .post, path, token: created.token("Iran"), body: #"{"action": "accept"}"#, headers: [.init("Idempotency-Key")!: "answer-1"])
            #expect(again.status == .accepted && again["accepted"] as? Int == firstSequence, "after a restart: \(again.text)")
        }
    }

    // MARK: The command

    @Test func serveRefusesAnOpenAddressWithoutACreationKey() throws {
        let run = try ParleyExecutable.run(["serve", "--hostname", "0.0.0.0", "--port", "0"])
        #expect(run.status == 64)
        #expect(run.error.contains("--creation-key"), "\(run.error)")
    }
}

/// A raw TCP connection to the server, to send what no HTTP client would.
/// Reads wait on a thread of their own: blocking a thread of the cooperative pool, which the
/// server's handlers share, would starve the server the test is talking to.
final class RawConnection: Sendable {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw TestFailure("cannot connect to port \(port)") }
    }

    deinit { close(descriptor) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// What arrives until the server closes or `timeout` seconds pass, whether it closed, and when.
    func read(timeout: Double) async -> (text: String, closed: Bool, seconds: Double) {
        await offPool { $0.waitForReply(timeout: timeout) }
    }

    /// Runs `body` with this connection on a thread of its own, off the cooperative pool.
    func offPool<T: Sendable>(_ body: @escaping @Sendable (RawConnection) -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body(self)) }
        }
    }

    /// `read(timeout:)` on the calling thread.
    func waitForReply(timeout: Double) -> (text: String, closed: Bool, seconds: Double) {
        var received: [UInt8] = []
        let start = Date()
        while true {
            let left = timeout - Date().timeIntervalSince(start)
            guard left > 0 else { return (String(decoding: received, as: UTF8.self), false, timeout) }
            var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, Int32(max(1, left * 1000))) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { return (String(decoding: received, as: UTF8.self), true, Date().timeIntervalSince(start)) }
            received += buffer[..<count]
        }
    }
}
