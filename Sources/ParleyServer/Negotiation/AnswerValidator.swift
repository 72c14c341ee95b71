import HTTPTypes
import Parley

/// Checks a remote role's answer against the open question before it is logged, so the engine
/// only ever sees valid moves: a wrong action, an outcome that is not a full set of valid
/// options, a change to a fixed issue or an unknown objection is refused with 422.
struct AnswerValidator {
    let scenario: Scenario

    func check(_ answer: Answer, against question: Question) throws(APIError) {
        guard question.kind.actions.contains(answer.action) else {
            throw APIError(
                .unprocessableContent,
                "the open question is '\(question.kind.rawValue)'; answer it with \(question.kind.actions.map { "'\($0.rawValue)'" }.joined(separator: " or ")), not '\(answer.action.rawValue)'"
            )
        }
        switch answer.action {
        case .offer, .text:
            guard let outcome = answer.outcome else { throw APIError(.unprocessableContent, "'\(answer.action.rawValue)' needs an 'outcome'") }
            try checkFixed(outcome, question)
        case .accept:
            if question.kind == .act, question.text == nil || question.offeredBy == question.party {
                throw APIError(.unprocessableContent, "there is no offer of another party on the table to accept; make an offer")
            }
        case .reject:
            let objections = answer.objections ?? []
            for issue in objections where question.fixed[issue] != nil {
                throw APIError(.unprocessableContent, "objection to '\(scenario.issues[issue].name)', which is fixed in this session")
            }
            if Set(objections).count != objections.count { throw APIError(.unprocessableContent, "an issue is objected to twice") }
            if let counter = answer.outcome { try checkFixed(counter, question) }
        case .vote:
            guard answer.approve != nil else { throw APIError(.unprocessableContent, "'vote' needs 'approve': true or false") }
        case .end, .timeout:
            if answer.action == .timeout { throw APIError(.unprocessableContent, "'timeout' is not an action") }
        }
    }

    private func checkFixed(_ outcome: [Int], _ question: Question) throws(APIError) {
        for (issue, option) in question.fixed.sorted(by: { $0.key < $1.key }) where outcome[issue] != option {
            throw APIError(
                .unprocessableContent,
                "issue '\(scenario.issues[issue].name)' is fixed at '\(scenario.issues[issue].label(at: option))' in this session; keep it")
        }
    }
}
