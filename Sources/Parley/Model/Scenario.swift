/// Everything that defines a negotiation before it is run: the issues, the parties and their
/// private profiles, and who mediates.
public struct Scenario: Hashable, Sendable {
    public var name: String
    public var summary: String
    public var space: OutcomeSpace
    public var parties: [Party]
    public var mediator: Mediation?
    /// How the negotiation is run: protocol, deadline, hazard, agenda, calendar.
    public var talks: Talks

    public init(
        name: String, summary: String = "", issues: [Issue], parties: [Party], mediator: Mediation? = nil, talks: Talks = Talks()
    ) {
        self.name = name
        self.summary = summary
        self.space = OutcomeSpace(issues: issues)
        self.parties = parties
        self.mediator = mediator
        self.talks = talks
    }

    public var issues: [Issue] { space.issues }

    /// Whether some party's agreements are worth less the later they come.
    public var discounts: Bool { parties.contains { $0.profile.discounts } }

    /// Checks what types cannot: one weight and one valuation per issue, weights >= 0, values
    /// and reservation values finite, every issue with at least one option, box bounds in range.
    public func validate() throws(ScenarioError) {
        if space.issues.isEmpty { throw ScenarioError("scenario '\(name)' has no issues") }
        if parties.isEmpty { throw ScenarioError("scenario '\(name)' has no parties") }
        var seen = Set<String>()
        for issue in space.issues {
            if issue.count == 0 { throw ScenarioError("issue '\(issue.name)' has no options") }
            if !seen.insert(issue.name).inserted { throw ScenarioError("issue '\(issue.name)' is declared twice") }
        }
        for party in parties {
            let function = party.profile.utility
            let place = "party '\(party.name)'"
            guard function.weights.count == space.issues.count, function.valuations.count == space.issues.count else {
                throw ScenarioError("\(place): \(function.weights.count) weights for \(space.issues.count) issues")
            }
            for (position, issue) in space.issues.enumerated() {
                let weight = function.weights[position]
                if !(weight >= 0) || !weight.isFinite {
                    throw ScenarioError("\(place): weight of issue '\(issue.name)' is \(weight); weights must be >= 0")
                }
                if case .table(let values) = function.valuations[position], weight > 0 || !values.isEmpty {
                    if values.count != issue.count {
                        throw ScenarioError("\(place): issue '\(issue.name)' has \(issue.count) options but \(values.count) values")
                    }
                    if let bad = values.first(where: { !$0.isFinite }) {
                        throw ScenarioError("\(place): issue '\(issue.name)' has the value \(bad)")
                    }
                }
            }
            for box in function.constraints {
                for bound in box.bounds {
                    guard space.radices.indices.contains(bound.issue) else {
                        throw ScenarioError("\(place): a constraint bounds issue #\(bound.issue + 1), which does not exist")
                    }
                    if bound.options.lowerBound < 0 || bound.options.upperBound >= space.radices[bound.issue] {
                        throw ScenarioError("\(place): a constraint bounds issue '\(space.issues[bound.issue].name)' outside its options")
                    }
                }
            }
            if !(function.constraintScale > 0) && !function.constraints.isEmpty {
                throw ScenarioError("\(place): the constraint scale must be > 0")
            }
            for (label, value) in [("reservation", party.profile.reservationValue), ("breakdown", party.profile.breakdownValue)]
            where !value.isFinite {
                throw ScenarioError("\(place): \(label) value is \(value)")
            }
        }
    }
}

/// Who mediates and what the mediator may know.
public struct Mediation: Hashable, Sendable {
    public enum Knowledge: String, Hashable, Sendable, CaseIterable {
        /// Only what the parties told it.
        case declared
        /// Trusted with the parties' private profiles.
        case profiles
    }

    public var name: String
    public var knowledge: Knowledge

    public init(name: String, knowledge: Knowledge = .declared) {
        self.name = name
        self.knowledge = knowledge
    }
}

/// A scenario that does not hold together, with a message a user can act on.
public struct ScenarioError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
