import ParleySupport

/// Everything that defines a negotiation before it is run: the issues, the parties and their
/// private profiles, and who mediates.
public struct Scenario: Hashable, Sendable {
    /// The scenario's name, as reports and traces show it.
    public var name: String
    /// A description for people; may be empty.
    public var summary: String
    /// The issues and their options.
    public var space: OutcomeSpace
    /// The parties, in order: negotiators are given to a session in this order.
    public var parties: [Party]
    /// Who mediates and what it may know; nil when nobody does.
    public var mediator: Mediation?
    /// How the negotiation is run: protocol, deadline, hazard, agenda, calendar.
    public var talks: Talks
    /// The numbers marked as modelling choices, with their ranges, in the order given.
    public var assumptions: [Assumption] = []

    /// A scenario over `issues`. Nothing is checked here: call `validate()` (sessions and
    /// analyses do).
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

    /// The issues, in order.
    public var issues: [Issue] { space.issues }

    /// Whether some party's agreements are worth less the later they come.
    public var discounts: Bool { parties.contains { $0.profile.discounts } }

    /// Checks what types cannot: at least two parties with distinct names that are not the
    /// observer's or the mediator's; one weight and one valuation per issue, weights >= 0,
    /// values finite, reservation and breakdown values in [0, 1]; every issue with at least one
    /// option; box bounds in range. The error names the party or issue it concerns, so a file
    /// reader can point at the line.
    public func validate() throws(ScenarioError) {
        if space.issues.isEmpty { throw ScenarioError("scenario '\(name)' has no issues") }
        if parties.count < 2 {
            let what = parties.first.map { "one party ('\($0.name)')" } ?? "no parties"
            throw ScenarioError("scenario '\(name)' has \(what); a negotiation needs at least two", at: .parties)
        }
        var seen = Set<String>()
        for (position, issue) in space.issues.enumerated() {
            if issue.count == 0 { throw ScenarioError("issue '\(issue.name)' has no options", at: .issue(position)) }
            if !seen.insert(issue.name).inserted { throw ScenarioError("issue '\(issue.name)' is declared twice", at: .issue(position)) }
        }
        var partyNames = Set<String>()
        for (index, party) in parties.enumerated() {
            let place = "party '\(party.name)'"
            if party.name == Session.observer {
                throw ScenarioError("'\(party.name)' is the observer's role name; name the party otherwise", at: .party(index, "name"))
            }
            if party.name == mediator?.name {
                throw ScenarioError("\(place) has the mediator's name; roles need names of their own", at: .party(index, "name"))
            }
            if !partyNames.insert(party.name).inserted {
                throw ScenarioError("\(place) is declared twice; events are addressed by name, so names must differ", at: .party(index, "name"))
            }
            let function = party.profile.utility
            guard function.weights.count == space.issues.count, function.valuations.count == space.issues.count else {
                throw ScenarioError("\(place): \(function.weights.count) weights for \(space.issues.count) issues", at: .party(index, "weights"))
            }
            for (position, issue) in space.issues.enumerated() {
                let weight = function.weights[position]
                if !(weight >= 0) || !weight.isFinite {
                    throw ScenarioError("\(place): weight of issue '\(issue.name)' is \(weight); weights must be >= 0", at: .party(index, "weights"))
                }
                if case .table(let values) = function.valuations[position], weight > 0 || !values.isEmpty {
                    if values.count != issue.count {
                        throw ScenarioError(
                            "\(place): issue '\(issue.name)' has \(issue.count) options but \(values.count) values", at: .party(index, "values"))
                    }
                    if let bad = values.first(where: { !$0.isFinite }) {
                        throw ScenarioError("\(place): issue '\(issue.name)' has the value \(bad)", at: .party(index, "values"))
                    }
                }
            }
            for box in function.constraints {
                for bound in box.bounds {
                    guard space.radices.indices.contains(bound.issue) else {
                        throw ScenarioError(
                            "\(place): a constraint bounds issue #\(bound.issue + 1), which does not exist", at: .party(index, "constraints"))
                    }
                    if bound.options.lowerBound < 0 || bound.options.upperBound >= space.radices[bound.issue] {
                        throw ScenarioError(
                            "\(place): a constraint bounds issue '\(space.issues[bound.issue].name)' outside its options",
                            at: .party(index, "constraints"))
                    }
                }
            }
            if !(function.constraintScale > 0) && !function.constraints.isEmpty {
                throw ScenarioError("\(place): the constraint scale must be > 0", at: .party(index, "constraints"))
            }
            for (key, value) in [("reservation", party.profile.reservationValue), ("breakdown", party.profile.breakdownValue)]
            where !(0...1).contains(value) {
                throw ScenarioError(
                    "\(place): \(key) value \(formatNumber(value)) is outside [0, 1], the range of utilities", at: .party(index, key))
            }
        }
    }
}

/// Who mediates and what the mediator may know.
public struct Mediation: Hashable, Sendable {
    /// What the mediator is trusted with.
    public enum Knowledge: String, Hashable, Sendable, CaseIterable {
        /// Only what the parties told it.
        case declared
        /// Trusted with the parties' private profiles.
        case profiles
    }

    /// The mediator's role name; it must differ from every party's.
    public var name: String
    /// What the mediator may see.
    public var knowledge: Knowledge

    /// A mediator named `name`, trusted only with what the parties declare unless told otherwise.
    public init(name: String, knowledge: Knowledge = .declared) {
        self.name = name
        self.knowledge = knowledge
    }
}

/// A scenario that does not hold together, with a message a user can act on and the place it
/// concerns, so that a reader of a file can name the line.
public struct ScenarioError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where in the scenario the problem is.
    public enum Place: Hashable, Sendable {
        /// The scenario as a whole.
        case scenario
        /// The list of parties as a whole (too few, say).
        case parties
        /// The issue at this position.
        case issue(Int)
        /// The party at this position, and the field of it (`name`, `reservation`, `weights`…).
        case party(Int, String)
    }

    /// What is wrong, naming the party or issue concerned.
    public var message: String
    /// Where the problem is.
    public var place: Place

    /// An error with `message`, about the scenario as a whole unless `place` says otherwise.
    public init(_ message: String, at place: Place = .scenario) {
        self.message = message
        self.place = place
    }

    /// The message.
    public var description: String { message }
}
