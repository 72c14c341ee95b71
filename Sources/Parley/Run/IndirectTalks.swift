/// Indirect talks (shuttle diplomacy): the parties never see each other's messages. Each round
/// the mediator meets each delegation in turn with its framework text; the delegation accepts
/// it or rejects it naming the issues it objects to and, optionally, a counter-proposal, all in
/// private to the mediator. An issue is settled when no delegation objected to its option in
/// the round's text; the mediator announces which issues are settled and which open, then
/// revises the text. Agreement when every delegation accepts the same text.
extension Engine {
    nonisolated(nonsending) mutating func runIndirect(track: Agenda.Track, rounds: Int) async throws(ActorFailure) -> SessionResult {
        var text = try await consult("drafting the first text") { try await $0.initialText() }
        try validate(text, from: mediatorName)
        lastText = text
        for localRound in 1...rounds {
            guard try beginRound(track: track) else {
                return SessionResult(reason: .breakdown, agreement: nil, utilities: [], rounds: round, lastText: text)
            }
            // Held issues are the only part of a round's start that may wait.
            if !held.isEmpty { try await admitHeldIssues(track: track, localRound: localRound, rounds: rounds) }
            let turn = Turn(round: localRound, time: time(localRound, rounds), offer: text)
            var responses = [Response]()
            for party in negotiators.indices {
                let audience = [names[party], mediatorName]
                emit(TraceEvent(round: round, actor: mediatorName, kind: .text, outcome: text, note: "meets \(names[party])", audience: audience))
                let current = text
                let response = try await ask(party, "answering the mediator") { try await $0.respond(to: current, turn: turn) }
                switch response {
                case .accept:
                    emit(TraceEvent(round: round, actor: names[party], kind: .accept, outcome: text, approve: true, audience: audience))
                case .reject(let objections, let counter):
                    if let bad = objections.first(where: { !scenario.issues.indices.contains($0) }) {
                        throw ActorFailure(actor: names[party], message: "objected to issue #\(bad), which does not exist")
                    }
                    if let counter { try validate(counter, from: names[party]) }
                    emit(
                        TraceEvent(
                            round: round, actor: names[party], kind: .reject, outcome: counter, issues: objections, approve: false, audience: audience
                        ))
                }
                responses.append(response)
            }
            let free = scenario.issues.indices.filter { fixed[$0] == nil }
            let objected = Set(
                responses.flatMap { response -> [Int] in
                    if case .reject(let objections, _) = response { return objections }
                    return []
                })
            let accepted = responses.allSatisfy(\.accepts)
            let settledNow = accepted ? free : free.filter { !objected.contains($0) }
            let openNow = free.filter { !settledNow.contains($0) }
            settled = Set(settledNow)
            emit(
                TraceEvent(
                    round: round, actor: mediatorName, kind: .status, outcome: text, issues: settledNow, otherIssues: openNow, audience: everyone))
            if accepted {
                return SessionResult(reason: .agreement, agreement: text, utilities: [], rounds: round)
            }
            if localRound < rounds {
                let current = text
                let revised = try await consult("revising the text") { try await $0.revise(current, responses: responses, turn: turn) }
                try validate(revised, from: mediatorName)
                text = revised
                lastText = text
            }
        }
        return SessionResult(reason: .deadline, agreement: nil, utilities: [], rounds: round, lastText: text)
    }
}
