/// Walks the outcome space in index order like an odometer, keeping every party's utility up to
/// date incrementally: moving to the next outcome re-adds only the terms of the issues whose
/// option changed, so the usual step costs one add per party. Nothing is allocated per outcome.
///
/// The walk is split into *runs*: all outcomes that share the options of every issue but the
/// last. `forEachRun` hands over the run's base utilities (all issues but the last) and the
/// caller adds the last issue's terms, which keeps the innermost loop free of bookkeeping.
struct OutcomeEnumerator {
    let radices: [Int]
    let utilities: [CompiledUtility]

    init(space: OutcomeSpace, utilities: [CompiledUtility]) {
        self.radices = space.radices
        self.utilities = utilities
    }

    /// The weighted terms of the last issue, party after party (`parties * lastRadix` values).
    var lastIssueTerms: [Double] {
        let last = radices.count - 1
        return utilities.flatMap { utility in (0..<radices[last]).map { utility.term(issue: last, option: $0) } }
    }

    /// Calls `body(options, base)` for every run, in outcome-index order: `options` holds the
    /// options of every issue (the last one 0) and `base` the utility of the issues before the
    /// last, per party. Returns early when `body` returns false.
    func forEachRun(_ body: (_ options: [Int], _ base: UnsafeMutablePointer<Double>) -> Bool) {
        let k = radices.count
        let d = utilities.count
        if radices.contains(0) { return }
        var options = [Int](repeating: 0, count: k)
        // partial[level * d + party]: the utility of issues 0..<level under the current options.
        var partial = [Double](repeating: 0, count: (k + 1) * d)
        partial.withUnsafeMutableBufferPointer { p in
            let prefix = p.baseAddress!
            func refresh(from level: Int) {
                guard level < k - 1 else { return }
                for issue in level..<(k - 1) {
                    for party in 0..<d {
                        prefix[(issue + 1) * d + party] =
                            prefix[issue * d + party] + utilities[party].term(issue: issue, option: options[issue])
                    }
                }
            }
            refresh(from: 0)
            while true {
                if !body(options, prefix + (k - 1) * d) { return }
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
}
