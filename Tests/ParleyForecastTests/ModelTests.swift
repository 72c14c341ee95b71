import Parley
import ParleyForecast
import ParleySupport
import Testing

@Suite("Stakeholder models")
struct ModelTests {
    @Test("the weighted median is the textbook median with equal weights and follows weight otherwise")
    func weightedMedian() {
        #expect(PositionSummary.median([4, 1, 3, 2], weights: [1, 1, 1, 1]) == 2.5)
        #expect(PositionSummary.median([1, 2, 3], weights: [1, 1, 1]) == 2)
        #expect(PositionSummary.median([0, 50, 100], weights: [1, 1, 5]) == 100)
        #expect(PositionSummary.median([0, 50, 100], weights: [0, 0, 0]) == 50)
    }

    @Test("the compromise model weights positions by capability × salience")
    func compromise() throws {
        let issue = try ForecastFixtures.emissionsIssue()
        // Σ c s x / Σ c s on the published table.
        #expect(abs(CompromiseModel().run(issue).forecast - 7.38996) < 1e-4)
        #expect(WeightedMedianModel().run(issue).forecast == 7)
    }

    @Test("paper and swapped: probabilities of a pair add to one and expected utilities vanish between equal positions")
    func firstRound() throws {
        let issue = try ForecastFixtures.emissionsIssue()
        let detail = ExpectedUtilityModel(options: .init(reading: .swapped)).firstRoundDetail(issue)
        let positions = issue.stakeholders.map(\.position)
        for i in positions.indices {
            for j in positions.indices where i != j {
                if positions[i] != positions[j] {
                    #expect(abs(detail.probability[i][j] + detail.probability[j][i] - 1) < 1e-12)
                } else {
                    #expect(abs(detail.expectedUtility[i][j]) < 1e-12)
                }
            }
        }
        #expect(detail.reference == 7)
        // Risk exponents span [0.5, 2]: the most and least vulnerable actors sit at the ends.
        #expect(abs((detail.risk.min() ?? 0) - 0.5) < 1e-12)
        #expect(abs((detail.risk.max() ?? 0) - 2) < 1e-12)
    }

    @Test("paper and swapped: probabilities match the paper's vote sums on random tables with ties")
    func probabilitiesMatchVotes() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<40 {
            let count = 2 + generator.uniform(below: 12)
            let actors = (0..<count).map { index in
                Stakeholder(
                    name: "a\(index)", capability: generator.unit() * 10, position: Double(generator.uniform(below: 6)) * 20,
                    salience: generator.unit())
            }
            let issue = ForecastIssue(name: "random", scale: 0...100, stakeholders: actors)
            let detail = ExpectedUtilityModel(options: .init(reading: .paper)).firstRoundDetail(issue)
            for i in 0..<count {
                for j in 0..<count where i != j && actors[i].position != actors[j].position {
                    var positive = 0.0
                    var total = 0.0
                    for k in actors {
                        let vote = k.weight * (abs(k.position - actors[j].position) - abs(k.position - actors[i].position)) / 100
                        if vote > 0 { positive += vote }
                        total += abs(vote)
                    }
                    #expect(abs(detail.probability[i][j] - (total > 0 ? positive / total : 0.5)) < 1e-9)
                }
            }
        }
    }

    @Test("the security sign swaps who is risk-averse")
    func securitySign() throws {
        let issue = try ForecastFixtures.emissionsIssue()
        let vulnerability = ExpectedUtilityModel().firstRoundDetail(issue).risk
        let security = ExpectedUtilityModel(options: .init(security: .security)).firstRoundDetail(issue).risk
        for (a, b) in zip(vulnerability, security) { #expect(abs(a * b - 1) < 1e-9) }  // r(−R) = 1 / r(R)
    }

    @Test("the expected-utility model is deterministic, stays on the scale and records every round")
    func expectedUtilityRun() throws {
        let issue = try ForecastFixtures.emissionsIssue()
        let model = ExpectedUtilityModel()
        let trace = model.run(issue, rounds: 12)
        #expect(trace == model.run(issue, rounds: 12))
        #expect(trace.rounds.count == trace.forecasts.count)
        #expect(trace.rounds[0].positions == issue.stakeholders.map(\.position))
        #expect(trace.forecasts == model.forecasts(issue, rounds: 12))
        for round in trace.rounds { #expect(round.positions.allSatisfy { (4...10).contains($0) }) }
    }

    @Test("paper and swapped: two actors at one position never move, and the run stops")
    func noChallengeWithoutDisagreement() {
        let issue = ForecastIssue(
            name: "flat", scale: 0...10,
            stakeholders: [
                Stakeholder(name: "A", capability: 1, position: 3, salience: 0.5),
                Stakeholder(name: "B", capability: 2, position: 3, salience: 0.9),
            ])
        for reading in [ExpectedUtilityModel.Reading.paper, .swapped] {
            let trace = ExpectedUtilityModel(options: .init(reading: reading)).run(issue, rounds: 5)
            #expect(trace.rounds.count == 2)  // one round, nobody moved, stop
            #expect(trace.forecast == 3)
        }
        let all = ExpectedUtilityModel().run(issue, rounds: 5)
        #expect(all.rounds.count == 6)  // scholz-code runs every round
        #expect(all.forecast == 3)
    }

    @Test("every reading, offer rule and compromise rule keeps positions between the extremes")
    func optionsStayInside() throws {
        let issue = try ForecastFixtures.emissionsIssue()
        for reading in ExpectedUtilityModel.Reading.allCases {
            for choice in ExpectedUtilityModel.OfferChoice.allCases {
                for rule in ExpectedUtilityModel.CompromiseRule.allCases {
                    let model = ExpectedUtilityModel(
                        options: .init(
                            reading: reading, compromise: rule, offerChoice: choice, statusQuoProbability: 0.5, improvementProbability: 0.5))
                    let trace = model.run(issue, rounds: 10)
                    #expect(trace.rounds.allSatisfy { $0.positions.allSatisfy { (4...10).contains($0) } })
                }
            }
        }
    }

    @Test("Monte Carlo: a seed replays the distribution, percentiles are ordered, no spread without uncertainty")
    func monteCarlo() throws {
        var issue = try ForecastFixtures.emissionsIssue()
        let wrapper = MonteCarloForecast(model: ExpectedUtilityModel(), draws: 200, seed: 7)
        let first = wrapper.run(issue, rounds: 6)
        #expect(first == wrapper.run(issue, rounds: 6))
        #expect(first.perRound.count == 7)
        for percentiles in first.perRound { #expect(percentiles.p10 <= percentiles.median && percentiles.median <= percentiles.p90) }
        issue.uncertainty = Uncertainty(position: 0, salience: 0, capability: 0)
        let fixed = MonteCarloForecast(model: CompromiseModel(), draws: 50, seed: 7).run(issue, rounds: 0).final
        #expect(fixed.p10 == fixed.p90)
    }

    @Test("percentiles interpolate between order statistics (type 7)")
    func percentiles() {
        let values = (1...10).map(Double.init)
        let result = Percentiles(values.reversed())
        #expect(abs(result.p10 - 1.9) < 1e-12)
        #expect(result.median == 5.5)
        #expect(abs(result.p90 - 9.1) < 1e-12)
    }
}
