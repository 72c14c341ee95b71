import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParleyServer
import ParleyTestSupport
import Testing

/// Whole negotiations driven over HTTP by remote roles.
@Suite(.timeLimit(.minutes(2)))
struct NegotiationFlowTests {
    /// Two issues, two parties, uploaded as YAML.
    static let smallScenario = """
        parley: 1
        name: Two issues
        issues:
          - {name: price, options: [low, mid, high]}
          - {name: delivery, options: [slow, fast]}
        parties:
          - name: Buyer
            reservation: 0.2
            weights: {price: 0.6, delivery: 0.4}
            values: {price: {low: 1, mid: 0.5, high: 0}, delivery: {slow: 0, fast: 1}}
          - name: Seller
            reservation: 0.2
            weights: {price: 0.7, delivery: 0.3}
            values: {price: {low: 0, mid: 0.6, high: 1}, delivery: {slow: 1, fast: 0}}
        mediator: {name: Broker}
        talks: {protocol: alternating-offers, rounds: 4}
        """

    @Test func twoRemotePartiesAgreeOverHTTP() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.router) { client in
            let created = try Created(
                try await client.call(
                    .post, "/api/negotiations", json: ["scenarioText": Self.smallScenario, "roles": ["Buyer": "remote", "Seller": "remote"]]))
            #expect(Set(created.tokens.keys) == ["Buyer", "Seller", "observer"])
            let base = "/api/negotiations/\(created.id)"
            // The buyer opens; accepting with nothing on the table is refused.
            let buyerQuestion = try await advance(client, created, role: "Buyer", to: "act")
            #expect(buyerQuestion["text"] == nil)
            let early = try await client.call(.post, "\(base)/actions", token: created.token("Buyer"), json: ["action": "accept"])
            #expect(early.status == .unprocessableContent)
            let sellerEarly = try await client.call(.post, "\(base)/actions", token: created.token("Seller"), json: ["action": "end"])
            #expect(sellerEarly.status == .conflict, "it is the buyer's turn")
            let offer = ["price": "mid", "delivery": "fast"]
            let offered = try await client.call(.post, "\(base)/actions", token: created.token("Buyer"), json: ["action": "offer", "outcome": offer])
            #expect(offered.status == .accepted)
            let sellerQuestion = try await advance(client, created, role: "Seller", to: "act")
            #expect(sellerQuestion["text"] as? [String: String] == offer)
            #expect(sellerQuestion["offeredBy"] as? String == "Buyer")
            let accepted = try await client.call(.post, "\(base)/actions", token: created.token("Seller"), json: ["action": "accept"])
            #expect(accepted.status == .accepted)
            let state = try await client.call(.get, "\(base)/state?wait=10", token: created.token("Seller"))
            #expect(state["status"] as? String == "finished")
            let result = try #require(state["result"] as? [String: Any])
            #expect(result["reason"] as? String == "agreement")
            #expect(result["agreement"] as? [String: String] == offer)
            #expect(abs((result["utility"] as? Double ?? 0) - 0.42) < 1e-9)
            #expect(result["utilities"] == nil, "a party sees only its own utility")
            let observer = try await client.call(.get, "\(base)/state", token: created.token("observer"))
            let utilities = try #require((observer["result"] as? [String: Any])?["utilities"] as? [String: Double])
            #expect(abs(utilities["Buyer"]! - 0.7) < 1e-9 && abs(utilities["Seller"]! - 0.42) < 1e-9)
            let events = try await client.call(.get, "\(base)/events", token: created.token("observer"))
            #expect((events["events"] as? [[String: Any]])?.map { $0["kind"] as! String } == ["round", "offer", "accept", "agreement"])
            // After the end nobody can act.
            let late = try await client.call(.post, "\(base)/actions", token: created.token("Buyer"), json: ["action": "end"])
            #expect(late.status == .conflict)
        }
    }

    @Test func discountedUtilitiesAreReportedWhenSomePartyDiscounts() async throws {
        // The seller halves an agreement's worth every round.
        let scenario = Self.smallScenario
            .replacingOccurrences(of: "rounds: 4}", with: "rounds: 12}")
            .replacingOccurrences(of: "  weights: {price: 0.7", with: "  discount: 0.5\n    weights: {price: 0.7")
        #expect(scenario.contains("discount: 0.5"))
        let app = try buildApplication(serverArguments())
        try await app.test(.router) { client in
            let created = try Created(
                try await client.call(
                    .post, "/api/negotiations", json: ["scenarioText": scenario, "roles": ["Buyer": "boulware", "Seller": "boulware"]]))
            let base = "/api/negotiations/\(created.id)"
            var state = try await client.call(.get, "\(base)/state?wait=10", token: created.token("observer"))
            while state["status"] as? String != "finished" {
                state = try await client.call(.get, "\(base)/state?wait=10", token: created.token("observer"))
            }
            let result = try #require(state["result"] as? [String: Any])
            let rounds = try #require(result["rounds"] as? Int)
            let utilities = try #require(result["utilities"] as? [String: Double])
            let discounted = try #require(result["discountedUtilities"] as? [String: Double])
            #expect(result["reason"] as? String == "agreement" && rounds > 1, "\(result)")
            let factor = pow(0.5, Double(rounds - 1))
            #expect(discounted["Buyer"] == utilities["Buyer"])
            #expect(abs(discounted["Seller"]! - utilities["Seller"]! * factor) < 1e-12)
        }
    }

    @Test func aRemoteMediatorCarriesTheText() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.router) { client in
            let created = try Created(
                try await client.call(
                    .post, "/api/negotiations",
                    json: [
                        "scenarioText": Self.smallScenario, "protocol": "indirect", "rounds": 3,
                        "roles": ["Broker": "remote", "Buyer": "conceder", "Seller": "conceder"],
                    ]))
            let base = "/api/negotiations/\(created.id)"
            let first = try await advance(client, created, role: "Broker", to: "initial-text")
            #expect(first["text"] == nil)
            let bad = try await client.call(
                .post, "\(base)/actions", token: created.token("Broker"), json: ["action": "text", "outcome": ["price": "mid"]])
            #expect(bad.status == .unprocessableContent)
            let text = ["price": "mid", "delivery": "slow"]
            var answers = 0
            while true {
                let state = try await client.call(.get, "\(base)/state?wait=10", token: created.token("Broker"))
                if state["status"] as? String == "finished" {
                    #expect(["agreement", "deadline"].contains((state["result"] as? [String: Any])?["reason"] as? String))
                    break
                }
                let question = try #require(state["question"] as? [String: Any])
                let reply = try await client.call(
                    .post, "\(base)/actions", token: created.token("Broker"), json: ["action": "text", "outcome": text])
                #expect(reply.status == .accepted, "\(question): \(reply.text)")
                answers += 1
                try #require(answers < 10)
            }
            let events = try await client.call(.get, "\(base)/events", token: created.token("Buyer"))
            let texts = (events["events"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "text" }
            #expect(!texts.isEmpty)
            #expect(texts.allSatisfy { $0["outcome"] as? [String: String] == text })
        }
    }

    @Test func geniusFilesCanBeUploaded() async throws {
        let folder = Fixtures.genius.appendingPathComponent(Fixtures.geniusFolders.first ?? "")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".xml") && $0 != "pareto.xml" }
        var files: [String: String] = [:]
        for name in names { files[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) }
        let app = try buildApplication(serverArguments())
        let upload = files
        try await app.test(.router) { client in
            let reply = try await client.call(.post, "/api/negotiations", json: ["genius": ["files": upload, "realStep": 1.0], "rounds": 3])
            if reply.status == .contentTooLarge { return }  // a large domain: the limit did its job
            let created = try Created(reply)
            #expect(created.tokens.count >= 3)
            let bad = try await client.call(.post, "/api/negotiations", json: ["genius": ["files": ["../domain.xml": "<x/>", "b.xml": "<y/>"]]])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.errorMessage?.contains("plain .xml file name") == true)
        }
    }

    @Test func aRestartedServerReplaysTheSameEvents() async throws {
        let database = temporaryDatabase()
        let first = try buildApplication(serverArguments(database: database))
        let (created, before) = try await first.test(.router) { client in
            let created = try Created(try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran))
            // Three answers, then the "crash": this server is simply abandoned.
            try await play(client, created, role: "Iran", limit: 3, toTheEnd: false)
            let events = try await client.call(.get, "/api/negotiations/\(created.id)/events?wait=2", token: created.token("observer"))
            return (created, canonical(events["events"] as? [[String: Any]] ?? []))
        }
        let app = try buildApplication(serverArguments(database: database))
        try await app.test(.router) { client in
            // Old tokens still work, and the replay gives the same events.
            var after: [[String: Any]] = []
            for _ in 0..<50 where after.count < before.count {
                after =
                    (try await client.call(.get, "/api/negotiations/\(created.id)/events?wait=1", token: created.token("observer")))["events"]
                    as? [[String: Any]] ?? []
            }
            #expect(before.count >= 3)
            #expect(canonical(Array(after.prefix(before.count))) == before)
            try await play(client, created, role: "Iran")
            let finished = try await client.call(.get, "/api/negotiations/\(created.id)/events", token: created.token("observer"))
            #expect(finished["finished"] as? Bool == true)
        }
    }
}
