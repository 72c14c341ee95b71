import Parley

/// A remote role's answer to a question, as stored in the answer log (option indices, so a
/// replay never depends on label parsing).
struct Answer: Hashable, Sendable, Codable {
    enum Action: String, Hashable, Sendable, Codable, CaseIterable {
        case offer, accept, end, reject, vote, text
        /// Written by the server when the role did not answer in time; replays as a failure.
        case timeout
    }

    var action: Action
    /// The outcome offered, counter-proposed or drafted, as option indices by issue.
    var outcome: [Int]?
    /// Objected issues, by index.
    var objections: [Int]?
    var approve: Bool?

    init(action: Action, outcome: [Int]? = nil, objections: [Int]? = nil, approve: Bool? = nil) {
        self.action = action
        self.outcome = outcome
        self.objections = objections
        self.approve = approve
    }
}

/// An answer in the log, with the role that gave it.
struct RecordedAnswer: Hashable, Sendable {
    var role: String
    var answer: Answer
}
