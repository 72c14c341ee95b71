import Foundation
import HTTPTypes
import HummingbirdTesting
import ParleyServer
import Testing

/// The OpenAPI document is written by hand beside the handlers; these tests keep the two
/// together: every route is described and every description is a route, and what the server
/// really answers fits the schemas (no undeclared key, no missing required one, the declared
/// types and enumerations).
@Suite("The OpenAPI document against the server")
struct OpenAPIConformanceTests {
    /// The document, parsed anew for each use (a `[String: Any]` tree is not `Sendable`).
    static var document: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(openAPIDocument.utf8)) as? [String: Any]) ?? [:] }

    @Test("every route is in the document and every documented operation is a route")
    func routesMatch() throws {
        let paths = try #require(Self.document["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "put", "post", "delete", "patch"]
        let documented = paths.flatMap { path, operations in
            operations.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
        }.sorted()
        #expect(try serverRoutes() == documented)
    }

    /// Why `value` does not fit `schema`, or nil when it does. Objects that list properties
    /// are closed: a key the document does not declare is drift.
    func mismatch(_ value: Any, _ schema: [String: Any], at path: String) -> String? {
        if let reference = schema["$ref"] as? String {
            let name = String(reference.split(separator: "/").last ?? "")
            let schemas = (Self.document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]]
            guard let target = schemas?[name] else { return "\(path): unknown schema \(reference)" }
            return mismatch(value, target, at: path)
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { "\($0)" == "\(value)" }) {
            return "\(path): \(value) is not one of \(options)"
        }
        switch schema["type"] as? String {
        case "string": if !(value is String) { return "\(path): expected a string, got \(value)" }
        case "integer", "number":
            if !(value is NSNumber) || "\(type(of: value))".contains("Bool") {
                return "\(path): expected a number, got \(value)"
            }
        case "boolean": if !(value is Bool) { return "\(path): expected a boolean, got \(value)" }
        case "array":
            guard let items = value as? [Any] else { return "\(path): expected an array" }
            if let itemSchema = schema["items"] as? [String: Any] {
                for (index, item) in items.enumerated() {
                    if let problem = mismatch(item, itemSchema, at: "\(path)[\(index)]") { return problem }
                }
            }
        case "object":
            guard let object = value as? [String: Any] else { return "\(path): expected an object" }
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { return "\(path): required '\(key)' is missing" }
            let properties = schema["properties"] as? [String: [String: Any]]
            for (key, member) in object {
                if let declared = properties?[key] {
                    if member is NSNull { continue }
                    if let problem = mismatch(member, declared, at: "\(path).\(key)") { return problem }
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    if let problem = mismatch(member, additional, at: "\(path).\(key)") { return problem }
                } else if properties != nil {
                    return "\(path): '\(key)' is not in the document"
                }
            }
        default: break
        }
        return nil
    }

    /// The schema of a JSON response of `method path` with `status`.
    func responseSchema(_ method: String, _ path: String, _ status: Int) throws -> [String: Any] {
        let paths = try #require(Self.document["paths"] as? [String: [String: Any]])
        let operation = try #require(paths[path]?[method] as? [String: Any], "\(method) \(path) is not documented")
        let response = try #require((operation["responses"] as? [String: Any])?[String(status)] as? [String: Any], "\(method) \(path) \(status)")
        let content = try #require(response["content"] as? [String: Any], "\(method) \(path) \(status) has no content")
        return try #require((content["application/json"] as? [String: Any])?["schema"] as? [String: Any])
    }

    @Test("a whole negotiation's answers fit the schemas")
    func responsesFitTheSchemas() async throws {
        let app = try buildApplication(serverArguments())
        try await app.test(.router) { client in
            func check(_ reply: Reply, _ method: String, _ path: String) throws {
                let schema = try responseSchema(method, path, Int(reply.status.code))
                let body = try #require(reply.json, "\(method) \(path): not JSON: \(reply.text)")
                #expect(mismatch(body, schema, at: "\(method) \(path)") == nil, "\(mismatch(body, schema, at: path) ?? "")")
            }
            try check(try await client.call(.get, "/api/scenarios"), "get", "/api/scenarios")
            let reply = try await client.call(.post, "/api/negotiations", json: genevaWithRemoteIran)
            try check(reply, "post", "/api/negotiations")
            let created = try Created(reply)
            let base = "/api/negotiations/\(created.id)"
            try check(
                try await client.call(.get, "\(base)/profiles/Iran", token: created.token("Iran")), "get", "/api/negotiations/{id}/profiles/{role}")
            var states = 0
            for _ in 0..<200 {
                let state = try await client.call(.get, "\(base)/state?wait=10", token: created.token("Iran"))
                try check(state, "get", "/api/negotiations/{id}/state")
                states += 1
                if state["status"] as? String == "finished" { break }
                guard let question = state["question"] as? [String: Any] else { continue }
                let answer = try await client.call(.post, "\(base)/actions", token: created.token("Iran"), json: defaultAnswer(question))
                try #require(answer.status == .accepted, "\(answer.text)")
            }
            #expect(states > 3)
            for role in ["Iran", "observer"] {
                try check(try await client.call(.get, "\(base)/events?cursor=0", token: created.token(role)), "get", "/api/negotiations/{id}/events")
                try check(try await client.call(.get, "\(base)/state", token: created.token(role)), "get", "/api/negotiations/{id}/state")
            }
        }
    }
}
