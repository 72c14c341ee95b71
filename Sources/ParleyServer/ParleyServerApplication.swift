import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import ParleyFormats
import ParleyPostgres
import ServiceLifecycle

/// What the server is started with.
public struct ServerArguments: Sendable {
    /// The address to listen on; the default, `127.0.0.1`, accepts local connections only.
    public var hostname: String
    /// The TCP port to listen on; 0 takes a free one, which `onServerRunning` is told.
    public var port: Int
    /// The SQLite database file, or a PostgreSQL URL (`postgres://USER@HOST:PORT/DATABASE`)
    /// that any number of replicas share.
    public var database: String
    /// With PostgreSQL, how long a replica's lease on a negotiation lasts without renewal, in
    /// seconds: how long a negotiation whose replica died waits for another to drive it.
    public var leaseSeconds: Double
    /// Seconds a remote role may take to answer before the negotiation fails, for negotiations
    /// created without an `answerTimeout` of their own.
    public var answerTimeout: Double
    /// The lowest level logged; requests are logged at `info`, so the default `notice` leaves them out.
    public var logLevel: Logger.Level
    /// Who may create negotiations, how often, and how large.
    public var admission: AdmissionPolicy
    /// Timeouts and per-client caps on connections.
    public var connections: ConnectionLimits

    /// The arguments; the defaults are those of `parley serve`, but for `logLevel` (it logs at `info`).
    public init(
        hostname: String = "127.0.0.1", port: Int = 8080, database: String = "parley.sqlite", leaseSeconds: Double = 10,
        answerTimeout: Double = 3600,
        logLevel: Logger.Level = .notice, admission: AdmissionPolicy = .init(), connections: ConnectionLimits = .init()
    ) {
        self.hostname = hostname
        self.port = port
        self.database = database
        self.leaseSeconds = leaseSeconds
        self.answerTimeout = answerTimeout
        self.logLevel = logLevel
        self.admission = admission
        self.connections = connections
    }
}

/// Builds the server: opens and migrates the database, restores every stored negotiation
/// (replaying its answers; with PostgreSQL, as they are asked for), and wires the routes. Run it with `runService()` for a clean
/// shutdown on SIGTERM and SIGINT; tests call it with HummingbirdTesting.
public func buildApplication(
    _ arguments: ServerArguments, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    var logger = Logger(label: "parley-server")
    logger.logLevel = arguments.logLevel
    let storage: any NegotiationStorage
    var services: [any Service] = []
    if PostgresAddress.isAddress(arguments.database) {
        let shared = try PostgresNegotiationStore(address: PostgresAddress(arguments.database), leaseSeconds: arguments.leaseSeconds)
        storage = shared
        services.append(shared.client)
    } else {
        storage = try NegotiationStore(path: arguments.database)
    }
    let hub = try NegotiationHub(
        storage: storage, library: ScenarioLibrary(), answerTimeout: arguments.answerTimeout, admission: arguments.admission,
        leaseRenewal: arguments.leaseSeconds / 3, logger: logger)
    services.append(hub)
    let (router, webSocketRouter) = routers(hub: hub)
    return Application(
        router: router,
        server: GuardedChannel.builder(webSocketRouter: webSocketRouter, limits: arguments.connections),
        configuration: .init(address: .hostname(arguments.hostname, port: arguments.port), serverName: "parley"),
        services: services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? arguments.port) },
        logger: logger)
}

/// The HTTP routes and the WebSocket routes of the server.
func routers(hub: NegotiationHub) -> (http: Router<ParleyRequestContext>, webSocket: Router<ParleyRequestContext>) {
    let router = Router(context: ParleyRequestContext.self)
    router.middlewares.add(LogRequestsMiddleware(.info))
    router.middlewares.add(JSONErrorMiddleware())
    router.get("/health") { _, _ in try json(["status": "ok"]) }
    router.get("/openapi.json") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: .init(string: OpenAPIDocument.json)))
    }
    @Sendable func page(_ html: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: .init(string: html)))
    }
    router.get("/play/{id}") { _, _ in page(PlayPage.html) }
    router.get("/negotiations") { _, _ in page(ListPage.html) }
    router.get("/negotiations/new") { _, _ in page(CreatePage.html) }
    let controller = NegotiationController(hub: hub)
    controller.addRoutes(to: router)
    let webSocketRouter = Router(context: ParleyRequestContext.self)
    controller.addWebSocketRoutes(to: webSocketRouter)
    return (router, webSocketRouter)
}

/// Every route the server answers, as `METHOD /path` with `{name}` parameters, sorted: what
/// the OpenAPI document must describe.
package func serverRoutes() throws -> [String] {
    let database = FileManager.default.temporaryDirectory.appendingPathComponent("parley-routes-\(UUID().uuidString).sqlite").path
    defer {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
    }
    let (http, webSocket) = routers(hub: try NegotiationHub(storage: try NegotiationStore(path: database), library: ScenarioLibrary()))
    return (http.routes + webSocket.routes).map { "\($0.method) \($0.path)" }.sorted()
}

/// The OpenAPI document the server serves at `/openapi.json`.
package var openAPIDocument: String { OpenAPIDocument.json }
