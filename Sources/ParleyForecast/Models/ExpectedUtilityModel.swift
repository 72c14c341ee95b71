import Foundation

/// Bueno de Mesquita's expected-utility model of group decisions, as reconstructed in public by
/// Scholz, Calbert & Smith (2011, "Unravelling Bueno de Mesquita's group decision model",
/// Journal of Theoretical Politics 23(4)), written from the paper's equations.
///
/// Each round, on positions rescaled to [0, 1]:
/// 1. the reference point μ (the weighted median, by default);
/// 2. votes `v_k(i,j) = c_k s_k (|x_k − x_j| − |x_k − x_i|)` and the probability that i beats j,
///    `P_ij = Σ_{v_k>0} v_k / Σ |v_k|`;
/// 3. utilities with risk exponent r: `U_s = 2 − 4(0.5 − 0.5|x_i − x_j|)^r`,
///    `U_f = 2 − 4(0.5 + 0.5|x_i − x_j|)^r`, `U_b = 2 − 4(0.5 − 0.25(|x_i − μ| + |x_i − x_j|))^r`,
///    `U_w = 2 − 4(0.5 + 0.25(|x_i − μ| + |x_i − x_j|))^r`, `U_sq = 2 − 4(0.5)^r`;
/// 4. the expected utility of i challenging j,
///    `E_ij = s_j(P_ij U_s + (1 − P_ij) U_f) + (1 − s_j) U_s − Q U_sq − (1 − Q)(T U_b + (1 − T) U_w)`,
///    first with r = 1;
/// 5. risk: `R_i = (2 S_i − S_max − S_min)/(S_max − S_min)` from each actor's security term
///    S_i, then `r_i = (1 − R_i/3)/(1 + R_i/3)` in [0.5, 2], and step 4 again with r_i;
/// 6. offers: i challenges j when `E_ij > 0`; with `E_ji > 0` too it is a conflict that the
///    larger expected utility wins (the loser moves to the winner); otherwise, in the `paper`
///    reading (eq. 35 as printed), j compromises when `E_ij > |E_ji|`, moving the share
///    `|E_ji / E_ij|` toward x_i, and capitulates (moves to x_i) when `E_ij < |E_ji|`; the
///    `swapped` reading exchanges the two regions and inverts the share;
/// 7. each actor takes one of the offers it received; all move at once.
///
/// The paper leaves points open; each is an `Options` field, documented there with the
/// default and why. Information is complete: j's expected utility is the one j computes.
/// The `scholzCode` reading instead follows Scholz, Calbert & Smith's code, where these steps
/// differ in five places (`ScholzCodeState` and docs/forecast.md list them).
public struct ExpectedUtilityModel: StakeholderModel {
    /// The readings of the points the paper leaves open.
    public var options: Options

    /// The model with `options` (the defaults of docs/forecast.md unless given).
    public init(options: Options = Options()) {
        self.options = options
    }

    /// `eu`.
    public var name: String { "eu" }

    /// The choices that make the reconstruction runnable.
    public struct Options: Hashable, Sendable {
        /// Which reading of the published reconstruction to run. Default `.scholzCode`, the one
        /// that reproduces the published per-round figures (docs/forecast.md). `.scholzCode`
        /// fixes every other choice as that code does and ignores the fields below except
        /// `security` and `forecast`.
        public var reading: Reading
        /// Sign of the security term in the risk index. Default `.vulnerability`.
        public var security: SecurityTerm
        /// Where a compromise lands. Default `.targetMovesShare`.
        public var compromise: CompromiseRule
        /// How an actor picks among the offers it received. Default `.smallestMove`.
        public var offerChoice: OfferChoice
        /// Q: the probability the status quo holds when i does not challenge j. Default 1.
        public var statusQuoProbability: Double
        /// T: the probability that, if things change anyway, they move toward i. Default 1
        /// (irrelevant while Q = 1).
        public var improvementProbability: Double
        /// When to stop before the round limit. Default `.noMovement(tolerance: 1e-9)`.
        public var stopping: StoppingRule
        /// The reference point μ in U_b and U_w. Default `.weightedMedian`.
        public var reference: Summary
        /// What the forecast of a round is. Default `.weightedMedian`.
        public var forecast: Summary

        /// The defaults: each is justified in docs/forecast.md.
        public init(
            reading: Reading = .scholzCode, security: SecurityTerm = .vulnerability, compromise: CompromiseRule = .targetMovesShare,
            offerChoice: OfferChoice = .smallestMove, statusQuoProbability: Double = 1, improvementProbability: Double = 1,
            stopping: StoppingRule = .noMovement(tolerance: 1e-9), reference: Summary = .weightedMedian,
            forecast: Summary = .weightedMedian
        ) {
            self.reading = reading
            self.security = security
            self.compromise = compromise
            self.offerChoice = offerChoice
            self.statusQuoProbability = statusQuoProbability
            self.improvementProbability = improvementProbability
            self.stopping = stopping
            self.reference = reference
            self.forecast = forecast
        }
    }

    /// The readings of the model that differ in how votes, expected utilities and offers work.
    public enum Reading: String, Hashable, Sendable, CaseIterable {
        /// As Scholz, Calbert & Smith's code does it, reconstructed by the public replication
        /// jmckib/bdm-scholz-expected-utility-model: win probabilities over the votes on every
        /// ordered pair, votes with each voter's risk exponent, offers judged by the receiver
        /// with its own exponent, compromise and conflict regions as in that code, offers
        /// chosen by type. Every round is run; the forecast after k rounds is the mean of the
        /// forecast summary over rounds 1…k, since the positions cycle rather than settle.
        case scholzCode = "scholz-code"
        /// The paper's equations, with eq. 35's regions as printed: j compromises when
        /// `E_ij > |E_ji|`, moving the share `|E_ji / E_ij|` toward `x_i`, and capitulates
        /// when `E_ij < |E_ji|`. The other options apply.
        case paper
        /// The paper's equations with eq. 35's compromise and capitulation regions swapped and
        /// the share inverted (Parley's earlier reading, kept for the DEU III backtest).
        case swapped
    }

    /// The security term S_i in the risk index.
    public enum SecurityTerm: String, Hashable, Sendable, CaseIterable {
        /// `S_i = Σ_j E_ji`: what the others expect to gain by challenging i. A vulnerable
        /// position gives R near 1, r near 0.5: the actor is read as risk-acceptant, since it
        /// chose a position others find worth attacking.
        case vulnerability
        /// `S_i = −Σ_j E_ji`: the opposite sign, read as security; a vulnerable actor becomes risk-averse.
        case security
    }

    /// Where j lands when it compromises with i, with `f = |E_ij / E_ji|` in [0, 1].
    public enum CompromiseRule: String, Hashable, Sendable, CaseIterable {
        /// `x_j + f (x_i − x_j)`: j moves the share f of the gap toward i, so the more i expects
        /// to gain relative to j's loss, the further j moves.
        case targetMovesShare
        /// `x_i + f (x_j − x_i)`: the share f of the gap is what j keeps.
        case targetKeepsShare
    }

    /// Which of its offers an actor accepts.
    public enum OfferChoice: String, Hashable, Sendable, CaseIterable {
        /// The offer that moves it least (its best offer under utilities that fall with distance).
        case smallestMove
        /// The offer backed by the largest expected utility of its sender (the most pressing threat).
        case largestThreat
        /// The offer from the sender with the largest capability × salience.
        case strongestSender
    }

    /// When the bargaining ends before the round limit.
    public enum StoppingRule: Hashable, Sendable {
        /// Always run the round limit.
        case allRounds
        /// Stop when no actor moves more than `tolerance` (a share of the scale) in a round.
        case noMovement(tolerance: Double)
        /// Stop when the forecast has moved less than `tolerance` (a share of the scale) for `rounds` rounds.
        case stableForecast(rounds: Int, tolerance: Double)
    }

    /// A weighted summary of positions (weights: capability × salience).
    public enum Summary: String, Hashable, Sendable, CaseIterable {
        /// `PositionSummary.median`.
        case weightedMedian
        /// `PositionSummary.mean`.
        case weightedMean
    }

    /// Bargains for at most `rounds` rounds, fewer when `options.stopping` ends it, recording the
    /// positions of every round.
    public func run(_ issue: ForecastIssue, rounds: Int) -> ForecastTrace {
        var trace: [ForecastRound] = []
        let forecasts = bargain(issue, rounds: rounds) { trace.append($0) }
        return ForecastTrace(model: name, rounds: trace, forecasts: forecasts)
    }

    /// The forecasts `run` gives, without recording positions.
    public func forecasts(_ issue: ForecastIssue, rounds: Int) -> [Double] {
        bargain(issue, rounds: rounds, observe: nil)
    }

    /// Runs the rounds, calling `observe` (when given) after the opening and after every round; returns the forecasts.
    private func bargain(_ issue: ForecastIssue, rounds: Int, observe: ((ForecastRound) -> Void)?) -> [Double] {
        if options.reading == .scholzCode {
            var state = ScholzCodeState(issue: issue, options: options)
            return state.bargain(rounds: rounds, observe: observe)
        }
        var state = EUState(issue: issue, options: options)
        observe?(state.record())
        var forecasts = [state.forecast()]
        forecasts.reserveCapacity(rounds + 1)
        var stableRounds = 0
        for _ in 0..<max(rounds, 0) {
            let moved = state.step()
            observe?(state.record())
            forecasts.append(state.forecast())
            switch options.stopping {
            case .allRounds: continue
            case .noMovement(let tolerance):
                if moved <= tolerance { return forecasts }
            case .stableForecast(let needed, let tolerance):
                let change = abs(forecasts[forecasts.count - 1] - forecasts[forecasts.count - 2]) / issue.width
                stableRounds = change <= tolerance ? stableRounds + 1 : 0
                if stableRounds >= needed { return forecasts }
            }
        }
        return forecasts
    }

    /// One round's inner quantities, for tests and for readers who want to check the equations.
    public struct RoundDetail: Hashable, Sendable {
        /// μ, in the issue's units.
        public var reference: Double
        /// `probability[i][j]`: P_ij, the probability that i beats j.
        public var probability: [[Double]]
        /// `expectedUtility[i][j]`: E_ij with the round's risk exponents.
        public var expectedUtility: [[Double]]
        /// The risk exponents r_i.
        public var risk: [Double]
    }

    /// The quantities of the first round from the opening table.
    public func firstRoundDetail(_ issue: ForecastIssue) -> RoundDetail {
        if options.reading == .scholzCode {
            var state = ScholzCodeState(issue: issue, options: options)
            return state.firstRoundDetail()
        }
        var state = EUState(issue: issue, options: options)
        state.evaluate()
        let n = state.count
        return RoundDetail(
            reference: issue.scale.lowerBound + state.mu * issue.width,
            probability: (0..<n).map { i in (0..<n).map { j in i == j ? 0 : state.probability[i * n + j] } },
            expectedUtility: (0..<n).map { i in (0..<n).map { j in i == j ? 0 : state.utility[i * n + j] } },
            risk: state.risk)
    }
}

/// The working arrays of one run: flat n×n tables, reused every round.
private struct EUState {
    let options: ExpectedUtilityModel.Options
    let lower: Double
    let width: Double
    let count: Int
    let salience: [Double]
    let weight: [Double]
    var x: [Double]
    var mu = 0.0
    var probability: [Double]
    var utility: [Double]
    var risk: [Double]
    var next: [Double]
    // Scratch for the distinct-position probability table.
    var distinct: [Double] = []
    var distinctWeight: [Double] = []
    var classOf: [Int]
    var order: [Int]
    var table: [Double] = []
    var terms: [Double]
    // log(0.5 − 0.5 d) and log(0.5 + 0.5 d) per pair: r only scales them, so each round takes
    // one log per pair and one exp per use instead of a pow per use.
    var logNear: [Double]
    var logFar: [Double]
    var prefixWeight: [Double] = []
    var prefixMoment: [Double] = []
    var cachedSummary: (kind: ExpectedUtilityModel.Summary, value: Double)?

    init(issue: ForecastIssue, options: ExpectedUtilityModel.Options) {
        self.options = options
        lower = issue.scale.lowerBound
        width = issue.width
        count = issue.stakeholders.count
        salience = issue.stakeholders.map(\.salience)
        weight = issue.stakeholders.map(\.weight)
        x = issue.stakeholders.map { ($0.position - issue.scale.lowerBound) / issue.width }
        probability = Array(repeating: 0, count: count * count)
        utility = Array(repeating: 0, count: count * count)
        risk = Array(repeating: 1, count: count)
        next = x
        classOf = Array(repeating: 0, count: count)
        order = Array(0..<count)
        terms = Array(repeating: 0, count: count)
        logNear = Array(repeating: 0, count: count * count)
        logFar = Array(repeating: 0, count: count * count)
    }

    func summary(_ kind: ExpectedUtilityModel.Summary) -> Double {
        kind == .weightedMedian ? PositionSummary.median(x, weights: weight) : PositionSummary.mean(x, weights: weight)
    }

    /// The forecast of the current positions; remembered so the next round's reference point
    /// reuses it when both are the same summary.
    mutating func forecast() -> Double {
        let value = summary(options.forecast)
        cachedSummary = (options.forecast, value)
        return lower + value * width
    }

    func record() -> ForecastRound {
        ForecastRound(
            positions: x.map { lower + $0 * width },
            median: lower + PositionSummary.median(x, weights: weight) * width,
            mean: lower + PositionSummary.mean(x, weights: weight) * width)
    }

    /// Steps 1–5: μ, probabilities, risk exponents and the expected utilities with them.
    mutating func evaluate() {
        if let cached = cachedSummary, cached.kind == options.reference { mu = cached.value } else { mu = summary(options.reference) }
        computeProbabilities()
        for i in 0..<count { risk[i] = 1 }
        computeUtilities()
        computeRisk()
        computeLogarithms()
        computeUtilities()
    }

    /// Steps 1–7; returns the largest move of any actor, as a share of the scale.
    mutating func step() -> Double {
        evaluate()
        resolveOffers()
        var moved = 0.0
        cachedSummary = nil
        for i in 0..<count {
            moved = max(moved, abs(next[i] - x[i]))
            x[i] = next[i]
        }
        return moved
    }

    /// P_ij over the distinct positions: actors at one position share their votes.
    mutating func computeProbabilities() {
        distinct.removeAll(keepingCapacity: true)
        distinctWeight.removeAll(keepingCapacity: true)
        let positions = x
        order.sort { positions[$0] < positions[$1] }
        for index in order {
            if let last = distinct.last, last == x[index] {
                distinctWeight[distinctWeight.count - 1] += weight[index]
            } else {
                distinct.append(x[index])
                distinctWeight.append(weight[index])
            }
            classOf[index] = distinct.count - 1
        }
        let m = distinct.count
        table.removeAll(keepingCapacity: true)
        table.append(contentsOf: repeatElement(0.5, count: m * m))
        // Prefix sums of weight and weight × position over the sorted distinct positions turn
        // the sum over voters into a closed form: for x_a < x_b, voters at or left of x_a give
        // a the full distance D, voters at or right of x_b give it to b, and a voter between
        // gives |x_a + x_b − 2 x_k| to the nearer side.
        prefixWeight.removeAll(keepingCapacity: true)
        prefixMoment.removeAll(keepingCapacity: true)
        prefixWeight.append(0)
        prefixMoment.append(0)
        for k in 0..<m {
            prefixWeight.append(prefixWeight[k] + distinctWeight[k])
            prefixMoment.append(prefixMoment[k] + distinctWeight[k] * distinct[k])
        }
        let totalWeight = prefixWeight[m]
        for a in 0..<m {
            var split = a + 1
            for b in (a + 1)..<max(m, a + 1) {
                let (xa, xb) = (distinct[a], distinct[b])
                let sum = xa + xb
                while split < b && 2 * distinct[split] < sum { split += 1 }
                let gap = xb - xa
                let forA =
                    gap * prefixWeight[a + 1] + sum * (prefixWeight[split] - prefixWeight[a + 1])
                    - 2 * (prefixMoment[split] - prefixMoment[a + 1])
                let forB =
                    gap * (totalWeight - prefixWeight[b]) + 2 * (prefixMoment[b] - prefixMoment[split])
                    - sum * (prefixWeight[b] - prefixWeight[split])
                let total = max(forA, 0) + max(forB, 0)
                if total > 0 {
                    table[a * m + b] = max(forA, 0) / total
                    table[b * m + a] = max(forB, 0) / total
                }
            }
        }
        for i in 0..<count {
            for j in 0..<count { probability[i * count + j] = table[classOf[i] * m + classOf[j]] }
        }
    }

    /// log(0.5 ∓ 0.5 d_ij) for every pair (−∞ for a zero base, which exp turns back into 0).
    mutating func computeLogarithms() {
        for i in 0..<count {
            for j in (i + 1)..<max(count, i + 1) {
                let distance = abs(x[i] - x[j])
                let near = log(0.5 - 0.5 * distance)
                let far = log(0.5 + 0.5 * distance)
                logNear[i * count + j] = near
                logNear[j * count + i] = near
                logFar[i * count + j] = far
                logFar[j * count + i] = far
            }
        }
    }

    /// E_ij for every ordered pair with the current risk exponents.
    ///
    /// Unsafe buffers here and in `resolveOffers`: the Monte Carlo backtest runs this loop
    /// ~10⁸ times, and the checked accesses to the state's arrays made it twice as slow
    /// (`parley forecast --backtest … --draws 1000`: 42 s → about 20 s of CPU).
    mutating func computeUtilities() {
        let q = options.statusQuoProbability
        let t = options.improvementProbability
        let n = count
        let mu = mu
        x.withUnsafeBufferPointer { x in
            salience.withUnsafeBufferPointer { salience in
                risk.withUnsafeBufferPointer { risk in
                    probability.withUnsafeBufferPointer { probability in
                        logNear.withUnsafeBufferPointer { logNear in
                            logFar.withUnsafeBufferPointer { logFar in
                                utility.withUnsafeMutableBufferPointer { utility in
                                    for i in 0..<n {
                                        let r = risk[i]
                                        let linear = r == 1
                                        let statusQuo = 2 - 4 * raise(0.5, r)
                                        let toReference = abs(x[i] - mu)
                                        let row = i * n
                                        for j in 0..<n where j != i {
                                            let distance = abs(x[i] - x[j])
                                            let success = 2 - 4 * (linear ? 0.5 - 0.5 * distance : exp(r * logNear[row + j]))
                                            let failure = 2 - 4 * (linear ? 0.5 + 0.5 * distance : exp(r * logFar[row + j]))
                                            let p = probability[row + j]
                                            var value =
                                                salience[j] * (p * success + (1 - p) * failure) + (1 - salience[j]) * success - q * statusQuo
                                            if q < 1 {
                                                let spread = 0.25 * (toReference + distance)
                                                let better = 2 - 4 * raise(0.5 - spread, r)
                                                let worse = 2 - 4 * raise(0.5 + spread, r)
                                                value -= (1 - q) * (t * better + (1 - t) * worse)
                                            }
                                            utility[row + j] = value
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// R_i from the security terms, then r_i = (1 − R_i/3)/(1 + R_i/3).
    mutating func computeRisk() {
        for i in 0..<count {
            var sum = 0.0
            for j in 0..<count where j != i { sum += utility[j * count + i] }
            terms[i] = options.security == .vulnerability ? sum : -sum
        }
        let high = terms.max() ?? 0
        let low = terms.min() ?? 0
        for i in 0..<count {
            let index = high > low ? (2 * terms[i] - high - low) / (high - low) : 0
            risk[i] = (1 - index / 3) / (1 + index / 3)
        }
    }

    /// Step 6 and 7: every actor takes one offer, if it has any.
    mutating func resolveOffers() {
        let n = count
        let choice = options.offerChoice
        let keepsShare = options.compromise == .targetKeepsShare
        let paper = options.reading == .paper
        x.withUnsafeBufferPointer { x in
            weight.withUnsafeBufferPointer { weight in
                utility.withUnsafeBufferPointer { utility in
                    next.withUnsafeMutableBufferPointer { next in
                        for j in 0..<n {
                            let here = x[j]
                            var found = false
                            var bestPosition = here
                            var bestMove = 0.0
                            var bestPressure = 0.0
                            var bestStrength = 0.0
                            for i in 0..<n where i != j && x[i] != here {
                                let challenge = utility[i * n + j]
                                guard challenge > 0 else { continue }
                                let response = utility[j * n + i]
                                let landing: Double
                                if response > 0 {
                                    guard challenge > response else { continue }  // j wins this conflict
                                    landing = x[i]
                                } else if paper {
                                    // Eq. 35 as printed: compromise when E_ij > |E_ji|, by the share |E_ji / E_ij|.
                                    if challenge > -response {
                                        let share = -response / challenge
                                        landing = keepsShare ? x[i] + share * (here - x[i]) : here + share * (x[i] - here)
                                    } else {
                                        landing = x[i]  // j capitulates
                                    }
                                } else if challenge > -response {
                                    landing = x[i]  // j capitulates
                                } else {
                                    let share = challenge / -response
                                    landing = keepsShare ? x[i] + share * (here - x[i]) : here + share * (x[i] - here)
                                }
                                let move = abs(landing - here)
                                let strength = weight[i]
                                let better: Bool
                                if !found {
                                    better = true
                                } else {
                                    switch choice {
                                    case .smallestMove: better = move < bestMove || (move == bestMove && challenge > bestPressure)
                                    case .largestThreat: better = challenge > bestPressure || (challenge == bestPressure && move < bestMove)
                                    case .strongestSender: better = strength > bestStrength || (strength == bestStrength && move < bestMove)
                                    }
                                }
                                if better {
                                    found = true
                                    bestPosition = landing
                                    bestMove = move
                                    bestPressure = challenge
                                    bestStrength = strength
                                }
                            }
                            next[j] = bestPosition
                        }
                    }
                }
            }
        }
    }
}

/// `base^exponent` for base in [0, 1] with the common exponent 1 exact and cheap.
@inline(__always)
private func raise(_ base: Double, _ exponent: Double) -> Double {
    if exponent == 1 { return base }
    return base > 0 ? pow(base, exponent) : 0
}
