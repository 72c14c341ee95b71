import Parley

/// What the engine is waiting for a remote role to answer: the kind of action, the turn and
/// the text on the table. Exactly one question is open at a time in a negotiation.
struct Question: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        /// Alternating offers: offer, accept or end.
        case act
        /// Single-text mediation: vote on a proposed change.
        case vote
        /// Single-text mediation: ratify the final text.
        case ratify
        /// Indirect talks: accept the mediator's text or reject it with objections.
        case respond
        /// Agenda: let an issue held off the table on.
        case admit
        /// Mediator: the first text.
        case initialText = "initial-text"
        /// Mediator, single-text: the change to put to a vote.
        case propose
        /// Mediator, indirect talks: the next framework text.
        case revise

        /// The actions that answer this kind of question.
        var actions: [Answer.Action] {
            switch self {
            case .act: [.offer, .accept, .end]
            case .respond: [.accept, .reject]
            case .vote, .ratify, .admit: [.vote]
            case .initialText, .propose, .revise: [.text]
            }
        }
    }

    /// The position of the answer in the negotiation's answer log.
    var sequence: Int
    var role: String
    var kind: Kind
    var round: Int?
    var time: Double?
    /// The offer or text on the table (the draft, in a vote).
    var text: Outcome?
    /// The proposal voted on.
    var proposal: Outcome?
    /// The party who made the offer on the table.
    var offeredBy: Int?
    /// The issue asked about in an agenda question.
    var issue: Int?
    var breakdownRisk: Double?
    /// Each delegation's answer, for a mediator revising its text.
    var responses: [Response]?
    /// Issues whose option is fixed: an answer must keep them.
    var fixed: [Int: Int]
    /// The asking party's index, for parties.
    var party: Int?
}
