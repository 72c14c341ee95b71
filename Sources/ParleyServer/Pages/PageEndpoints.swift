import Foundation
import Hummingbird
import NIOCore
import Parley
import ParleyFormats
import ParleyReports
import Synchronization

/// What the web pages ask the server beyond the core API: utilities of outcomes for the role
/// (a party its own, the observer everyone's), the observer's utility space, and a bundled
/// scenario's roles for the page that creates negotiations.
extension NegotiationController {
    /// At most this many outcomes per utilities request: a page asks for two or three.
    static let utilitiesLimit = 64

    /// `POST /api/negotiations/{id}/utilities`: the utility of each outcome to the parties the
    /// role may know: a party only its own, the observer every party's; the mediator none (403).
    func utilities(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let (live, role) = try live(context)
        let scenario = live.scenario
        let parties: [Int]
        switch role.kind {
        case .party: parties = role.party.map { [$0] } ?? []
        case .observer: parties = Array(scenario.parties.indices)
        case .mediator: throw APIError(.forbidden, "the mediator knows no party's utilities")
        }
        let body = try await request.body.collect(upTo: 4 * Self.actionLimit)
        let asked = try decode(UtilitiesRequest.self, from: body)
        guard asked.outcomes.count <= Self.utilitiesLimit else {
            throw APIError(.unprocessableContent, "outcomes: at most \(Self.utilitiesLimit) at a time, not \(asked.outcomes.count)")
        }
        let labels = Labels(scenario: scenario)
        var values: [[String: Double]] = []
        for (index, labelled) in asked.outcomes.enumerated() {
            let outcome = Outcome(try labels.parse(labelled, field: "outcomes[\(index)]"))
            var row: [String: Double] = [:]
            for party in parties {
                row[scenario.parties[party].name] = scenario.parties[party].profile.utility.utility(of: outcome, in: scenario.space)
            }
            values.append(row)
        }
        var reservations: [String: Double] = [:]
        for party in parties { reservations[scenario.parties[party].name] = scenario.parties[party].profile.reservationValue }
        return try json(UtilitiesView(parties: parties.map { scenario.parties[$0].name }, reservationValues: reservations, utilities: values))
    }

    /// The observer's chart: the utility space with every actor's offers and texts so far.
    func observerChart(_ live: LiveNegotiation) -> Response {
        let snapshot = live.snapshot()
        let figures = SessionFigures(
            scenario: live.scenario, events: snapshot.events, analysis: AnalysisCache.shared.analysis(of: live), result: snapshot.result)
        let svg =
            live.scenario.parties.count >= 2
            ? figures.utilitySpace(title: "Utility space: every offer and text") : figures.utilityOverRounds(party: 0, width: 640, height: 300)
        return Response(status: .ok, headers: [.contentType: "image/svg+xml"], body: .init(byteBuffer: ByteBuffer(string: svg)))
    }

    /// `GET /api/scenarios/{name}`: a bundled scenario's title, protocol, roles and default
    /// strategies, and the built-in strategies a role can be given instead of `remote`.
    func scenarioDescription(_ request: Request, context: ParleyRequestContext) async throws -> Response {
        let raw = try context.parameters.require("name")
        let name = raw.removingPercentEncoding ?? raw
        guard hub.library.bundledNames.contains(name) else {
            throw APIError(.notFound, "no bundled scenario '\(name)' (scenarios: \(hub.library.bundledNames.joined(separator: ", ")))")
        }
        let scenario: Scenario
        let setup: SessionSetup
        do {
            scenario = try ScenarioFile.decode(try hub.library.bundledText(name), file: name)
            setup = try SessionSetup(scenario: scenario)
        } catch {
            throw APIError(.unprocessableContent, "\(name): \(error)")
        }
        var defaults: [String: String] = [:]
        for (party, strategy) in zip(scenario.parties, setup.negotiators) { defaults[party.name] = strategy }
        let mediator = scenario.needsMediator ? scenario.mediator?.name : nil
        if let mediator, let strategy = setup.mediator { defaults[mediator] = strategy }
        return try json(
            ScenarioView(
                name: name, title: scenario.name, summary: scenario.summary, protocol: scenario.talks.protocolKind.rawValue,
                rounds: scenario.talks.rounds, parties: scenario.parties.map(\.name), mediator: mediator, defaults: defaults,
                negotiators: Strategies.negotiators.map(\.name), mediators: Strategies.mediators.map(\.name)))
    }
}

/// The analysis of each negotiation's scenario (frontier, Nash point), computed once and kept
/// while the server runs; nil when the space is too large to analyse quickly.
final class AnalysisCache: Sendable {
    static let shared = AnalysisCache()
    private let entries = Mutex<[String: OutcomeAnalysis?]>([:])

    func analysis(of live: LiveNegotiation) -> OutcomeAnalysis? {
        if let known = entries.withLock({ $0[live.id] }) { return known }
        let options = OutcomeAnalysis.Options(enumerationLimit: 2e6, searchTimeLimit: .seconds(2))
        let analysis = try? OutcomeAnalysis(scenario: live.scenario, options: options)
        entries.withLock { $0[live.id] = .some(analysis) }
        return analysis
    }
}

/// The outcomes to evaluate, each an object from issue name to option label.
struct UtilitiesRequest: Decodable, Sendable {
    var outcomes: [[String: String]]
}

/// The utility of each asked outcome to each party the role may know.
struct UtilitiesView: Encodable, Sendable {
    /// The parties whose utilities are given: the party itself, or every party for the observer.
    var parties: [String]
    var reservationValues: [String: Double]
    /// Per outcome, in the order asked: utility by party name.
    var utilities: [[String: Double]]
}

/// A bundled scenario as the page that creates negotiations needs it.
struct ScenarioView: Encodable, Sendable {
    var name: String
    var title: String
    var summary: String
    var `protocol`: String
    var rounds: Int
    var parties: [String]
    var mediator: String?
    /// The strategy each role gets unless the request names another.
    var defaults: [String: String]
    var negotiators: [String]
    var mediators: [String]
}
