import Foundation

/// The expected-utility model as Scholz, Calbert & Smith's code runs it, after the public
/// replication jmckib/bdm-scholz-expected-utility-model (commit 55f63e9f), which reproduces the
/// per-round medians of their 2011 Table 2 on Bueno de Mesquita's EC car-emissions example.
///
/// Where it differs from the paper's equations:
/// - (a) the probability that i beats j divides the positive votes for i over j by the sum of
///   |votes| of every voter over every ordered pair of actors, not over the pair (i, j);
/// - (b) after the risk step, each voter raises distances to its own risk exponent when voting;
/// - (c) an offer is judged by its receiver j, which computes both E_ij and E_ji with its own
///   exponent;
/// - (d) j compromises when `E_ij > 0 > E_ji` and `E_ij > |E_ji|`, moving the share
///   `|E_ji / E_ij|` toward x_i, and loses a conflict (moves to x_i) when `E_ij > E_ji > 0`.
///   The code's capitulation test (`E_ij < |E_ij|`) can never hold, so an offer with
///   `E_ij > 0 > E_ji` and `E_ij < |E_ji|` is dropped; this reading drops it too;
/// - (e) j takes a lost conflict if it has one (the least move), else the compromise with the
///   lowest `(|E_ji| x_j + |E_ij| x_i) / (|E_ij| + |E_ji|)`; ties go to the first actor.
///
/// Distances are shares of the issue's scale (the replication uses the span of the opening
/// positions, which is the scale on the EC table). Q = 1: the status quo holds when no one
/// challenges. Positions stay in the issue's units so that equal positions stay exactly equal.
struct ScholzCodeState {
    let options: ExpectedUtilityModel.Options
    let width: Double
    let count: Int
    let salience: [Double]
    let weight: [Double]
    var x: [Double]
    var risk: [Double]
    /// `probability[i * count + j]`: the probability that i beats j (0 between equal positions).
    var probability: [Double]
    /// `powered[k * count + a]`: `(|x_k − x_a| / width)^r_k`, k's distance to a as k votes.
    var powered: [Double]

    init(issue: ForecastIssue, options: ExpectedUtilityModel.Options) {
        self.options = options
        width = issue.width
        count = issue.stakeholders.count
        salience = issue.stakeholders.map(\.salience)
        weight = issue.stakeholders.map(\.weight)
        x = issue.stakeholders.map(\.position)
        risk = Array(repeating: 1, count: count)
        probability = Array(repeating: 0, count: count * count)
        powered = Array(repeating: 0, count: count * count)
    }

    /// Runs every round (no early stop), calling `observe` after the opening and each round.
    /// The forecast after k ≥ 1 rounds is the mean of the per-round summaries of rounds 1…k.
    mutating func bargain(rounds: Int, observe: ((ForecastRound) -> Void)?) -> [Double] {
        observe?(record())
        var forecasts = [summary()]
        forecasts.reserveCapacity(rounds + 1)
        var total = 0.0
        for round in 0..<max(rounds, 0) {
            step()
            observe?(record())
            total += summary()
            forecasts.append(total / Double(round + 1))
        }
        return forecasts
    }

    func summary() -> Double {
        options.forecast == .weightedMedian ? PositionSummary.median(x, weights: weight) : PositionSummary.mean(x, weights: weight)
    }

    func record() -> ForecastRound {
        ForecastRound(positions: x, median: PositionSummary.median(x, weights: weight), mean: PositionSummary.mean(x, weights: weight))
    }

    /// (a), (b): every pair's probability from the current positions and exponents. The vote of
    /// k for actor a over actor b is `w_k (d_kb^r_k − d_ka^r_k)`, with each `d^r` computed once.
    mutating func computeProbabilities() {
        let n = count
        for k in 0..<n {
            for a in 0..<n { powered[k * n + a] = pow(abs(x[k] - x[a]) / width, risk[k]) }
        }
        var all = 0.0
        for k in 0..<n {
            let row = k * n
            for a in 0..<n {
                for b in 0..<n { all += abs(weight[k] * (powered[row + b] - powered[row + a])) }
            }
        }
        for i in 0..<n {
            for j in 0..<n {
                var positive = 0.0
                if x[i] != x[j] {
                    for k in 0..<n { positive += max(0, weight[k] * (powered[k * n + j] - powered[k * n + i])) }
                }
                probability[i * n + j] = x[i] == x[j] || all == 0 ? 0 : positive / all
            }
        }
    }

    /// (c): the expected utility of i challenging j, as `judge` computes it with its own exponent.
    func expectedUtility(_ i: Int, challenging j: Int, judgedBy judge: Int) -> Double {
        let r = risk[judge]
        let gap = 0.5 * abs(x[i] - x[j]) / width
        let success = 2 - 4 * pow(0.5 - gap, r)
        let failure = 2 - 4 * pow(0.5 + gap, r)
        let statusQuo = 2 - 4 * pow(0.5, r)
        let p = probability[i * count + j]
        return salience[j] * (p * success + (1 - p) * failure) + (1 - salience[j]) * success - statusQuo
    }

    /// The risk step: every exponent from the threats each actor faces with all exponents at 1.
    mutating func computeRisk() {
        for k in 0..<count { risk[k] = 1 }
        computeProbabilities()
        var terms = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var sum = 0.0
            for j in 0..<count where j != i { sum += expectedUtility(j, challenging: i, judgedBy: i) }
            terms[i] = options.security == .vulnerability ? sum : -sum
        }
        let high = terms.max() ?? 0
        let low = terms.min() ?? 0
        for i in 0..<count {
            // The code divides by zero when every term is equal; no spread reads as neutral risk.
            let index = high > low ? (2 * terms[i] - high - low) / (high - low) : 0
            risk[i] = (1 - index / 3) / (1 + index / 3)
        }
        computeProbabilities()
    }

    /// One round: the risk step, then every actor takes its best offer, all at once.
    mutating func step() {
        computeRisk()
        var next = x
        for j in 0..<count {
            var conflict: (position: Double, move: Double)?
            var compromise: (position: Double, key: Double)?
            for i in 0..<count where x[i] != x[j] {
                let challenge = expectedUtility(i, challenging: j, judgedBy: j)
                let response = expectedUtility(j, challenging: i, judgedBy: j)
                if challenge > response && response > 0 {
                    let move = abs(x[j] - x[i])
                    if move < (conflict?.move ?? .infinity) { conflict = (x[i], move) }
                } else if challenge > 0 && response < 0 && challenge > abs(response) {
                    let position = x[j] + (x[i] - x[j]) * abs(response / challenge)
                    let key = (abs(response) * x[j] + abs(challenge) * x[i]) / (abs(response) + abs(challenge))
                    if key < (compromise?.key ?? .infinity) { compromise = (position, key) }
                }
            }
            if let conflict {
                next[j] = conflict.position
            } else if let compromise {
                next[j] = compromise.position
            }
        }
        x = next
    }

    /// The quantities of the first round, for `ExpectedUtilityModel.firstRoundDetail`.
    mutating func firstRoundDetail() -> ExpectedUtilityModel.RoundDetail {
        computeRisk()
        let n = count
        return ExpectedUtilityModel.RoundDetail(
            reference: PositionSummary.median(x, weights: weight),
            probability: (0..<n).map { i in (0..<n).map { j in i == j ? 0 : probability[i * n + j] } },
            expectedUtility: (0..<n).map { i in (0..<n).map { j in i == j ? 0 : expectedUtility(i, challenging: j, judgedBy: i) } },
            risk: risk)
    }
}
