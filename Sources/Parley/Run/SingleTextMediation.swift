/// Single-text mediation (after Klein, Faratin, Sayama & Bar-Yam 2003): the mediator holds one
/// draft; each round it proposes a change, every party votes for or against it in private to
/// the mediator, and the change is adopted only if all vote for it. At the deadline each party
/// ratifies the final text or not; agreement needs every ratification.
extension Engine {
    nonisolated(nonsending) mutating func runSingleText(track: Agenda.Track, rounds: Int) async throws(ActorFailure) -> SessionResult {
        var draft = try await consult("drafting the first text") { try await $0.initialText() }
        try validate(draft, from: mediatorName)
        lastText = draft
        emit(TraceEvent(round: round, actor: mediatorName, kind: .text, outcome: draft, note: "first draft", audience: everyone))
        for localRound in 1...rounds {
            guard try beginRound(track: track) else {
                return SessionResult(reason: .breakdown, agreement: nil, utilities: [], rounds: round, lastText: draft)
            }
            // Held issues are the only part of a round's start that may wait.
            if !held.isEmpty { try await admitHeldIssues(track: track, localRound: localRound, rounds: rounds) }
            let turn = Turn(round: localRound, time: time(localRound, rounds), offer: draft)
            let current = draft
            let proposal = try await consult("proposing a change") { try await $0.propose(from: current, turn: turn) }
            try validate(proposal, from: mediatorName)
            let changed = scenario.issues.indices.filter { proposal.options[$0] != draft.options[$0] }
            emit(
                TraceEvent(
                    round: round, actor: mediatorName, kind: .text, outcome: proposal, issues: changed, note: "proposed change", audience: everyone))
            var votes = [Bool]()
            for party in negotiators.indices {
                let vote = try await ask(party, "voting") { try await $0.vote(on: proposal, replacing: current, turn: turn) }
                votes.append(vote)
                emit(
                    TraceEvent(
                        round: round, actor: names[party], kind: .vote, outcome: proposal, approve: vote, audience: [names[party], mediatorName]))
            }
            let adopted = votes.allSatisfy { $0 }
            try await consult("learning from the vote") { $0.learn(proposal: proposal, votes: votes, adopted: adopted) }
            if adopted {
                draft = proposal
                lastText = draft
            }
        }
        // Ratification of the final text.
        var ratified = true
        for party in negotiators.indices {
            let text = draft
            let yes = try await ask(party, "ratifying") { try await $0.ratify(text) }
            emit(TraceEvent(round: round, actor: names[party], kind: .vote, outcome: draft, approve: yes, note: "ratification", audience: everyone))
            ratified = ratified && yes
        }
        return ratified
            ? SessionResult(reason: .agreement, agreement: draft, utilities: [], rounds: round)
            : SessionResult(reason: .deadline, agreement: nil, utilities: [], rounds: round, lastText: draft)
    }
}
