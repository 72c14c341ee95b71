import ParleySupport

/// Proposes a random change each round: one free issue moved to another option, drawn from
/// the session's seed. In indirect talks it moves each objected issue, with probability one
/// half, to the option an objecting delegation proposed.
public struct RandomChangeMediator: Mediator {
    var context: MediatorContext?
    var random = SeededGenerator(seed: 0)
    /// A random-change mediator; its draws are seeded in `start`.
    public init() {}
    /// `random-change`.
    public var strategy: String { "random-change" }

    /// Seeds its draws from the context.
    /// - Throws: `MediatorError` when every issue is fixed.
    public mutating func start(_ context: MediatorContext) throws {
        guard !context.freeIssues.isEmpty else { throw MediatorError("no issue is open to change") }
        self.context = context
        random = SeededGenerator(seed: context.seed)
    }

    func require() throws -> MediatorContext {
        guard let context else { throw MediatorError("\(strategy) was asked to act before start") }
        return context
    }

    /// A random option for every open issue; fixed issues keep theirs.
    public mutating func initialText() throws -> Outcome {
        let context = try require()
        return Outcome(context.space.radices.indices.map { context.fixed[$0] ?? random.uniform(below: context.space.radices[$0]) })
    }

    /// The draft with one open issue moved to another option at random.
    public mutating func propose(from draft: Outcome, turn: Turn) throws -> Outcome {
        try mutate(draft, issues: 1)
    }

    /// `draft` with `issues` distinct free issues moved to another option at random.
    mutating func mutate(_ draft: Outcome, issues count: Int) throws -> Outcome {
        let context = try require()
        var options = draft.options
        var candidates = context.freeIssues.filter { context.space.radices[$0] > 1 }
        for _ in 0..<min(count, candidates.count) {
            let issue = candidates.remove(at: random.uniform(below: candidates.count))
            let shift = 1 + random.uniform(below: context.space.radices[issue] - 1)
            options[issue] = (options[issue] + shift) % context.space.radices[issue]
        }
        return Outcome(options)
    }

    /// Moves each issue a delegation objected to, with probability one half, to that delegation's
    /// counter-proposal; a later delegation's move overrides an earlier one.
    public mutating func revise(_ text: Outcome, responses: [Response], turn: Turn) throws -> Outcome {
        var options = text.options
        for response in responses {
            if case .reject(let objections, let counter?) = response {
                for issue in objections where random.uniform(below: 2) == 0 { options[issue] = counter.options[issue] }
            }
        }
        return Outcome(options)
    }
}

/// Hill-climbing mediation: proposes single-issue changes in a systematic, shuffled order and
/// never proposes the same change to the same draft twice, so the text climbs to a point no
/// single change can improve for everyone (a local optimum of unanimous votes).
public struct HillClimbingMediator: Mediator {
    var base = RandomChangeMediator()
    var pending: [(issue: Int, option: Int)] = []
    var pendingFor: Outcome?
    /// A hill-climbing mediator; its draws are seeded in `start`.
    public init() {}
    /// `hill-climbing`.
    public var strategy: String { "hill-climbing" }

    /// Seeds its draws from the context.
    /// - Throws: `MediatorError` when every issue is fixed.
    public mutating func start(_ context: MediatorContext) throws { try base.start(context) }
    /// A random option for every open issue.
    public mutating func initialText() throws -> Outcome { try base.initialText() }

    /// The next untried single-issue change of this draft, in a shuffled order; the draft itself
    /// once every change has been tried. A new draft starts a new list.
    public mutating func propose(from draft: Outcome, turn: Turn) throws -> Outcome {
        let context = try base.require()
        if pendingFor != draft || pending.isEmpty {
            pending = context.freeIssues.flatMap { issue in
                (0..<context.space.radices[issue]).filter { $0 != draft.options[issue] }.map { (issue, $0) }
            }
            // Shuffle with the session's generator (Fisher–Yates), so the order replays.
            for index in pending.indices.reversed() where index > 0 {
                pending.swapAt(index, base.random.uniform(below: index + 1))
            }
            pendingFor = draft
        }
        guard let move = pending.popLast() else { return draft }
        var options = draft.options
        options[move.issue] = move.option
        return Outcome(options)
    }

    /// Revises as `RandomChangeMediator` does.
    public mutating func revise(_ text: Outcome, responses: [Response], turn: Turn) throws -> Outcome {
        try base.revise(text, responses: responses, turn: turn)
    }
}

/// Annealing mediation: early proposals change several issues at once (large steps that can
/// leave a local optimum), later ones a single issue; the number of issues changed falls with
/// the temperature `1 - t`.
public struct AnnealingMediator: Mediator {
    var base = RandomChangeMediator()
    /// An annealing mediator; its draws are seeded in `start`.
    public init() {}
    /// `annealing`.
    public var strategy: String { "annealing" }

    /// Seeds its draws from the context.
    /// - Throws: `MediatorError` when every issue is fixed.
    public mutating func start(_ context: MediatorContext) throws { try base.start(context) }
    /// A random option for every open issue.
    public mutating func initialText() throws -> Outcome { try base.initialText() }

    /// The draft with between 1 and `max(1, round(open issues × (1 − t) / 2))` open issues moved
    /// at random, `t` being the relative time.
    public mutating func propose(from draft: Outcome, turn: Turn) throws -> Outcome {
        let context = try base.require()
        let temperature = 1 - turn.time
        let most = max(1, Int((Double(context.freeIssues.count) * temperature / 2).rounded()))
        return try base.mutate(draft, issues: 1 + base.random.uniform(below: most))
    }

    /// Revises as `RandomChangeMediator` does.
    public mutating func revise(_ text: Outcome, responses: [Response], turn: Turn) throws -> Outcome {
        try base.revise(text, responses: responses, turn: turn)
    }
}
