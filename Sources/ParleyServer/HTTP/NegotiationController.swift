import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import Parley
import ParleySupport

/// The HTTP and WebSocket API of negotiations.
struct NegotiationController: Sendable {
    let hub: NegotiationHub
    /// Actions are small: a few hundred bytes; 16 KiB leaves room for long labels.
    static let actionLimit = 16 * 1024

    func addRoutes(to router: Router<ParleyRequestContext>) {
        router.post("/api/negotiations", use: create)
        router.get("/api/scenarios") { _, _ in try json(["scenarios": hub.library.bundledNames]) }
        router.get("/api/scenarios/{name}", use: scenarioDescription)
        let negotiation = router.group("/api/negotiations/{id}").add(middleware: TokenAuthenticator(hub: hub))
        negotiation.get("", use: summary)
        negotiation.get("/profiles/{role}", use: profile)
        negotiation.get("/state", use: state)
        negotiation.get("/events", use: events)
        negotiation.post("/actions", use: act)
        negotiation.get("/chart.svg", use: chart)
        negotiation.post("/utilities", use: utilities)
    }

    /// The WebSocket upgrade routes: a router of their own, so ordinary requests never try them.
    /// The token is checked after the upgrade: a refused stream opens and closes at once with
    /// close code 4000 + the HTTP status (4401, 4404) and the reason, which a browser can read,
    /// where it cannot read the status of a refused upgrade.
    func addWebSocketRoutes(to router: Router<ParleyRequestContext>) {
        router.ws("/api/negotiations/{id}/events/ws", onUpgrade: stream)
    }

    // MARK: Creating

    func create(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        try admit(request, context: context)
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let create = try decode(CreateRequest.self, from: body)
        let sources = [create.scenario != nil, create.scenarioText != nil, create.genius != nil].filter { $0 }.count
        guard sources == 1 else {
            throw APIError(
                .unprocessableContent, "give exactly one of 'scenario' (a bundled name), 'scenarioText' (Parley YAML or JSON) or 'genius' (XML files)"
            )
        }
        let text: String
        do {
            if let name = create.scenario {
                text = try hub.library.bundledText(name)
            } else if let genius = create.genius {
                text = try hub.library.geniusText(files: genius.files, realStep: genius.realStep)
            } else {
                text = create.scenarioText!
            }
        } catch {
            throw APIError(.unprocessableContent, error.message)
        }
        let timeout = create.answerTimeout ?? hub.defaultAnswerTimeout
        guard timeout > 0, timeout <= 86_400 else { throw APIError(.unprocessableContent, "answerTimeout must be between 0 and 86400 seconds") }
        var definition = NegotiationDefinition(
            scenarioText: text, protocolName: create.protocol, rounds: create.rounds, seed: create.seed ?? 1, negotiators: [], mediator: nil,
            answerTimeout: timeout)
        let scenario: Scenario
        do { scenario = try definition.scenario() } catch { throw APIError(.unprocessableContent, error.message) }
        let outcomes = scenario.space.cardinality
        guard outcomes <= hub.admission.outcomeLimit else {
            throw APIError(
                .unprocessableContent,
                "too large: \(formatCount(outcomes)) outcomes; this server's limit is \(formatCount(hub.admission.outcomeLimit)) (parley serve --max-outcomes)"
            )
        }
        // The scenario's protocol and deadline are already applied; the set-up adds the strategies.
        var roles = create.roles ?? [:]
        let mediatorName = scenario.needsMediator ? scenario.mediator?.name : nil
        let mediatorChoice = mediatorName.flatMap { roles.removeValue(forKey: $0) }
        do {
            let setup = try SessionSetup(scenario: scenario, negotiators: roles, mediator: mediatorChoice)
            definition.negotiators = setup.negotiators
            definition.mediator = setup.mediator
        } catch {
            let known = scenario.parties.map(\.name) + (mediatorName.map { [$0] } ?? [])
            throw APIError(
                .unprocessableContent,
                "roles: '\(roles.keys.sorted().first { !known.contains($0) } ?? "?")' is not a party or the mediator of this negotiation (roles: \(known.joined(separator: ", ")))"
            )
        }
        let (live, tokens) = try await hub.create(definition)
        let response = CreateResponse(
            id: live.id, scenario: scenario.name, protocol: scenario.talks.protocolKind.rawValue,
            roles: tokens.map { token, role in
                RoleView(role: role.name, kind: role.kind.rawValue, strategy: role.strategy, token: token, page: "/play/\(live.id)#token=\(token)")
            })
        return try json(response, status: .created)
    }

    /// The creation key and the per-client rate, checked before the body is read.
    func admit(_ request: Request, context: ParleyRequestContext) throws {
        if hub.admission.creationKey != nil {
            let header = request.headers[.authorization]
            let parts = header?.split(separator: " ", maxSplits: 1) ?? []
            let key = parts.count == 2 && parts[0].lowercased() == "bearer" ? String(parts[1]) : nil
            guard hub.admission.admits(key: key) else {
                throw APIError(.unauthorized, "creating a negotiation on this server needs its creation key (Authorization: Bearer KEY)")
            }
        }
        if let limiter = hub.creationLimiter, let wait = limiter.take(context.client) {
            throw APIError(.tooManyRequests, "too many negotiations created from \(context.client); try again in \(wait) s")
        }
    }

    // MARK: Reading

    func live(_ context: ParleyRequestContext) throws -> (LiveNegotiation, Role) {
        guard let grant = context.grant, let live = hub.negotiation(grant.negotiation), let role = live.role(named: grant.role) else {
            throw APIError(.unauthorized, "unknown token")
        }
        return (live, role)
    }

    func summary(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let (live, role) = try live(context)
        let scenario = live.scenario
        return try json(
            SummaryView(
                id: live.id, scenario: scenario.name, summary: scenario.summary, protocol: scenario.talks.protocolKind.rawValue,
                rounds: scenario.talks.rounds, issues: scenario.issues.map { IssueView(name: $0.name, options: $0.labels) },
                parties: scenario.parties.map(\.name), mediator: live.roles.first { $0.kind == .mediator }?.name,
                role: RoleView(role: role.name, kind: role.kind.rawValue, strategy: role.strategy)))
    }

    func profile(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let (live, role) = try live(context)
        let raw = try context.parameters.require("role")
        let asked = raw.removingPercentEncoding ?? raw
        guard let target = live.role(named: asked) else { throw APIError(.notFound, "no role '\(asked)' in this negotiation") }
        guard target.kind == .party, let index = target.party else { throw APIError(.notFound, "'\(asked)' has no profile: only parties do") }
        guard target.name == role.name else { throw APIError(.forbidden, "\(role.name) may read only its own profile, not \(asked)'s") }
        let scenario = live.scenario
        let profile = scenario.parties[index].profile
        var view = ProfileView(party: target.name, reservationValue: profile.reservationValue, breakdownValue: profile.breakdownValue)
        if profile.utility.isLinearAdditive {
            var weights: [String: Double] = [:]
            var values: [String: [Double]] = [:]
            var best: [Int] = []
            for (position, issue) in scenario.issues.enumerated() {
                weights[issue.name] = profile.utility.weights[position]
                let table = profile.utility.valuations[position].values(for: issue)
                values[issue.name] = table
                best.append(table.indices.max { table[$0] < table[$1] } ?? 0)
            }
            view.weights = weights
            view.values = values
            view.best = Labels(scenario: scenario).outcome(Outcome(best))
            view.bestUtility = profile.utility.utility(of: Outcome(best), in: scenario.space)
        }
        return try json(view)
    }

    func stateView(_ live: LiveNegotiation, role: Role, snapshot: LiveNegotiation.Snapshot) -> StateView {
        let scenario = live.scenario
        let labels = Labels(scenario: scenario)
        let visible = snapshot.events.filter { $0.isVisible(to: role.name) }
        let lastText = visible.last { [.text, .offer, .agreement].contains($0.kind) && $0.outcome != nil }
        let status = visible.last { $0.kind == .status }
        let question = snapshot.question.flatMap { $0.role == role.name ? $0 : nil }
        var result: ResultView?
        if let outcome = snapshot.result {
            var view = ResultView(
                reason: outcome.reason.label, agreement: labels.outcome(outcome.agreement), rounds: outcome.rounds,
                settled: labels.issues(outcome.settledIssues), open: labels.issues(outcome.openIssues))
            if let index = role.party, outcome.utilities.indices.contains(index) {
                view.utility = outcome.utilities[index]
                if scenario.discounts { view.discountedUtility = outcome.discountedUtilities[index] }
            }
            if role.kind == .observer {
                view.utilities = Dictionary(uniqueKeysWithValues: zip(scenario.parties.map(\.name), outcome.utilities))
                if scenario.discounts {
                    view.discountedUtilities = Dictionary(uniqueKeysWithValues: zip(scenario.parties.map(\.name), outcome.discountedUtilities))
                }
            }
            switch outcome.reason {
            case .walkAway(let who): view.by = who
            case .failure(let who, let message):
                view.by = who
                view.message = message
            default: break
            }
            result = view
        }
        let free = scenario.issues.indices.map { $0 }
        return StateView(
            negotiation: live.id, role: role.name, status: snapshot.result != nil ? "finished" : question != nil ? "your-turn" : "running",
            round: visible.last { $0.kind == .round }?.round ?? 0,
            question: question.map { QuestionView($0, scenario: scenario, labels: labels) },
            waitingFor: role.kind == .observer ? snapshot.question?.role : nil,
            text: labels.outcome(lastText?.outcome), textFrom: lastText?.actor,
            settled: status.map { labels.issues($0.issues) } ?? [],
            open: status.map { labels.issues($0.otherIssues) } ?? labels.issues(free),
            events: visible.count, result: result)
    }

    func state(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let (live, role) = try live(context)
        let wait = try seconds(request.uri.queryParameters.get("wait"), name: "wait")
        let name = role.name
        let snapshot = await live.wait(upTo: wait) { $0.result != nil || $0.question?.role == name }
        return try json(stateView(live, role: role, snapshot: snapshot))
    }

    func events(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let (live, role) = try live(context)
        let cursor = try integer(request.uri.queryParameters.get("cursor"), name: "cursor") ?? 0
        let wait = try seconds(request.uri.queryParameters.get("wait"), name: "wait")
        let name = role.name
        let snapshot = await live.wait(upTo: wait) { snapshot in
            snapshot.result != nil || snapshot.events.lazy.filter { $0.isVisible(to: name) }.count > cursor
        }
        let visible = snapshot.events.filter { $0.isVisible(to: name) }
        let start = min(cursor, visible.count)
        let labels = Labels(scenario: live.scenario)
        let views = visible[start...].enumerated().map { EventView($1, cursor: start + $0, labels: labels) }
        return try json(EventsResponse(events: views, cursor: visible.count, finished: snapshot.result != nil))
    }

    func chart(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let (live, role) = try live(context)
        if role.kind == .observer { return observerChart(live) }
        guard let index = role.party else { throw APIError(.notFound, "the chart shows a party's own utility; \(role.name) has no profile") }
        let svg = RoleChart(scenario: live.scenario, party: index, events: live.snapshot().events.filter { $0.isVisible(to: role.name) }).svg
        return Response(status: .ok, headers: [.contentType: "image/svg+xml"], body: .init(byteBuffer: ByteBuffer(string: svg)))
    }

    // MARK: Acting

    func act(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let (live, role) = try live(context)
        guard role.kind != .observer else { throw APIError(.forbidden, "the observer cannot act") }
        guard role.isRemote else {
            throw APIError(.conflict, "\(role.name) is played by the built-in '\(role.strategy ?? "")' strategy, not remotely")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.actionLimit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "an action is at most \(Self.actionLimit) bytes")
        }
        let key = try idempotencyKey(request)
        let action = try decode(ActionRequest.self, from: body)
        let answer = try Labels(scenario: live.scenario).answer(action)
        let (sequence, replayed) = try await hub.submit(answer, to: live, as: role.name, key: key)
        var response = try json(["accepted": sequence], status: .accepted)
        if replayed { response.headers[Self.replayedHeader] = "true" }
        return response
    }

    static let keyHeader = HTTPField.Name("Idempotency-Key")!
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!

    /// The optional `Idempotency-Key` header: 1 to 128 visible ASCII characters.
    func idempotencyKey(_ request: Request) throws -> String? {
        guard let key = request.headers[Self.keyHeader] else { return nil }
        guard (1...128).contains(key.utf8.count), key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw APIError(.badRequest, "the Idempotency-Key header must be 1 to 128 visible ASCII characters")
        }
        return key
    }

    // MARK: Streaming

    /// Sends the role's events from `?cursor=` on, each once and in order, then each new one
    /// as it happens, and a `question` message when it is the role's turn; closes at the end.
    @Sendable func stream(
        _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, _ context: WebSocketRouterContext<ParleyRequestContext>
    ) async throws {
        let grant: Grant
        do {
            grant = try await TokenAuthenticator.grant(context.request, id: context.requestContext.parameters.get("id"), hub: hub)
        } catch {
            try await outbound.close(.unknown(UInt16(4000 + error.status.code)), reason: error.message)
            for try await _ in inbound {}
            return
        }
        guard let live = hub.negotiation(grant.negotiation), let role = live.role(named: grant.role) else {
            try await outbound.close(.unknown(4404), reason: "no such negotiation for this token")
            for try await _ in inbound {}
            return
        }
        let start = max(0, Int(context.request.uri.queryParameters.get("cursor") ?? "0") ?? 0)
        let labels = Labels(scenario: live.scenario)
        let encoder = JSONEncoder.api
        enum Part { case reader, writer }
        try await withThrowingTaskGroup(of: Part.self) { group in
            group.addTask {
                // Reading until the client closes, or answers the server's close; its messages are ignored.
                for try await _ in inbound {}
                return .reader
            }
            group.addTask {
                var cursor = start
                var version = -1
                var askedSequence = -1
                while !Task.isCancelled {
                    let snapshot = live.snapshot()
                    if snapshot.version != version {
                        version = snapshot.version
                        let visible = snapshot.events.filter { $0.isVisible(to: role.name) }
                        while cursor < visible.count {
                            let message = StreamMessage(type: "event", event: EventView(visible[cursor], cursor: cursor, labels: labels))
                            try await outbound.write(.text(String(decoding: try encoder.encode(message), as: UTF8.self)))
                            cursor += 1
                        }
                        if let question = snapshot.question, question.role == role.name, question.sequence != askedSequence {
                            askedSequence = question.sequence
                            let message = StreamMessage(type: "question", question: QuestionView(question, scenario: live.scenario, labels: labels))
                            try await outbound.write(.text(String(decoding: try encoder.encode(message), as: UTF8.self)))
                        }
                        if snapshot.result != nil {
                            try await outbound.write(.text(String(decoding: try encoder.encode(StreamMessage(type: "finished")), as: UTF8.self)))
                            try await outbound.close(.normalClosure, reason: nil)
                            return .writer
                        }
                    }
                    await live.waitForChange(after: version)
                }
                return .writer
            }
            if try await group.next() == .writer {
                // The close is sent: the reader ends when the client answers it. Cancelling the
                // read instead would end the connection's inbound stream, so the server would
                // close the socket with the client's close frame unread: a reset that can make
                // the client lose the last messages. A client that never answers is given 10 s.
                group.addTask {
                    try await Task.sleep(for: .seconds(10))
                    return .writer
                }
                _ = try await group.next()
            }
            group.cancelAll()
        }
    }

    // MARK: Helpers

    func decode<T: Decodable>(_ type: T.Type, from body: ByteBuffer) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body.readableBytesView))
        } catch let error as DecodingError {
            throw APIError(.badRequest, "the body is not valid JSON for this request: \(Self.describe(error))")
        } catch {
            throw APIError(.badRequest, "the body is not valid JSON")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "the top level" : "'" + keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") + "'"
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context): return "\(path(context.codingPath)) should be \(type)"
        case .valueNotFound(let type, let context): return "\(path(context.codingPath)) should be \(type), not null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "malformed JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "malformed"
        }
    }

    func seconds(_ text: String?, name: String) throws -> Double {
        guard let text else { return 0 }
        guard let value = Double(text), value >= 0, value <= 60 else {
            throw APIError(.badRequest, "'\(name)' must be a number of seconds from 0 to 60")
        }
        return value
    }

    func integer(_ text: String?, name: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), value >= 0 else { throw APIError(.badRequest, "'\(name)' must be a whole number, 0 or more") }
        return value
    }
}

struct StreamMessage: Encodable, Sendable {
    var type: String
    var event: EventView?
    var question: QuestionView?
}

/// A JSON response with sorted keys.
func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    let data = try JSONEncoder.api.encode(value)
    return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
