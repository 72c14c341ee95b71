/// Alternating offers (SAOP), bilateral or multilateral (stacked): parties act in a fixed
/// order, one action each per round: offer an outcome, accept the offer on the table, or end
/// the negotiation. The first action must be an offer. Agreement when every other party has
/// accepted the same offer in turn; at the deadline each party gets its reservation value.
/// Every offer is seen by every party.
extension Engine {
    nonisolated(nonsending) mutating func runAlternatingOffers(track: Agenda.Track, rounds: Int) async throws(ActorFailure) -> SessionResult {
        let parties = negotiators.count
        var offer: Outcome?
        var offeredBy: Int?
        var acceptances = 0
        for localRound in 1...rounds {
            guard try beginRound(track: track) else {
                return SessionResult(reason: .breakdown, agreement: nil, utilities: [], rounds: round, lastText: offer)
            }
            // Held issues are the only part of a round's start that may wait.
            if !held.isEmpty { try await admitHeldIssues(track: track, localRound: localRound, rounds: rounds) }
            for party in 0..<parties {
                let turn = Turn(round: localRound, time: time(localRound, rounds), offer: offer, offeredBy: offeredBy)
                let action: Action
                if let immediate = try actWithoutSuspending(party, turn) {
                    action = immediate
                } else {
                    action = try await ask(party, "acting") { try await $0.act(turn) }
                }
                switch action {
                case .offer(let outcome):
                    try validate(outcome, from: names[party])
                    offer = outcome
                    offeredBy = party
                    acceptances = 0
                    lastText = outcome
                    emitAction(round: round, party: party, kind: .offer, outcome: outcome)
                case .accept:
                    guard let current = offer, offeredBy != party else {
                        throw ActorFailure(actor: names[party], message: "accepted with no offer of another party on the table")
                    }
                    acceptances += 1
                    emitAction(round: round, party: party, kind: .accept, outcome: current, approve: true)
                    if acceptances == parties - 1 {
                        return SessionResult(reason: .agreement, agreement: current, utilities: [], rounds: round)
                    }
                case .end:
                    emitPublic(round: round, actor: names[party], kind: .end, note: "ended the negotiation")
                    return SessionResult(reason: .walkAway(by: names[party]), agreement: nil, utilities: [], rounds: round, lastText: offer)
                }
            }
        }
        return SessionResult(reason: .deadline, agreement: nil, utilities: [], rounds: round, lastText: offer)
    }
}
