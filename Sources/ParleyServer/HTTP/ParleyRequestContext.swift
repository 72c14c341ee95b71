import Foundation
import Hummingbird
import HummingbirdWebSocket

/// The request context: Hummingbird's core storage, the WebSocket upgrade slot, and the role
/// the bearer token grants, once `TokenAuthenticator` has checked it.
struct ParleyRequestContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<ParleyRequestContext>
    var grant: Grant?
    /// The client's IP address ("local" for a Unix socket).
    let client: String

    init(source: Source) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.grant = nil
        self.client = source.channel.remoteAddress?.ipAddress ?? "local"
    }

    /// Uploaded scenarios up to 1 MiB; actions are checked against a smaller limit.
    var maxUploadSize: Int { 1 << 20 }
}

/// Resolves `Authorization: Bearer <token>` (or `?token=` for WebSocket and the web page) to
/// the role it grants. No token or an unknown one: 401. A token for another negotiation than
/// the path's: 404, as if the negotiation did not exist.
struct TokenAuthenticator: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let hub: NegotiationHub

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.grant = try await Self.grant(request, id: context.parameters.get("id"), hub: hub)
        return try await next(request, context)
    }

    /// The role the request's token grants in negotiation `id`, or the refusal: from memory,
    /// or from a shared store for a token this replica has not seen.
    static func grant(_ request: Request, id: String?, hub: NegotiationHub) async throws(APIError) -> Grant {
        let digest = try digest(of: request)
        let grant: Grant?
        if let known = hub.knownGrant(digest: digest) {
            grant = known
        } else {
            grant = await hub.sharedGrant(digest: digest)
        }
        guard let grant else { throw APIError(.unauthorized, "unknown token") }
        guard let id, id == grant.negotiation else { throw APIError(.notFound, "no such negotiation for this token") }
        return grant
    }

    /// The digest of the request's token, or the refusal of a missing or malformed one.
    static func digest(of request: Request) throws(APIError) -> String {
        var token: String?
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw APIError(.unauthorized, "the Authorization header must be 'Bearer <token>'")
            }
            token = String(parts[1]).trimmingCharacters(in: .whitespaces)
        } else if let query = request.uri.queryParameters.get("token") {
            token = query
        }
        guard let token, !token.isEmpty else { throw APIError(.unauthorized, "a bearer token is required (Authorization: Bearer <token>)") }
        guard token.count <= 128 else { throw APIError(.unauthorized, "unknown token") }
        return NegotiationHub.digest(token)
    }
}
