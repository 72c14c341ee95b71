import Foundation
import HTTPTypes
import HummingbirdTesting
import ParleyServer
import Testing

/// What the web pages ask beyond the core API: utilities of outcomes (a party its own only,
/// the observer every party's), the observer's utility space, a bundled scenario's roles for
/// the creation page; and the pages themselves.
@Suite("The pages' endpoints")
struct ServerPageTests {
    /// An outcome of the negotiation: the last option of every issue.
    func summaryOutcome(_ client: some TestClientProtocol, _ created: Created) async throws -> [String: String] {
        let summary = try await client.call(.get, "/api/negotiations/\(created.id)", token: created.token("observer"))
        let issues = try #require(summary["issues"] as? [[String: Any]])
        var outcome: [String: String] = [:]
        for issue in issues { outcome[issue["name"] as! String] = (issue["options"] as! [String]).last }
        return outcome
    }

    @Test("a party receives only its own utilities; the observer everyone's; the mediator none")
    func utilitiesByRole() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.router) { client in
            let created = try Created(try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran))
            let path = "/api/negotiations/\(created.id)/utilities"
            let outcome = try await summaryOutcome(client, created)
            let body: [String: Any] = ["outcomes": [outcome, outcome]]

            let iran = try await client.call(.post, path, token: created.token("Iran"), json: body)
            #expect(iran.status == .ok, "\(iran.text)")
            #expect(iran["parties"] as? [String] == ["Iran"])
            let iranRows = try #require(iran["utilities"] as? [[String: Double]])
            #expect(iranRows.count == 2)
            #expect(iranRows.allSatisfy { Set($0.keys) == ["Iran"] })
            #expect(!iran.text.contains("United States"), "Iran's answer names the United States: \(iran.text)")
            #expect((iran["reservationValues"] as? [String: Double]).map { Array($0.keys) } == ["Iran"])

            let us = try await client.call(.post, path, token: created.token("United States"), json: body)
            #expect(us["parties"] as? [String] == ["United States"])
            #expect(!us.text.contains("Iran"), "the United States' answer names Iran: \(us.text)")

            let observer = try await client.call(.post, path, token: created.token("observer"), json: body)
            #expect(observer.status == .ok)
            let everyone = try #require((observer["utilities"] as? [[String: Double]])?.first)
            #expect(Set(everyone.keys) == ["Iran", "United States"])
            #expect(everyone["Iran"] == iranRows[0]["Iran"])
            #expect(everyone["United States"] == (us["utilities"] as? [[String: Double]])?.first?["United States"])
            for value in everyone.values { #expect((0...1).contains(value)) }

            let oman = try await client.call(.post, path, token: created.token("Oman"), json: body)
            #expect(oman.status == .forbidden)
            #expect(try await client.call(.post, path, json: body).status == .unauthorized)

            // Another negotiation's token reads nothing here.
            let other = try Created(try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran))
            #expect(try await client.call(.post, path, token: other.token("observer"), json: body).status == .notFound)

            var wrong = outcome
            wrong["enrichment"] = "plenty"
            let refused = try await client.call(.post, path, token: created.token("Iran"), json: ["outcomes": [wrong]])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.errorMessage?.contains("'plenty' is not an option of 'enrichment'") == true, "\(refused.text)")
            let many = try await client.call(.post, path, token: created.token("Iran"), json: ["outcomes": Array(repeating: outcome, count: 65)])
            #expect(many.status == .unprocessableContent)
            #expect(try await client.call(.post, path, token: created.token("Iran"), body: "{\"outcome\": {}}").status == .badRequest)
        }
    }

    @Test("the observer's chart is the utility space with everyone's offers and texts; a party's is its own")
    func observerChart() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.router) { client in
            let created = try Created(try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran))
            // Iran objects once, so it has a counter-proposal to draw, then accepts.
            var objected = false
            try await play(client, created, role: "Iran") { question in
                guard question["kind"] as? String == "respond", !objected, let text = question["text"] else { return defaultAnswer(question) }
                objected = true
                return ["action": "reject", "objections": ["enrichment"], "counter": text]
            }
            let path = "/api/negotiations/\(created.id)/chart.svg"
            let observer = try await client.call(.get, path, token: created.token("observer"))
            #expect(observer.status == .ok)
            #expect(observer.text.hasPrefix("<svg"))
            #expect(observer.text.contains("Utility space"))
            #expect(observer.text.contains("utility of United States") && observer.text.contains("utility of Iran"))
            #expect(observer.text.contains("offers of United States"))
            #expect(observer.text.contains("offers of Iran"))
            #expect(observer.text.contains("texts of Oman"))
            #expect(observer.text.contains("agreement") || observer.text.contains("result:"))
            let iran = try await client.call(.get, path, token: created.token("Iran"))
            #expect(iran.status == .ok)
            #expect(!iran.text.contains("Utility space"))
            #expect(!iran.text.contains("utility of United States"))
            #expect(try await client.call(.get, path, token: created.token("Oman")).status == .notFound)
        }
    }

    @Test("a bundled scenario describes its roles and the strategies to choose from")
    func scenarioDescription() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.router) { client in
            let reply = try await client.call(.get, "/api/scenarios/us-iran-geneva-2026")
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply["parties"] as? [String] == ["United States", "Iran"])
            #expect(reply["mediator"] as? String == "Oman")
            #expect(reply["protocol"] as? String == "indirect")
            let defaults = try #require(reply["defaults"] as? [String: String])
            #expect(Set(defaults.keys) == ["United States", "Iran", "Oman"])
            let negotiators = try #require(reply["negotiators"] as? [String])
            #expect(negotiators.contains("boulware"))
            #expect((reply["mediators"] as? [String])?.contains("shuttle") == true)
            let conformance = OpenAPIConformanceTests()
            let schema = try conformance.responseSchema("get", "/api/scenarios/{name}", 200)
            #expect(conformance.mismatch(reply.json as Any, schema, at: "scenario") == nil)
            let missing = try await client.call(.get, "/api/scenarios/no-such-thing")
            #expect(missing.status == .notFound)
            #expect(missing.errorMessage?.contains("us-iran-geneva-2026") == true)
        }
    }

    @Test("the utilities answer fits the OpenAPI document")
    func utilitiesFitTheDocument() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.router) { client in
            let created = try Created(try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran))
            let outcome = try await summaryOutcome(client, created)
            let conformance = OpenAPIConformanceTests()
            let schema = try conformance.responseSchema("post", "/api/negotiations/{id}/utilities", 200)
            for role in ["Iran", "observer"] {
                let reply = try await client.call(
                    .post, "/api/negotiations/\(created.id)/utilities", token: created.token(role), json: ["outcomes": [outcome]])
                #expect(conformance.mismatch(reply.json as Any, schema, at: role) == nil)
            }
        }
    }

    @Test("the pages are self-contained HTML with no token in them")
    func pages() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.router) { client in
            for path in ["/negotiations", "/negotiations/new", "/play/abc"] {
                let reply = try await client.call(.get, path)
                #expect(reply.status == .ok, "\(path)")
                #expect(reply.text.hasPrefix("<!DOCTYPE html>"), "\(path)")
                #expect(!reply.text.contains("<script src"), "\(path) loads a script")
                #expect(!reply.text.contains("<link"), "\(path) loads a resource")
                #expect(!reply.text.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"), "\(path)")
            }
            let list = try await client.call(.get, "/negotiations")
            #expect(list.text.contains("localStorage"))
            #expect(list.text.contains("#token="))
            let create = try await client.call(.get, "/negotiations/new")
            #expect(create.text.contains("/api/scenarios/"))
            let play = try await client.call(.get, "/play/abc")
            for id in ["textUtility", "counterUtility", "risk", "resultPanel", "outcomeUtility", "everyone"] {
                #expect(play.text.contains(id), "\(id)")
            }
            // The outcome panel is at the top, before the controls.
            let top = try #require(play.text.range(of: "id=\"resultPanel\""))
            let controls = try #require(play.text.range(of: "id=\"controls\""))
            #expect(top.lowerBound < controls.lowerBound)
        }
    }
}
