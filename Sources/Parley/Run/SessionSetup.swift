/// How a session is set up from a scenario and what a caller chose: the protocol and deadline
/// overrides, each party's strategy and the mediator's, with the defaults filled in. The one
/// table of defaults the command line, the server and tournaments share:
/// - a party plays what the caller chose, else the scenario's `talks.negotiators`, else
///   ``defaultNegotiator``;
/// - a mediated protocol gets the caller's mediator, else the scenario's `talks.mediator`, else
///   ``defaultMediator(for:)`` of the main protocol; a scenario without a mediator gets one
///   named `mediator`;
/// - a protocol override applies everywhere: agenda tracks lose protocols of their own.
public struct SessionSetup: Hashable, Sendable {
    /// The strategy of a party nobody chose one for.
    public static let defaultNegotiator = "linear"

    /// The mediator's strategy when nobody chose one: hill-climbing for single-text
    /// mediation, the shuttle for indirect talks.
    public static func defaultMediator(for kind: ProtocolKind) -> String { kind == .singleText ? "hill-climbing" : "shuttle" }

    /// The scenario with the overrides applied.
    public var scenario: Scenario
    /// Each party's strategy, in party order.
    public var negotiators: [String]
    /// The mediator's strategy; nil when the talks need no mediator.
    public var mediator: String?

    /// Resolves a session's set-up. `negotiators` maps party names to strategies (parties not
    /// named get the defaults); a name that is no party is refused.
    public init(
        scenario: Scenario, protocol protocolKind: ProtocolKind? = nil, rounds: Int? = nil, negotiators chosen: [String: String] = [:],
        mediator chosenMediator: String? = nil
    ) throws(SessionError) {
        let scenario = try scenario.overriding(protocol: protocolKind, rounds: rounds)
        if let unknown = chosen.keys.sorted().first(where: { name in !scenario.parties.contains { $0.name == name } }) {
            throw SessionError("'\(unknown)' is not a party of \(scenario.name) (parties: \(scenario.parties.map(\.name).joined(separator: ", ")))")
        }
        self.scenario = scenario
        self.negotiators = scenario.parties.map { chosen[$0.name] ?? scenario.talks.negotiators[$0.name] ?? Self.defaultNegotiator }
        self.mediator =
            scenario.needsMediator ? chosenMediator ?? scenario.talks.mediator ?? Self.defaultMediator(for: scenario.talks.protocolKind) : nil
    }

    /// Resolves a set-up from strategies in party order: one name for every party, or one per party.
    public init(
        scenario: Scenario, protocol protocolKind: ProtocolKind? = nil, rounds: Int? = nil, negotiatorList: [String],
        mediator: String? = nil
    ) throws(SessionError) {
        let parties = scenario.parties.map(\.name)
        let list = negotiatorList.count == 1 ? Array(repeating: negotiatorList[0], count: parties.count) : negotiatorList
        guard list.count == parties.count else {
            throw SessionError("\(negotiatorList.count) strategies for \(parties.count) parties (\(parties.joined(separator: ", ")))")
        }
        try self.init(
            scenario: scenario, protocol: protocolKind, rounds: rounds, negotiators: Dictionary(uniqueKeysWithValues: zip(parties, list)),
            mediator: mediator)
    }

    /// Runs the session on the calling thread with the built-in strategies the set-up names.
    public func run(seed: UInt64, actionTimeLimit: Duration? = nil) throws(SessionError) -> Trace {
        let (agents, chosen) = try actors()
        return try Session(scenario: scenario, seed: seed, actionTimeLimit: actionTimeLimit).run(negotiators: agents, mediator: chosen)
    }

    /// Runs the session with the built-in strategies the set-up names, from an async context.
    public func run(seed: UInt64, actionTimeLimit: Duration? = nil, monitor: SessionMonitor? = nil) async throws(SessionError) -> Trace {
        let (agents, chosen) = try actors()
        return try await Session(scenario: scenario, seed: seed, actionTimeLimit: actionTimeLimit, monitor: monitor).run(
            negotiators: agents, mediator: chosen)
    }

    /// The built-in negotiators and mediator the set-up names.
    private func actors() throws(SessionError) -> ([any Negotiator], (any Mediator)?) {
        let agents = try negotiators.map { name throws(SessionError) in try Strategies.negotiator(named: name) }
        let chosen = try mediator.map { name throws(SessionError) in try Strategies.mediator(named: name) }
        return (agents, chosen)
    }
}
