import Parley
import ParleyTestSupport
import Testing

@Suite("Assumptions and sensitivity")
struct AssumptionTests {
    /// Two parties on three issues with a linear hazard and weights that sum to 1.
    static func scenario(seed: UInt64 = 3) -> Scenario {
        var scenario = RandomScenarios.linear(seed: seed, issues: 3, parties: 2)
        scenario.talks.hazard = .linear(start: 0.02, end: 0.1)
        return scenario
    }

    @Test("a weight moves and the party's other weights share what is left in their old proportions")
    func weight() throws {
        var scenario = Self.scenario()
        let before = scenario.parties[0].profile.utility.weights
        let assumption = Assumption(name: "w", target: .weight(party: 0, issue: 1), low: 0, high: 1)
        assumption.apply(0.5, to: &scenario)
        let after = scenario.parties[0].profile.utility.weights
        #expect(after[1] == 0.5)
        #expect(abs(after.reduce(0, +) - before.reduce(0, +)) < 1e-12)
        // The others keep their ratio.
        #expect(abs(after[0] / after[2] - before[0] / before[2]) < 1e-9)
        #expect(assumption.value(in: scenario) == 0.5)
    }

    @Test("reservation, breakdown, option values and the hazard factor land where they say")
    func targets() throws {
        var scenario = Self.scenario()
        Assumption(name: "r", target: .reservation(party: 1), low: 0, high: 1).apply(0.42, to: &scenario)
        Assumption(name: "b", target: .breakdown(party: 0), low: 0, high: 1).apply(0.07, to: &scenario)
        Assumption(name: "v", target: .value(party: 1, issue: 2, option: 0), low: 0, high: 1).apply(0.33, to: &scenario)
        Assumption(name: "h", target: .hazardFactor, low: 0, high: 3).apply(2, to: &scenario)
        #expect(scenario.parties[1].profile.reservationValue == 0.42)
        #expect(scenario.parties[0].profile.breakdownValue == 0.07)
        #expect(scenario.parties[1].profile.utility.valuations[2].value(of: 0, in: scenario.issues[2]) == 0.33)
        #expect(scenario.talks.hazard == .linear(start: 0.04, end: 0.2))
        #expect(BreakdownHazard.steps([.init(from: 3, probability: 0.6)]).scaled(by: 2).probability(round: 4, of: 10) == 1)
    }

    @Test("a range must hold the scenario's value, lie in the admissible values and name something that exists")
    func problems() {
        let scenario = Self.scenario()
        let reservation = scenario.parties[0].profile.reservationValue
        #expect(Assumption(name: "ok", target: .reservation(party: 0), low: 0, high: 1).problem(in: scenario) == nil)
        #expect(Assumption(name: "x", target: .reservation(party: 0), low: reservation + 0.01, high: 1).problem(in: scenario) != nil)
        #expect(Assumption(name: "x", target: .reservation(party: 0), low: 0, high: 1.5).problem(in: scenario) != nil)
        #expect(Assumption(name: "x", target: .reservation(party: 0), low: 0.9, high: 0.1).problem(in: scenario) != nil)
        #expect(Assumption(name: "x", target: .reservation(party: 5), low: 0, high: 1).problem(in: scenario) != nil)
        #expect(Assumption(name: "x", target: .admitAtRisk(hold: 0), low: 0, high: 1).problem(in: scenario) != nil)
        #expect(Assumption(name: "x", target: .hazardFactor, low: 0.5, high: .infinity).problem(in: scenario) != nil)
        #expect(Assumption(name: "x", target: .hazardFactor, low: 1.2, high: 2).problem(in: scenario) != nil)
    }

    @Test("varying assumptions keeps each session's seed, is deterministic, and changes the outcomes")
    func variedEnsemble() async throws {
        var scenario = Self.scenario(seed: 8)
        scenario.assumptions = [
            Assumption(name: "r0", target: .reservation(party: 0), low: 0, high: 0.9),
            Assumption(name: "r1", target: .reservation(party: 1), low: 0, high: 0.9),
        ]
        let setup = try SessionSetup(scenario: scenario, protocol: .alternatingOffers, rounds: 40, negotiatorList: ["boulware", "linear"])
        let plain = SessionEnsemble(setup: setup, sessions: 200, seed: 11)
        let varied = SessionEnsemble(setup: setup, sessions: 200, seed: 11, variesAssumptions: true)
        #expect(plain.setup(ofSession: 3) == setup)
        let drawn = (0..<20).map { varied.setup(ofSession: $0).scenario.parties[0].profile.reservationValue }
        #expect(Set(drawn).count == 20)
        #expect(drawn.allSatisfy { (0...0.9).contains($0) })
        #expect(varied.seed(ofSession: 7) == plain.seed(ofSession: 7))
        let one = try await varied.run(jobs: 1)
        let two = try await varied.run(jobs: 3)
        #expect(one == two)
        #expect(one.assumptionsVaried)
        let base = try await plain.run(jobs: 2)
        #expect(!base.assumptionsVaried)
        #expect(one.utilities != base.utilities)
    }

    @Test("sensitivity: the risk of a collapse decides, a value the negotiators never look at does not; the largest swing comes first")
    func tornado() async throws {
        var scenario = RandomScenarios.linear(seed: 5, issues: 3, parties: 2)
        scenario.parties[0].profile.reservationValue = 0
        scenario.parties[1].profile.reservationValue = 0
        scenario.talks.hazard = .linear(start: 0.02, end: 0.1)
        scenario.assumptions = [
            // Time-based negotiators never look at their value of a collapse.
            Assumption(name: "collapse", target: .breakdown(party: 1), low: 0, high: 0.2),
            // From no risk at all to a collapse certain by the deadline.
            Assumption(name: "risk", target: .hazardFactor, low: 0, high: 10),
        ]
        let setup = try SessionSetup(scenario: scenario, protocol: .alternatingOffers, rounds: 30, negotiatorList: ["linear"])
        let sensitivity = try await AssumptionSensitivity.measure(setup: setup, sessions: 40, seed: 2, jobs: 2)
        #expect(sensitivity.sessions == 40)
        #expect(sensitivity.swings.map(\.assumption.name) == ["risk", "collapse"])
        let risk = sensitivity.swings[0]
        #expect(risk.base == 1)
        #expect(risk.atLow.count == 40)
        #expect(risk.atHigh.count < sensitivity.baseline.count && sensitivity.baseline.count < 40)
        #expect(risk.swing == risk.atLow.probability - risk.atHigh.probability)
        let collapse = sensitivity.swings[1]
        #expect(collapse.swing == 0 && collapse.atLow == sensitivity.baseline)
        let again = try await AssumptionSensitivity.measure(setup: setup, sessions: 40, seed: 2, jobs: 1)
        #expect(again == sensitivity)
    }
}
