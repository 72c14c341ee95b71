import Parley
import ParleyTestSupport
import Testing

// The example of docs/negotiators.md, compiled and run here so that the documentation stays true.

/// Concedes in steps: its target drops by `step` every `patience` rounds, never below its
/// reservation value.
struct StepConceder: PreferenceDrivenNegotiator {
    var step = 0.1
    var patience = 3
    var preferences: OwnPreferences?
    var strategy: String { "step-conceder" }

    mutating func start(_ context: NegotiatorContext) throws {
        preferences = try OwnPreferences(context)
    }

    func target(at time: Double) -> Double {
        guard let own = preferences else { return 1 }
        let rounds = Double(own.context.rounds)
        let stepsTaken = (time * (rounds - 1) / Double(patience)).rounded(.down)
        return max(own.bestUtility - step * stepsTaken, own.context.profile.reservationValue)
    }

    mutating func act(_ turn: Turn) throws -> Action {
        guard let own = preferences else { throw NegotiatorError("not started") }
        let goal = target(at: turn.time)
        if let offer = turn.offer, own.utility(of: offer) >= goal { return .accept }
        return .offer(own.outcome(atLeast: goal))
    }
}

@Test("a user-written negotiator takes part in every protocol")
func customNegotiator() throws {
    for kind in ProtocolKind.allCases {
        let scenario = ToyScenarios.opposed(reservation: 0.2, talks: Talks(protocolKind: kind, rounds: 30), mediator: true)
        let mediator: (any Mediator)? = kind.needsMediator ? ShuttleMediator() : nil
        let trace = try Session(scenario: scenario).run(negotiators: [StepConceder(), TimeBasedNegotiator.linear], mediator: mediator)
        #expect(trace.result.reason == .agreement, "\(kind): \(trace.result.reason)")
        #expect(trace.result.utilities.allSatisfy { $0 >= 0.2 }, "\(kind)")
    }
}
