/// How much one assumption moves the chance of a deal: the share of agreements with the
/// assumption at each end of its range and every other number at the scenario's value.
public struct AssumptionSwing: Hashable, Sendable {
    /// The assumption moved.
    public var assumption: Assumption
    /// Its value in the scenario.
    public var base: Double
    /// Agreements with the assumption at the low end of its range.
    public var atLow: EnsembleSummary.Share
    /// Agreements with the assumption at the high end of its range.
    public var atHigh: EnsembleSummary.Share

    /// How far the chance of agreement moves between the two ends (a probability, 0 to 1).
    public var swing: Double { abs(atHigh.probability - atLow.probability) }
}

/// One-at-a-time sensitivity of the chance of agreement to a scenario's assumptions, the bars of
/// a tornado chart.
public struct AssumptionSensitivity: Hashable, Sendable {
    /// The most sessions run at each end of each assumption.
    public static let defaultSessions = 2000

    /// Sessions run at each end of each assumption (and for the baseline).
    public var sessions: Int
    /// Agreements with every assumption at the scenario's value, over the same sessions.
    public var baseline: EnsembleSummary.Share
    /// One swing per assumption, the largest first (ties in the scenario's order).
    public var swings: [AssumptionSwing]

    /// Moves each of `setup`'s assumptions to each end of its range, running `sessions` sessions
    /// with the seeds of an ensemble from `seed` at both ends: the same seeds everywhere, so a
    /// difference between the ends comes from the assumption, not from the draw of seeds.
    /// `progress` is called with the number of sessions finished and the number to run.
    public static func measure(
        setup: SessionSetup, sessions: Int, seed: UInt64, jobs: Int,
        progress: (@Sendable (_ finished: Int, _ total: Int) -> Void)? = nil
    ) async throws(SessionError) -> AssumptionSensitivity {
        let assumptions = setup.scenario.assumptions
        let total = sessions * (1 + 2 * assumptions.count)
        var finished = 0
        func agreements(_ scenarioSetup: SessionSetup) async throws(SessionError) -> EnsembleSummary.Share {
            let done = finished
            let summary = try await SessionEnsemble(setup: scenarioSetup, sessions: sessions, seed: seed).run(jobs: jobs) { count in
                progress?(done + count, total)
            }
            finished += sessions
            return summary.agreement
        }
        let baseline = try await agreements(setup)
        var swings: [AssumptionSwing] = []
        for assumption in assumptions {
            var low = setup
            assumption.apply(assumption.low, to: &low.scenario)
            var high = setup
            assumption.apply(assumption.high, to: &high.scenario)
            swings.append(
                AssumptionSwing(
                    assumption: assumption, base: assumption.value(in: setup.scenario) ?? .nan, atLow: try await agreements(low),
                    atHigh: try await agreements(high)))
        }
        let ranked = swings.enumerated().sorted { ($0.element.swing, -$0.offset) > ($1.element.swing, -$1.offset) }.map(\.element)
        return AssumptionSensitivity(sessions: sessions, baseline: baseline, swings: ranked)
    }
}
