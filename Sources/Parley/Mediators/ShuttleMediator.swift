/// A shuttle mediator that knows only what delegations tell it and builds a bridging text from
/// their objections, as Oman did between Washington and Tehran.
///
/// It starts from the midpoint of the options (issues are ordered from one side's ideal to
/// the other's in most scenarios; for others the midpoint is just a neutral start). Each round,
/// for every objected issue it moves the text toward the delegations' counter-proposals: when
/// one delegation objects it moves one option toward that delegation's counter, when several
/// object it splits the difference between their counters. Delegations that objected less
/// often so far are favoured on ties, so concessions alternate between the sides.
public struct ShuttleMediator: Mediator {
    var context: MediatorContext?
    /// How many times each party objected to each issue.
    var objections: [[Int]] = []
    public init() {}
    public var strategy: String { "shuttle" }

    public mutating func start(_ context: MediatorContext) throws {
        self.context = context
        objections = context.parties.map { _ in [Int](repeating: 0, count: context.space.issues.count) }
    }

    public mutating func initialText() throws -> Outcome {
        guard let context else { throw MediatorError("\(strategy) was asked to act before start") }
        return Outcome(context.space.radices.indices.map { context.fixed[$0] ?? (context.space.radices[$0] - 1) / 2 })
    }

    public mutating func propose(from draft: Outcome, turn: Turn) throws -> Outcome {
        // In single-text mediation it proposes to move the issue objected to most often one step.
        guard let context else { throw MediatorError("\(strategy) was asked to act before start") }
        let free = context.freeIssues.filter { context.space.radices[$0] > 1 }
        guard !free.isEmpty else { return draft }
        let issue = free[(turn.round - 1) % free.count]
        var options = draft.options
        options[issue] = (options[issue] + 1) % context.space.radices[issue]
        return Outcome(options)
    }

    public mutating func revise(_ text: Outcome, responses: [Response], turn: Turn) throws -> Outcome {
        guard let context else { throw MediatorError("\(strategy) was asked to act before start") }
        var options = text.options
        for issue in context.freeIssues {
            var pulls = [(party: Int, option: Int)]()
            for (party, response) in responses.enumerated() {
                guard case .reject(let objected, let counter) = response, objected.contains(issue) else { continue }
                objections[party][issue] += 1
                pulls.append((party, counter?.options[issue] ?? options[issue]))
            }
            guard !pulls.isEmpty else { continue }
            let current = options[issue]
            if pulls.count == 1 {
                let wanted = pulls[0].option
                options[issue] = current + (wanted > current ? 1 : wanted < current ? -1 : 0)
            } else {
                // Split the difference; on a half-way tie favour whoever objected less so far.
                let sum = pulls.reduce(0) { $0 + $1.option }
                let low = sum / pulls.count
                let high = (sum + pulls.count - 1) / pulls.count
                if low == high {
                    options[issue] = low
                } else {
                    let favoured = pulls.min { objections[$0.party][issue] < objections[$1.party][issue] || (objections[$0.party][issue] == objections[$1.party][issue] && $0.party < $1.party) }!
                    options[issue] = favoured.option <= low ? low : high
                }
            }
        }
        return Outcome(options)
    }
}
