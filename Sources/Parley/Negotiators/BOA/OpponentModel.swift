/// The O of BOA: an estimate of one opponent's utility function, learnt from its offers.
/// Estimates are in [0, 1]; only their order matters to the strategies that use them.
public protocol OpponentModel: Sendable {
    /// The model as a spec writes it, e.g. `frequency`.
    var spec: String { get }
    /// Starts a fresh model over `space`.
    mutating func start(_ space: OutcomeSpace)
    /// Learns from the opponent's offer of `outcome` at relative time `time`.
    mutating func update(with outcome: Outcome, at time: Double)
    /// The estimated utility of `outcome` to the opponent.
    func utility(of outcome: Outcome) -> Double
}

/// One model per opponent, built from a prototype when the opponent first offers, kept in
/// order of first appearance so that averages never depend on dictionary order.
public struct OpponentModels: Sendable {
    /// The model each new opponent starts from.
    public let prototype: any OpponentModel
    /// The opponents seen, with their models, in order of their first offer.
    public private(set) var models: [(name: String, model: any OpponentModel)] = []
    private let space: OutcomeSpace

    /// Models of each opponent over `space`, each a fresh copy of `prototype`.
    public init(_ prototype: any OpponentModel, space: OutcomeSpace) {
        var fresh = prototype
        fresh.start(space)
        self.prototype = fresh
        self.space = space
    }

    /// Learns from `opponent`'s offer of `outcome` at `time`.
    public mutating func update(_ opponent: String, with outcome: Outcome, at time: Double) {
        if let index = models.firstIndex(where: { $0.name == opponent }) {
            models[index].model.update(with: outcome, at: time)
        } else {
            var model = prototype
            model.update(with: outcome, at: time)
            models.append((opponent, model))
        }
    }

    /// The estimated utility of `outcome`, averaged over the opponents (0 before any offer).
    public func utility(of outcome: Outcome) -> Double {
        guard !models.isEmpty else { return 0 }
        var total = 0.0
        for entry in models { total += entry.model.utility(of: outcome) }
        return total / Double(models.count)
    }
}
