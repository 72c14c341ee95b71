/// A shuttle mediator that knows only what delegations tell it and builds a bridging text from
/// their objections, as Oman did between Washington and Tehran.
///
/// It starts from the midpoint of the options (issues are ordered from one side's ideal to
/// the other's in most scenarios; for others the midpoint is just a neutral start). Each round
/// it moves the text one option at a time toward the delegations' counter-proposals:
/// - an issue several delegations object to goes toward the one that ranks it highest (a
///   delegation names first the objections that matter most to it): logrolling, so each side
///   gains where it cares most; on equal ranks the text splits the difference;
/// - when a single delegation objects, or nothing moved, each unhappy delegation gains a step
///   on its first objection that nobody else contests.
/// It never moves an issue back and forth on one delegation's word while others object too.
public struct ShuttleMediator: Mediator {
    var context: MediatorContext?
    /// How many times each party objected to each issue.
    var objections: [[Int]] = []
    /// A shuttle mediator.
    public init() {}
    /// `shuttle`.
    public var strategy: String { "shuttle" }

    /// Keeps the context and clears its count of objections.
    public mutating func start(_ context: MediatorContext) throws {
        self.context = context
        objections = context.parties.map { _ in [Int](repeating: 0, count: context.space.issues.count) }
    }

    /// The middle option of every open issue (the lower middle of an even count); fixed issues
    /// keep their option.
    public mutating func initialText() throws -> Outcome {
        guard let context else { throw MediatorError("\(strategy) was asked to act before start") }
        return Outcome(context.space.radices.indices.map { context.fixed[$0] ?? (context.space.radices[$0] - 1) / 2 })
    }

    /// Single-text mediation, for which it is not built: moves the open issues in turn, one per
    /// round, to their next option (the last wraps to the first).
    public mutating func propose(from draft: Outcome, turn: Turn) throws -> Outcome {
        // Votes name no issues, so there is nothing to bridge: the open issues take turns.
        guard let context else { throw MediatorError("\(strategy) was asked to act before start") }
        let free = context.freeIssues.filter { context.space.radices[$0] > 1 }
        guard !free.isEmpty else { return draft }
        let issue = free[(turn.round - 1) % free.count]
        var options = draft.options
        options[issue] = (options[issue] + 1) % context.space.radices[issue]
        return Outcome(options)
    }

    /// Moves the text toward the objecting delegations' counter-proposals, as the type describes.
    public mutating func revise(_ text: Outcome, responses: [Response], turn: Turn) throws -> Outcome {
        guard let context else { throw MediatorError("\(strategy) was asked to act before start") }
        var options = text.options
        // Objections in the order each delegation named them: the costliest change first.
        let named: [[Int]] = responses.map { response in
            if case .reject(let objected, _) = response { return objected }
            return []
        }
        let counters: [Outcome?] = responses.map { response in
            if case .reject(_, let counter) = response { return counter }
            return nil
        }
        for (party, objected) in named.enumerated() { for issue in objected { objections[party][issue] += 1 } }
        let unhappy = named.indices.filter { !named[$0].isEmpty }
        func pull(_ party: Int, _ issue: Int) -> Int { counters[party]?.options[issue] ?? options[issue] }
        func step(_ issue: Int, toward wanted: Int) {
            options[issue] += wanted > options[issue] ? 1 : wanted < options[issue] ? -1 : 0
        }
        for issue in context.freeIssues {
            let objectors = unhappy.filter { named[$0].contains(issue) }
            if objectors.count >= 2 {
                // Contested: the issue goes toward the delegation that ranks it highest (logrolling);
                // on equal ranks the text splits the difference.
                let ranks = objectors.map { Double(named[$0].firstIndex(of: issue)!) / Double(named[$0].count) }
                let best = ranks.min()!
                let leaders = objectors.indices.filter { ranks[$0] == best }
                if leaders.count == 1 {
                    step(issue, toward: pull(objectors[leaders[0]], issue))
                } else {
                    let sum = objectors.reduce(0) { $0 + pull($1, issue) }
                    options[issue] = (sum + objectors.count / 2) / objectors.count
                }
            }
        }
        if unhappy.count == 1 || options == text.options {
            // One delegation alone objects, or nothing moved: each unhappy delegation gains one
            // step on its first objection that no other delegation contests.
            for party in unhappy {
                guard let issue = named[party].first(where: { issue in unhappy.allSatisfy { $0 == party || !named[$0].contains(issue) } })
                else { continue }
                step(issue, toward: pull(party, issue))
            }
        }
        return Outcome(options)
    }
}
