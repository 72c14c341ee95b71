/// An informed mediator, trusted with the parties' profiles (`knows: profiles`), that steers
/// the text to the Nash point of the issues open in the session: in single-text mediation it
/// proposes, one issue at a time, the move toward the Nash point that raises the Nash product
/// most; in indirect talks it moves every objected issue to its Nash option.
public struct NashSeekingMediator: Mediator {
    var context: MediatorContext?
    var target: Outcome?
    /// A Nash-seeking mediator; it needs the parties' profiles.
    public init() {}
    /// `nash-seeking`.
    public var strategy: String { "nash-seeking" }

    /// Computes the Nash point of the open issues (the max-welfare point when there is none).
    /// - Throws: `MediatorError` without the parties' profiles or with a profile that is not
    /// linear-additive.
    public mutating func start(_ context: MediatorContext) throws {
        guard let profiles = context.profiles else {
            throw MediatorError("nash-seeking needs the parties' profiles: set the scenario's mediator to 'knows: profiles'")
        }
        guard profiles.allSatisfy(\.utility.isLinearAdditive) else {
            throw MediatorError("nash-seeking supports linear-additive profiles only")
        }
        self.context = context
        // The sub-space of the open issues: fixed issues keep one option.
        let issues = context.space.issues.enumerated().map { position, issue in
            context.fixed[position].map { Issue(name: issue.name, options: [issue.label(at: $0)]) } ?? issue
        }
        let parties = profiles.enumerated().map { index, profile in
            var restricted = profile
            let values = profile.utility.valuations.enumerated().map { position, valuation -> Valuation in
                guard let option = context.fixed[position] else { return valuation }
                let all = valuation.values(for: context.space.issues[position])
                return .table(all.isEmpty ? [] : [all[option]])
            }
            restricted.utility.valuations = values
            return Party(name: context.parties[index], profile: restricted)
        }
        let analysis = try OutcomeAnalysis(scenario: Scenario(name: "open issues", issues: issues, parties: parties))
        guard let nash = analysis.nash ?? analysis.maxWelfare else { throw MediatorError("the open issues have no outcome") }
        target = Outcome(nash.outcome.options.enumerated().map { context.fixed[$0] ?? $1 })
    }

    func require() throws -> (MediatorContext, Outcome) {
        guard let context, let target else { throw MediatorError("\(strategy) was asked to act before start") }
        return (context, target)
    }

    /// Starts from the Nash point itself.
    public mutating func initialText() throws -> Outcome { try require().1 }

    /// Moves one open issue of the draft to its Nash option, the move that leaves the highest Nash
    /// product; the draft itself once it is the Nash point.
    public mutating func propose(from draft: Outcome, turn: Turn) throws -> Outcome {
        let (context, target) = try require()
        guard let profiles = context.profiles else { return draft }
        func product(_ outcome: Outcome) -> Double {
            profiles.reduce(1.0) { $0 * max(0, $1.utility.utility(of: outcome, in: context.space) - $1.reservationValue) }
        }
        var best = draft
        var bestValue = -Double.infinity
        for issue in context.freeIssues where draft.options[issue] != target.options[issue] {
            var options = draft.options
            options[issue] = target.options[issue]
            let value = product(Outcome(options))
            if value > bestValue {
                bestValue = value
                best = Outcome(options)
            }
        }
        return best
    }

    /// Moves every issue some delegation objected to to its Nash option.
    public mutating func revise(_ text: Outcome, responses: [Response], turn: Turn) throws -> Outcome {
        let (_, target) = try require()
        var options = text.options
        for response in responses {
            if case .reject(let objections, _) = response { for issue in objections { options[issue] = target.options[issue] } }
        }
        return Outcome(options)
    }
}
