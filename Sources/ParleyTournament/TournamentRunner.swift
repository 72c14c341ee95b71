import Dispatch
import Foundation
import Parley
import Synchronization

/// Runs a tournament's pending cells on all cores and stores each result as it finishes.
public struct TournamentRunner: Sendable {
    /// The tournament.
    public var plan: TournamentPlan
    /// Where results are read from and written to, and where a shared store hands out cells.
    public var store: any TournamentStorage
    /// This run's slice: cells whose index is `shard.index` modulo `shard.count`.
    public var shard: (index: Int, count: Int)
    /// Sessions run at once.
    public var jobs: Int
    /// Stop after this many new sessions (nil: run them all).
    public var limit: Int?

    /// A runner of `shard` (all cells by default), `jobs` sessions at once (every active core by
    /// default), with no limit unless `limit` is given.
    public init(plan: TournamentPlan, store: any TournamentStorage, shard: (index: Int, count: Int) = (0, 1), jobs: Int? = nil, limit: Int? = nil) {
        self.plan = plan
        self.store = store
        self.shard = shard
        self.jobs = max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        self.limit = limit
    }

    /// What a run did.
    public struct Outcome: Sendable {
        /// Sessions this process ran now.
        public var ran: Int
        /// Sessions of this shard already in the database.
        public var alreadyDone: Int
        /// Sessions of this shard in all.
        public var total: Int
    }

    /// Runs what is left of this shard. `progress` is called after each session with (done, total).
    public func run(progress: (@Sendable (Int, Int) -> Void)? = nil) throws(TournamentError) -> Outcome {
        try plan.validate()
        guard shard.count >= 1, (0..<shard.count).contains(shard.index) else { throw .invalidPlan("the shard must be k/n with 0 <= k < n") }
        let cells = plan.cells
        let total = cells.count { $0.index % shard.count == shard.index }
        let queue = try store.queue(of: cells, shard: shard, limit: limit)
        defer { queue.finish() }

        // Each scenario is analysed once, for the distance of results to the frontier.
        let analyses: [OutcomeAnalysis?] = plan.scenarios.map { try? OutcomeAnalysis(scenario: $0.scenario) }
        let ran = Atomic<Int>(0)
        let done = Atomic<Int>(queue.alreadyDone)
        let failure = Mutex<TournamentError?>(nil)
        let plan = self.plan
        let store = self.store
        DispatchQueue.concurrentPerform(iterations: jobs) { _ in
            while failure.withLock({ $0 == nil }) {
                do throws(TournamentError) {
                    guard let cell = try queue.next() else { return }
                    let row = try Self.play(cell, plan: plan, analysis: analyses[cell.scenario])
                    try store.record(row)
                    ran.add(1, ordering: .relaxed)
                    let count = done.add(1, ordering: .relaxed).newValue
                    progress?(count, total)
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return Outcome(ran: ran.load(ordering: .relaxed), alreadyDone: queue.alreadyDone, total: total)
    }

    /// Plays one cell.
    static func play(_ cell: TournamentPlan.Cell, plan: TournamentPlan, analysis: OutcomeAnalysis?) throws(TournamentError) -> TournamentStore.Row {
        let entry = plan.scenarios[cell.scenario]
        let names = cell.assignment.map { plan.strategies[$0] }
        let clock = ContinuousClock()
        let start = clock.now
        let scenario: Scenario
        let trace: Trace
        do {
            let setup = try SessionSetup(scenario: entry.scenario, protocol: plan.protocolKind, rounds: plan.rounds, negotiatorList: names)
            scenario = setup.scenario
            trace = try setup.run(seed: cell.seed)
        } catch {
            throw .session(scenario: entry.name, error)
        }
        let elapsed = clock.now - start
        let score = analysis.map { AgreementScore(utilities: trace.result.utilities, analysis: $0) }
        return TournamentStore.Row(
            cell: cell.index, scenario: entry.name, strategies: names, repetition: cell.repetition, seed: cell.seed,
            reason: trace.result.reason.label, rounds: trace.result.rounds, utilities: trace.result.utilities,
            discounted: trace.result.discountedUtilities,
            reservations: scenario.parties.map(\.profile.reservationValue),
            distanceToFrontier: trace.result.agreement == nil ? nil : score?.distanceToFrontier,
            distanceToNash: trace.result.agreement == nil ? nil : score?.distanceToNash,
            welfare: trace.result.utilities.reduce(0, +),
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}
