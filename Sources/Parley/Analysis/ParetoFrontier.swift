/// Exact Pareto frontiers: every non-dominated outcome with its utilities.
package enum ParetoFrontier {
    /// The most candidates one merge of `linearAdditive` may hold: about 500 MB for two parties.
    package static let defaultCandidateLimit = 20_000_000

    /// The frontier of linear-additive utilities, without enumerating the outcome space.
    ///
    /// With additive utilities an outcome whose option on one issue is dominated by another
    /// option of that issue is itself dominated, and the frontier of a sum of option sets is the
    /// frontier of the sum of their frontiers. So the frontier is built issue by issue: merge
    /// the frontier so far with the issue's non-dominated options, filter, go on. The work
    /// grows with the frontiers, not with the number of outcomes.
    ///
    /// The frontier can still be as large as the space (two parties with opposed utilities
    /// over two issues of a million options tie on a million lines of a million outcomes), so
    /// a merge of more than `candidateLimit` candidates (each a few words) is refused.
    /// - Throws: `AnalysisError.frontierTooLarge` at the issue whose merge exceeds the limit.
    package static func linearAdditive(
        space: OutcomeSpace, utilities: [CompiledUtility], candidateLimit: Int = defaultCandidateLimit
    ) throws(AnalysisError) -> [ScoredOutcome] {
        let d = utilities.count
        let filter = ParetoFilter(parties: d)
        var frontierUtilities = [Double](repeating: 0, count: d)
        var frontierOptions = [Int32]()
        var width = 0
        for (issue, radix) in space.radices.enumerated() {
            // The issue's own non-dominated options.
            var optionUtilities = [Double]()
            optionUtilities.reserveCapacity(radix * d)
            for option in 0..<radix {
                for party in 0..<d { optionUtilities.append(utilities[party].term(issue: issue, option: option)) }
            }
            let options = filter.survivors(
                utilities: optionUtilities, options: (0..<radix).map(Int32.init), width: 1
            ).sorted()

            let size = frontierUtilities.count / d
            let (candidates, overflow) = size.multipliedReportingOverflow(by: options.count)
            guard !overflow, candidates <= candidateLimit else {
                throw .frontierTooLarge(
                    issue: space.issues[issue].name, points: size, options: options.count, limit: candidateLimit)
            }
            var candidateUtilities = [Double]()
            var candidateOptions = [Int32]()
            candidateUtilities.reserveCapacity(size * options.count * d)
            candidateOptions.reserveCapacity(size * options.count * (width + 1))
            for point in 0..<size {
                for option in options {
                    for party in 0..<d {
                        candidateUtilities.append(frontierUtilities[point * d + party] + optionUtilities[option * d + party])
                    }
                    candidateOptions.append(contentsOf: frontierOptions[(point * width)..<(point * width + width)])
                    candidateOptions.append(Int32(option))
                }
            }
            width += 1
            let kept = filter.survivors(utilities: candidateUtilities, options: candidateOptions, width: width)
            frontierUtilities = kept.flatMap { candidateUtilities[($0 * d)..<($0 * d + d)] }
            frontierOptions = kept.flatMap { candidateOptions[($0 * width)..<($0 * width + width)] }
        }
        let size = frontierUtilities.count / d
        return (0..<size).map { point in
            ScoredOutcome(
                outcome: Outcome(frontierOptions[(point * width)..<(point * width + width)].map(Int.init)),
                utilities: Array(frontierUtilities[(point * d)..<(point * d + d)]))
        }
    }

    /// The frontier of any utilities, by visiting every outcome of the space. Only for spaces
    /// small enough to walk; memory grows with the frontier, not with the space.
    package static func enumerated(space: OutcomeSpace, utilities: [CompiledUtility]) -> [ScoredOutcome] {
        let d = utilities.count
        let layout = RunLayout(radices: space.radices, utilities: utilities)
        let lastRadix = layout.lastRadix
        let hasConstraints = utilities.contains { !$0.constraints.isEmpty }
        var frontier = [Double]()  // flat utilities, stride d
        var outcomes = [[Int]]()
        var point = [Double](repeating: 0, count: d)
        layout.withWalk(over: 0..<layout.runCount) { walk in
            walk.forEachRun { base, lastTerms, options in
                for last in 0..<lastRadix {
                    options[options.count - 1] = last
                    for party in 0..<d {
                        point[party] = base[party] + lastTerms[party * lastRadix + last]
                        if hasConstraints { point[party] += utilities[party].constraintUtility(of: options) }
                    }
                    // Outcomes arrive in index order, so a coinciding point already kept wins.
                    let kept = frontier.withUnsafeBufferPointer { f in
                        point.withUnsafeBufferPointer { p in
                            for index in 0..<outcomes.count {
                                let other = f.baseAddress! + index * d
                                if dominates(other, p.baseAddress!, count: d) || coincides(other, p.baseAddress!, count: d) {
                                    return false
                                }
                            }
                            return true
                        }
                    }
                    if kept {
                        var index = outcomes.count - 1
                        while index >= 0 {
                            let dominated = frontier.withUnsafeBufferPointer { f in
                                point.withUnsafeBufferPointer { dominates($0.baseAddress!, f.baseAddress! + index * d, count: d) }
                            }
                            if dominated {
                                frontier.removeSubrange((index * d)..<(index * d + d))
                                outcomes.remove(at: index)
                            }
                            index -= 1
                        }
                        frontier.append(contentsOf: point)
                        outcomes.append(options)
                    }
                }
            }
        }
        return outcomes.indices.map { ScoredOutcome(outcome: Outcome(outcomes[$0]), utilities: Array(frontier[($0 * d)..<($0 * d + d)])) }
    }
}
