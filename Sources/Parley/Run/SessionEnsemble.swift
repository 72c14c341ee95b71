import Foundation
import ParleySupport

/// Many seeded sessions of one set-up, summarised: how often the talks end in agreement,
/// breakdown or at the deadline, in which round agreements come, what each party gets, and which
/// issues the mediator announces as settled first.
///
/// Session k (from 0) runs with the seed `SeededGenerator.derive(seed, k)`. Sessions run in
/// parallel, but their results are combined in session order, so a summary depends only on the
/// set-up, the count and the seed, never on the number of threads or on timing.
public struct SessionEnsemble: Sendable {
    /// The most sessions one ensemble runs.
    public static let sessionLimit = 1_000_000

    /// The set-up every session plays.
    public var setup: SessionSetup
    /// How many sessions to run, 1 to `sessionLimit`.
    public var sessions: Int
    /// The ensemble's seed, from which every session's seed is derived.
    public var seed: UInt64
    /// Whether each session draws the scenario's assumptions uniformly within their ranges (in
    /// the order listed, from a generator of its own, so the session's seed is the same either way).
    public var variesAssumptions: Bool

    /// An ensemble of `sessions` sessions of `setup` from `seed`, with the scenario's assumptions
    /// drawn for every session when `variesAssumptions`.
    public init(setup: SessionSetup, sessions: Int, seed: UInt64, variesAssumptions: Bool = false) {
        self.setup = setup
        self.sessions = sessions
        self.seed = seed
        self.variesAssumptions = variesAssumptions
    }

    /// The seed of session `index`.
    public func seed(ofSession index: Int) -> UInt64 { SeededGenerator.derive(seed, UInt64(index)) }

    /// The set-up session `index` plays: the ensemble's, with the assumptions drawn when they vary.
    public func setup(ofSession index: Int) -> SessionSetup {
        guard variesAssumptions, !setup.scenario.assumptions.isEmpty else { return setup }
        // A stream apart from the session's own: the same session seed with or without --vary.
        var draws = SeededGenerator(seed: SeededGenerator.derive(seed ^ 0x5EED_A55D_0000_0000, UInt64(index)))
        var varied = setup
        for assumption in setup.scenario.assumptions {
            assumption.apply(assumption.low + (assumption.high - assumption.low) * draws.unit(), to: &varied.scenario)
        }
        return varied
    }

    /// Runs every session on up to `jobs` threads and summarises them; `progress` is called with
    /// the number of sessions finished so far, from any thread, after each batch.
    /// Throws `SessionError` when the set-up cannot start (the same for every seed) or when
    /// `sessions` is outside 1…`sessionLimit`.
    public func run(jobs: Int = ProcessInfo.processInfo.activeProcessorCount, progress: (@Sendable (Int) -> Void)? = nil)
        async throws(SessionError) -> EnsembleSummary
    {
        guard (1...Self.sessionLimit).contains(sessions) else {
            throw SessionError("an ensemble runs 1 to \(Self.sessionLimit) sessions, not \(sessions)")
        }
        let batch = max(1, min(1000, sessions / (4 * max(jobs, 1))))
        let batches = (sessions + batch - 1) / batch
        var records: [EnsembleBatch?] = Array(repeating: nil, count: batches)
        do {
            try await withThrowingTaskGroup(of: (Int, EnsembleBatch).self) { group in
                var next = 0
                var finished = 0
                while next < min(max(jobs, 1), batches) {
                    let index = next
                    group.addTask { (index, try play(index * batch..<min(sessions, (index + 1) * batch))) }
                    next += 1
                }
                while let (index, result) = try await group.next() {
                    records[index] = result
                    finished += result.count
                    progress?(finished)
                    if next < batches {
                        let index = next
                        group.addTask { (index, try play(index * batch..<min(sessions, (index + 1) * batch))) }
                        next += 1
                    }
                }
            }
        } catch let error as SessionError {
            throw error
        } catch {
            throw SessionError("\(error)")
        }
        var summary = EnsembleSummary(setup: setup, seed: seed, batches: records.compactMap { $0 })
        summary.assumptionsVaried = variesAssumptions && !setup.scenario.assumptions.isEmpty
        return summary
    }
}

extension SessionEnsemble {
    /// Plays the sessions `range` on the calling thread.
    func play(_ range: Range<Int>) throws(SessionError) -> EnsembleBatch {
        var records = EnsembleBatch(parties: setup.scenario.parties.count, issues: setup.scenario.space.issues.count)
        for session in range { records.append(try setup(ofSession: session).run(seed: seed(ofSession: session))) }
        return records
    }
}

/// The compact record of a batch of sessions, in session order.
struct EnsembleBatch: Sendable {
    let parties: Int
    let issues: Int
    var count = 0
    /// Per session: 0 agreement, 1 breakdown, 2 deadline, 3 walk-away, 4 failure.
    var reasons: [UInt8] = []
    /// Per session: the rounds used.
    var rounds: [Int32] = []
    /// Per session and party: the party's utility for the result.
    var utilities: [Double] = []
    /// Per session and issue: the first round the issue was announced settled, 0 if never.
    var settled: [Int32] = []
    /// Per session and issue: the option agreed, -1 without an agreement.
    var agreed: [Int32] = []

    init(parties: Int, issues: Int) {
        self.parties = parties
        self.issues = issues
    }

    mutating func append(_ trace: Trace) {
        count += 1
        let reason: UInt8 =
            switch trace.result.reason {
            case .agreement: 0
            case .breakdown: 1
            case .deadline: 2
            case .walkAway: 3
            case .failure: 4
            }
        reasons.append(reason)
        rounds.append(Int32(clamping: trace.result.rounds))
        utilities.append(contentsOf: trace.result.utilities.prefix(parties))
        for _ in trace.result.utilities.count..<max(parties, trace.result.utilities.count) { utilities.append(.nan) }
        if let agreement = trace.result.agreement, agreement.options.count == issues {
            agreed.append(contentsOf: agreement.options.map { Int32(clamping: $0) })
        } else {
            agreed.append(contentsOf: repeatElement(-1, count: issues))
        }
        let start = settled.count
        settled.append(contentsOf: repeatElement(0, count: issues))
        for position in trace.events.indices where trace.events.kind(at: position) == .status {
            let event = trace.events[position]
            for issue in event.issues where issue >= 0 && issue < issues && settled[start + issue] == 0 {
                settled[start + issue] = Int32(clamping: max(event.round, 1))
            }
        }
    }
}

/// What an ensemble of sessions shows.
public struct EnsembleSummary: Hashable, Sendable {
    /// A share of sessions with its 95% Wilson score interval.
    public struct Share: Hashable, Sendable {
        /// How many sessions.
        public var count: Int
        /// `count` over all sessions.
        public var probability: Double
        /// The 95% Wilson score interval of the probability.
        public var low: Double
        /// The upper end of the interval.
        public var high: Double

        /// The share of `count` among `total`, with its Wilson interval at z = 1.96.
        public init(count: Int, of total: Int) {
            self.count = count
            let n = Double(max(total, 1))
            let p = Double(count) / n
            let z = 1.959_963_984_540_054
            let z2 = z * z
            let center = (p + z2 / (2 * n)) / (1 + z2 / n)
            let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
            probability = p
            // At 0 and at n the interval's end is the estimate itself; rounding must not move it.
            low = count == 0 ? 0 : min(p, max(0, center - half))
            high = count >= total ? 1 : max(p, min(1, center + half))
        }
    }

    /// Quartiles of a distribution (type-7 quantiles), with its extremes.
    public struct Quartiles: Hashable, Sendable {
        /// The smallest value.
        public var minimum: Double
        /// The 25th percentile.
        public var lower: Double
        /// The median.
        public var median: Double
        /// The 75th percentile.
        public var upper: Double
        /// The largest value.
        public var maximum: Double
        /// The mean.
        public var mean: Double

        /// The quartiles of `values` (NaN values are left out; all NaN when none is left).
        public init(_ values: [Double]) {
            let sorted = values.filter { !$0.isNaN }.sorted()
            minimum = sorted.first ?? .nan
            lower = sorted.sortedQuantile(0.25)
            median = sorted.sortedQuantile(0.5)
            upper = sorted.sortedQuantile(0.75)
            maximum = sorted.last ?? .nan
            mean = sorted.isEmpty ? .nan : sorted.reduce(0, +) / Double(sorted.count)
        }
    }

    /// One round's agreements.
    public struct RoundAgreements: Hashable, Sendable {
        /// The round, from 1.
        public var round: Int
        /// Sessions that agreed in this round.
        public var agreements: Int
        /// The share of all sessions that agreed in this round or earlier.
        public var cumulativeProbability: Double
    }

    /// When one issue was announced settled.
    public struct IssueSettlement: Hashable, Sendable {
        /// The issue's name.
        public var issue: String
        /// The share of sessions in which the issue was announced settled at some point.
        public var settled: Share
        /// The share of sessions in which no other issue was announced settled earlier (ties count for both).
        public var first: Share
        /// The median of the first round it was announced settled, over the sessions that did; NaN if none.
        public var medianRound: Double
    }

    /// The scenario's name.
    public var scenario: String
    /// The parties, in order.
    public var parties: [String]
    /// The sessions run.
    public var sessions: Int
    /// The ensemble's seed.
    public var seed: UInt64
    /// The last round the talks may reach: the talks' deadline, or the sum of the tracks'
    /// deadlines in a sequential agenda.
    public var deadline: Int
    /// Sessions ending in agreement.
    public var agreement: Share
    /// Sessions ending in a breakdown (the hazard struck).
    public var breakdown: Share
    /// Sessions reaching the deadline without agreement.
    public var deadlineReached: Share
    /// Sessions a party walked away from.
    public var walkAway: Share
    /// Sessions ended by a failure of a negotiator or mediator.
    public var failure: Share
    /// Agreements by round, for every round from 1 to the last round with an agreement.
    public var agreementsByRound: [RoundAgreements]
    /// Each party's utility for the result, over all sessions, in party order.
    public var utilities: [Quartiles]
    /// Each party's utility over the sessions that ended in agreement, in party order.
    public var agreementUtilities: [Quartiles]
    /// The rounds used, over all sessions.
    public var rounds: Quartiles
    /// Per issue, in the space's order, when the traces announce settled issues; empty otherwise.
    public var settlements: [IssueSettlement]
    /// Whether every session drew the scenario's assumptions within their ranges.
    public var assumptionsVaried = false
    /// Per issue in the space's order, how many agreements chose each option (in option order);
    /// empty for an issue of more than 1,000 options.
    public var agreedOptions: [[Int]]
    /// The issues' names, in the space's order.
    public var issues: [String]
    /// Each issue's option labels; empty for an issue of more than 1,000 options.
    public var optionLabels: [[String]]

    init(setup: SessionSetup, seed: UInt64, batches: [EnsembleBatch]) {
        let scenario = setup.scenario
        let partyCount = scenario.parties.count
        let issueCount = scenario.space.issues.count
        let total = batches.reduce(0) { $0 + $1.count }
        self.scenario = scenario.name
        parties = scenario.parties.map(\.name)
        sessions = total
        self.seed = seed
        let talks = scenario.talks
        deadline =
            talks.agenda.mode == .sequential && !talks.agenda.tracks.isEmpty
            ? talks.agenda.tracks.reduce(0) { $0 + ($1.rounds ?? talks.rounds) } : talks.rounds
        var counts = [Int](repeating: 0, count: 5)
        var byRound: [Int: Int] = [:]
        var perParty = [[Double]](repeating: [], count: partyCount)
        var agreedPerParty = [[Double]](repeating: [], count: partyCount)
        var roundsUsed: [Double] = []
        var settledCount = [Int](repeating: 0, count: issueCount)
        var firstCount = [Int](repeating: 0, count: issueCount)
        var settleRounds = [[Double]](repeating: [], count: issueCount)
        var anySettled = false
        // Counted for issues of at most 1,000 options (a real or integer range may have millions).
        var agreedCounts = scenario.space.issues.map { [Int](repeating: 0, count: $0.count <= 1000 ? $0.count : 0) }
        for batch in batches {
            for session in 0..<batch.count {
                let reason = Int(batch.reasons[session])
                counts[reason] += 1
                roundsUsed.append(Double(batch.rounds[session]))
                if reason == 0 { byRound[Int(batch.rounds[session]), default: 0] += 1 }
                for party in 0..<partyCount {
                    let value = batch.utilities[session * partyCount + party]
                    perParty[party].append(value)
                    if reason == 0 { agreedPerParty[party].append(value) }
                }
                let row = session * issueCount
                for issue in 0..<issueCount {
                    let option = Int(batch.agreed[row + issue])
                    if agreedCounts[issue].indices.contains(option) { agreedCounts[issue][option] += 1 }
                }
                var earliest = Int32.max
                for issue in 0..<issueCount where batch.settled[row + issue] > 0 {
                    earliest = min(earliest, batch.settled[row + issue])
                }
                for issue in 0..<issueCount where batch.settled[row + issue] > 0 {
                    anySettled = true
                    settledCount[issue] += 1
                    settleRounds[issue].append(Double(batch.settled[row + issue]))
                    if batch.settled[row + issue] == earliest { firstCount[issue] += 1 }
                }
            }
        }
        agreement = Share(count: counts[0], of: total)
        breakdown = Share(count: counts[1], of: total)
        deadlineReached = Share(count: counts[2], of: total)
        walkAway = Share(count: counts[3], of: total)
        failure = Share(count: counts[4], of: total)
        var cumulative = 0
        agreementsByRound = (1..<((byRound.keys.max() ?? 0) + 1)).map { round in
            cumulative += byRound[round] ?? 0
            return RoundAgreements(
                round: round, agreements: byRound[round] ?? 0, cumulativeProbability: Double(cumulative) / Double(max(total, 1)))
        }
        utilities = perParty.map(Quartiles.init)
        agreementUtilities = agreedPerParty.map(Quartiles.init)
        rounds = Quartiles(roundsUsed)
        agreedOptions = agreedCounts
        issues = scenario.space.issues.map(\.name)
        optionLabels = scenario.space.issues.map { issue in issue.count <= 1000 ? (0..<issue.count).map { issue.label(at: $0) } : [] }
        settlements =
            anySettled
            ? (0..<issueCount).map { issue in
                IssueSettlement(
                    issue: scenario.space.issues[issue].name, settled: Share(count: settledCount[issue], of: total),
                    first: Share(count: firstCount[issue], of: total), medianRound: Quartiles(settleRounds[issue]).median)
            } : []
    }
}
