import Foundation
import HTTPTypes
import HummingbirdTesting
import ParleyServer
import ParleyTestSupport
import Testing

/// Live negotiations are tasks that suspend while they wait for a remote role: a thousand of
/// them waiting at once hold no thread each.
@Suite(.timeLimit(.minutes(3)))
struct ThreadlessNegotiationTests {
    /// The threads of this process (Linux: the entries of /proc/self/task).
    static func threadCount() -> Int? {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task"))?.count
    }

    @Test("1,000 live negotiations waiting for remote parties add no thread per negotiation")
    func thousandLiveNegotiations() async throws {
        let before = try #require(Self.threadCount(), "needs /proc (Linux)")
        let app = try buildApplication(serverArguments())
        try await app.test(.router) { client in
            var created: [Created] = []
            for _ in 0..<1000 {
                created.append(
                    try Created(
                        try await client.call(
                            .post, "/api/negotiations",
                            json: ["scenarioText": NegotiationFlowTests.smallScenario, "roles": ["Buyer": "remote", "Seller": "remote"]])))
            }
            // Every one of them is live and asks the buyer for its opening move.
            for negotiation in created.prefix(20) + created.suffix(20) {
                let state = try await client.call(.get, "/api/negotiations/\(negotiation.id)/state?wait=10", token: negotiation.token("Buyer"))
                #expect((state["question"] as? [String: Any])?["kind"] as? String == "act", "\(state.text)")
            }
            let during = try #require(Self.threadCount())
            #expect(during - before < 100, "\(during - before) more threads under 1,000 live negotiations")
            // And they still play: one of them to the end.
            let last = try #require(created.last)
            try await play(client, last, role: "Buyer", limit: 1, toTheEnd: false) { _ in
                ["action": "offer", "outcome": ["price": "mid", "delivery": "fast"]]
            }
            let seller = try await advance(client, last, role: "Seller", to: "act")
            #expect(seller["offeredBy"] as? String == "Buyer")
            let accepted = try await client.call(
                .post, "/api/negotiations/\(last.id)/actions", token: last.token("Seller"), json: ["action": "accept"])
            #expect(accepted.status == .accepted)
            let state = try await client.call(.get, "/api/negotiations/\(last.id)/state?wait=10", token: last.token("Seller"))
            #expect(state["status"] as? String == "finished")
        }
    }

    @Test("a remote role that does not answer in time ends its negotiation, with no thread waiting for it")
    func answerTimeout() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.router) { client in
            let created = try Created(
                try await client.call(
                    .post, "/api/negotiations",
                    json: [
                        "scenarioText": NegotiationFlowTests.smallScenario, "roles": ["Buyer": "remote", "Seller": "remote"], "answerTimeout": 0.3,
                    ]))
            let state = try await client.call(.get, "/api/negotiations/\(created.id)/state?wait=5", token: created.token("observer"))
            var current = state
            for _ in 0..<20 where current["status"] as? String != "finished" {
                current = try await client.call(.get, "/api/negotiations/\(created.id)/state?wait=5", token: created.token("observer"))
            }
            let result = try #require(current["result"] as? [String: Any], "\(current.text)")
            #expect(result["reason"] as? String == "failure")
            #expect("\(result)".contains("did not answer within 0.3 s"), "\(result)")
        }
    }
}
