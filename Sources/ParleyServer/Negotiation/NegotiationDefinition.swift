import Foundation
import Parley
import ParleyFormats
import ParleySupport

/// Everything needed to run a negotiation again from the start: the scenario's text, the
/// protocol, the strategy (or "remote") of every role and the seed. With the answer log it
/// replays the negotiation event for event, which is how a restart loses nothing.
struct NegotiationDefinition: Hashable, Sendable, Codable {
    /// The strategy name of a role played over the API.
    static let remote = "remote"

    /// The scenario as Parley JSON or YAML text.
    var scenarioText: String
    var protocolName: String?
    var rounds: Int?
    var seed: UInt64
    /// Strategies in party order: a built-in negotiator's name or "remote".
    var negotiators: [String]
    /// The mediator's strategy or "remote"; nil when the protocol needs none.
    var mediator: String?
    /// How long a remote role may take to answer, in seconds.
    var answerTimeout: Double

    /// The scenario with the protocol and deadline applied.
    func scenario() throws(DefinitionError) -> Scenario {
        var scenario: Scenario
        do {
            scenario = try ScenarioFile.decode(scenarioText, file: "scenario")
        } catch {
            throw .scenario(error)
        }
        do throws(SessionError) {
            let kind = try protocolName.map { name throws(SessionError) in try ProtocolKind.named(name) }
            if let rounds, !(1...10_000).contains(rounds) { throw SessionError("rounds must be between 1 and 10000, not \(rounds)") }
            scenario = try scenario.overriding(protocol: kind, rounds: rounds)
        } catch {
            throw .session(error)
        }
        return scenario
    }
}

/// A negotiation that cannot be created as asked, and why: its scenario text, its session
/// set-up, or anything else about the request.
enum DefinitionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The scenario text or files cannot be read.
    case scenario(FormatError)
    /// The session cannot be set up as asked.
    case session(SessionError)
    /// Any other part of the request.
    case request(String)

    init(_ message: String) { self = .request(message) }

    /// What is wrong, in a line.
    var message: String {
        switch self {
        case .scenario(let error): error.description
        case .session(let error): error.message
        case .request(let message): message
        }
    }

    var description: String { message }
}

/// One role of a negotiation: a party, the mediator or the observer.
struct Role: Hashable, Sendable {
    enum Kind: String, Hashable, Sendable { case party, mediator, observer }
    var name: String
    var kind: Kind
    /// The party's index, for parties.
    var party: Int?
    /// A built-in strategy's name, "remote", or nil for the observer.
    var strategy: String?

    var isRemote: Bool { strategy == NegotiationDefinition.remote }
}
