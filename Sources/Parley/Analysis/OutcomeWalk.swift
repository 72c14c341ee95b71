import Dispatch
import Foundation
import Synchronization

/// Walks of the whole outcome space on every core.
///
/// The space is cut into *runs* (the outcomes that share every option but the last issue's),
/// and the runs into contiguous chunks of outcome indices. Each chunk starts its own odometer
/// at its first run and keeps every party's utility up to date incrementally, exactly as
/// an odometer does for the whole space: the step to the next run re-adds only the
/// terms of the issues whose option changed, and inside a run one add per party gives each
/// outcome's utility. A chunk allocates its small state once; nothing is allocated per
/// outcome. Per-chunk results are combined in chunk order, so a result never depends on how
/// many threads ran or in what order they finished.
///
/// Utilities are summed issue by issue in issue order, the order `CompiledUtility.utility(of:)`
/// uses, so every comparison sees the very same floating-point value a brute-force evaluation
/// does.
package enum OutcomeWalk {
    /// Every active core.
    package static var defaultWorkerCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Below this many outcomes per chunk, handing work to threads costs more than it saves.
    package static let minimumChunkOutcomes = 1 << 15

    /// Counts the outcomes every party values above its reservation value: the zone of possible
    /// agreement. Evaluates `parties x outcomes` utilities on `workers` threads.
    /// `minimumChunkOutcomes` only matters to tests, which make it small to exercise chunking.
    package static func countZOPA(
        space: OutcomeSpace, utilities: [CompiledUtility], reservation: [Double], workers: Int = defaultWorkerCount,
        minimumChunkOutcomes: Int = minimumChunkOutcomes
    ) -> Int {
        let d = utilities.count
        guard let total = space.count, total > 0 else { return 0 }
        guard !space.radices.isEmpty else {
            // No issues: one outcome, worth only its constraint terms.
            return (0..<d).allSatisfy { utilities[$0].constraintUtility(of: []) > reservation[$0] } ? 1 : 0
        }
        let hasConstraints = utilities.contains { !$0.constraints.isEmpty }
        let layout = RunLayout(radices: space.radices, utilities: utilities)
        let counts = layout.mapChunks(workers: workers, minimumChunkOutcomes: minimumChunkOutcomes) { runs in
            layout.withWalk(over: runs) { walk in
                var count = 0
                if hasConstraints {
                    let length = layout.lastRadix
                    walk.forEachRun { base, terms, options in
                        for last in 0..<length {
                            options[layout.lastIssue] = last
                            var inside = 1
                            for party in 0..<d {
                                let linear = base[party] + terms[party * length + last]
                                inside &= linear + utilities[party].constraintUtility(of: options) > reservation[party] ? 1 : 0
                            }
                            count &+= inside
                        }
                    }
                } else if d == 2 {
                    let (r0, r1) = (reservation[0], reservation[1])
                    walk.forEachRun { base, terms, _ in
                        let (b0, b1) = (base[0], base[1])
                        let t0 = terms
                        let t1 = terms + layout.lastRadix
                        var inside = 0
                        for last in 0..<layout.lastRadix {
                            // Both comparisons always run (no short circuit): every utility is evaluated.
                            inside &+= (b0 + t0[last] > r0 ? 1 : 0) & (b1 + t1[last] > r1 ? 1 : 0)
                        }
                        count &+= inside
                    }
                } else if d == 3 {
                    let (r0, r1, r2) = (reservation[0], reservation[1], reservation[2])
                    walk.forEachRun { base, terms, _ in
                        let (b0, b1, b2) = (base[0], base[1], base[2])
                        let t0 = terms
                        let t1 = terms + layout.lastRadix
                        let t2 = t1 + layout.lastRadix
                        var inside = 0
                        for last in 0..<layout.lastRadix {
                            inside &+= (b0 + t0[last] > r0 ? 1 : 0) & (b1 + t1[last] > r1 ? 1 : 0) & (b2 + t2[last] > r2 ? 1 : 0)
                        }
                        count &+= inside
                    }
                } else {
                    walk.forEachRun { base, terms, _ in
                        for last in 0..<layout.lastRadix {
                            var inside = 1
                            for party in 0..<d {
                                inside &= base[party] + terms[party * layout.lastRadix + last] > reservation[party] ? 1 : 0
                            }
                            count &+= inside
                        }
                    }
                }
                return count
            }
        }
        return counts.reduce(0, &+)
    }
}

/// The shape of a walk: the runs of the space and the last issue's terms, party after party.
struct RunLayout: Sendable {
    let radices: [Int]
    let utilities: [CompiledUtility]
    /// `utilities[party].term(issue: lastIssue, option: last)` at `party * lastRadix + last`.
    let lastTerms: [Double]
    let lastIssue: Int
    let lastRadix: Int
    /// The number of runs: outcomes / lastRadix.
    let runCount: Int

    init(radices: [Int], utilities: [CompiledUtility]) {
        precondition(!radices.isEmpty)
        self.radices = radices
        self.utilities = utilities
        self.lastIssue = radices.count - 1
        self.lastRadix = radices[lastIssue]
        self.lastTerms = utilities.flatMap { utility in (0..<radices[radices.count - 1]).map { utility.term(issue: radices.count - 1, option: $0) } }
        self.runCount = radices.dropLast().reduce(1, *)
    }

    /// Cuts the runs into contiguous chunks and calls `body` on each, on up to `workers`
    /// threads; returns the results in chunk order.
    func mapChunks<Result: Sendable>(
        workers: Int, minimumChunkOutcomes: Int = OutcomeWalk.minimumChunkOutcomes, _ body: @Sendable (Range<Int>) -> Result
    ) -> [Result] {
        let outcomes = runCount * lastRadix
        let chunkCount = max(1, min(runCount, workers > 1 ? workers * 8 : 1, outcomes / max(1, minimumChunkOutcomes)))
        if chunkCount == 1 { return [body(0..<runCount)] }
        let runCount = runCount
        @Sendable func chunk(_ index: Int) -> Range<Int> {
            (runCount * index / chunkCount)..<(runCount * (index + 1) / chunkCount)
        }
        // Each chunk stores its result in its own slot; the lock is taken once per chunk.
        let results = Mutex([Result?](repeating: nil, count: chunkCount))
        DispatchQueue.concurrentPerform(iterations: chunkCount) { index in
            let value = body(chunk(index))
            results.withLock { $0[index] = value }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// Runs `body` with a walk over the runs in `runs`, its state allocated once.
    func withWalk<Result>(over runs: Range<Int>, _ body: (inout RunWalk) -> Result) -> Result {
        lastTerms.withUnsafeBufferPointer { terms in
            var walk = RunWalk(layout: self, runs: runs, lastTerms: terms.baseAddress!)
            defer { walk.deallocate() }
            return body(&walk)
        }
    }
}

/// An odometer over a contiguous range of runs.
struct RunWalk {
    let radices: [Int]
    let utilities: [CompiledUtility]
    let runs: Range<Int>
    let lastTerms: UnsafePointer<Double>
    /// The options of every issue (the last one set by the caller).
    var options: [Int]
    /// `partial[level * d + party]`: the utility of issues 0..<level under the current options.
    let partial: UnsafeMutablePointer<Double>
    let d: Int

    init(layout: RunLayout, runs: Range<Int>, lastTerms: UnsafePointer<Double>) {
        self.radices = layout.radices
        self.utilities = layout.utilities
        self.runs = runs
        self.lastTerms = lastTerms
        self.d = layout.utilities.count
        let k = layout.radices.count
        self.partial = .allocate(capacity: (k + 1) * d)
        self.partial.initialize(repeating: 0, count: (k + 1) * d)
        // The options of the first run: its index in mixed radix over the issues but the last.
        var options = [Int](repeating: 0, count: k)
        var rest = runs.lowerBound
        for issue in stride(from: k - 2, through: 0, by: -1) {
            options[issue] = rest % radices[issue]
            rest /= radices[issue]
        }
        self.options = options
    }

    func deallocate() { partial.deallocate() }

    /// Recomputes the partial sums of the issues from `level` on, up to the one before the last.
    @inline(__always)
    private func refresh(from level: Int) {
        let k = radices.count
        guard level < k - 1 else { return }
        for issue in level..<(k - 1) {
            let option = options[issue]
            for party in 0..<d {
                partial[(issue + 1) * d + party] = partial[issue * d + party] + utilities[party].term(issue: issue, option: option)
            }
        }
    }

    /// Calls `body(base, lastTerms, options)` for every run of the range in order: `base` is
    /// each party's utility of the issues before the last, `lastTerms` the last issue's terms
    /// (party after party), `options` the run's options (the caller may set the last one).
    @inline(__always)
    mutating func forEachRun(
        _ body: (_ base: UnsafePointer<Double>, _ lastTerms: UnsafePointer<Double>, _ options: inout [Int]) -> Void
    ) {
        if runs.isEmpty { return }
        let k = radices.count
        let base = UnsafePointer(partial + (k - 1) * d)
        refresh(from: 0)
        for _ in runs {
            body(base, lastTerms, &options)
            // Advance the odometer on the issues before the last.
            var level = k - 2
            while level >= 0 {
                options[level] += 1
                if options[level] < radices[level] { break }
                options[level] = 0
                level -= 1
            }
            if level < 0 { return }
            refresh(from: level)
        }
    }
}
