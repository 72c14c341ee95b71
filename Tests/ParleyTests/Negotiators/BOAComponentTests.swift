import Parley
import ParleySupport
import ParleyTestSupport
import Testing

/// Each BOA component against its published definition (Baarslag et al. 2014, "Decoupling
/// negotiating agents to explore the space of negotiation strategies"; Baarslag, Hindriks &
/// Jonker 2011, "Acceptance conditions in automated negotiation").
@Suite("BOA components")
struct BOAComponentTests {
    func input(_ offer: Double, time: Double = 0.5, next: Double = 0.8, previous: Double? = nil, received: [ReceivedOffer] = [])
        -> AcceptanceInput
    {
        AcceptanceInput(offerUtility: offer, time: time, nextOwnUtility: next, previousOwnUtility: previous, received: received)
    }

    @Test("AC_next(α, β) accepts exactly when α·u(x_opp) + β ≥ u(x_next)")
    func acceptNext() {
        #expect(AcceptNext().accepts(input(0.8, next: 0.8)))
        #expect(!AcceptNext().accepts(input(0.79, next: 0.8)))
        // α = 1.02, β = 0: 1.02 × 0.79 = 0.8058 ≥ 0.8.
        #expect(AcceptNext(scale: 1.02, margin: 0).accepts(input(0.79, next: 0.8)))
        #expect(!AcceptNext(scale: 1.02, margin: 0).accepts(input(0.78, next: 0.8)))
        // α = 1, β = 0.125 (binary fractions, so the sums are exact).
        #expect(AcceptNext(scale: 1, margin: 0.125).accepts(input(0.75, next: 0.875)))
        #expect(!AcceptNext(scale: 1, margin: 0.125).accepts(input(0.74, next: 0.875)))
    }

    @Test("AC_prev compares with its own previous offer and never accepts before it made one")
    func acceptPrevious() {
        #expect(!AcceptPrevious().accepts(input(1, previous: nil)))
        #expect(AcceptPrevious().accepts(input(0.6, next: 0.9, previous: 0.6)))
        #expect(!AcceptPrevious().accepts(input(0.59, next: 0.1, previous: 0.6)))
        #expect(AcceptPrevious(scale: 1, margin: 0.05).accepts(input(0.55, previous: 0.6)))
    }

    @Test("AC_const(c) and AC_time(T) and AC_last")
    func constantTimeLast() {
        #expect(AcceptConstant(0.7).accepts(input(0.7)))
        #expect(!AcceptConstant(0.7).accepts(input(0.69, next: 0)))
        #expect(AcceptTime(0.9).accepts(input(0, time: 0.9)))
        #expect(!AcceptTime(0.9).accepts(input(1, time: 0.89)))
        var last = input(0.3, time: 1)
        last.reservationValue = 0.3
        #expect(AcceptLast().accepts(last))
        last.offerUtility = 0.29
        #expect(!AcceptLast().accepts(last))
        last.offerUtility = 1
        last.time = 0.99
        #expect(!AcceptLast().accepts(last))
    }

    @Test("AC_combi(T, MAX^W) looks back over W = [t − (1 − t), t]; AVG^W takes the mean")
    func combination() {
        let history = [
            ReceivedOffer(time: 0.5, utility: 0.9),  // outside the window at t = 0.9 (W = [0.8, 0.9])
            ReceivedOffer(time: 0.8, utility: 0.4), ReceivedOffer(time: 0.85, utility: 0.6), ReceivedOffer(time: 0.9, utility: 0.5),
        ]
        #expect(AcceptCombination.windowValue(history, time: 0.9, summary: .maximum) == 0.6)
        let average = AcceptCombination.windowValue(history, time: 0.9, summary: .average) ?? 0
        #expect(abs(average - 0.5) < 1e-12)
        let maximum = AcceptCombination(deadline: 0.9)
        #expect(maximum.accepts(input(0.6, time: 0.9, next: 0.95, received: history)))
        #expect(!maximum.accepts(input(0.59, time: 0.9, next: 0.95, received: history)))
        // Before T only AC_next applies.
        #expect(!AcceptCombination(deadline: 0.95).accepts(input(0.7, time: 0.9, next: 0.95, received: history)))
        #expect(AcceptCombination(deadline: 0.95).accepts(input(0.95, time: 0.9, next: 0.95, received: history)))
        #expect(AcceptCombination(deadline: 0.9, summary: .average).accepts(input(0.5, time: 0.9, next: 0.95, received: history)))
        #expect(!AcceptCombination(deadline: 0.9, summary: .average).accepts(input(0.49, time: 0.9, next: 0.95, received: history)))
    }

    @Test("GENIUS's time-dependent curve: p(t) = Pmin + (Pmax − Pmin)(1 − k − (1 − k) t^(1/e))")
    func concessionCurve() {
        let curve = ConcessionCurve(exponent: 0.5, initialConcession: 0.1, minimum: 0.4, maximum: 0.9)
        for t in [0, 0.25, 0.5, 0.75, 1.0] {
            let expected = 0.4 + 0.5 * (1 - (0.1 + 0.9 * t * t))
            #expect(abs(curve.target(at: t, best: 1, floor: 0) - expected) < 1e-12)
        }
        let plain = ConcessionCurve(exponent: 1)
        #expect(plain.target(at: 0, best: 0.8, floor: 0.2) == 0.8)
        #expect(plain.target(at: 1, best: 0.8, floor: 0.2) == 0.2)
        #expect(ConcessionCurve(exponent: 0).problem != nil)
        #expect(ConcessionCurve(exponent: 1, initialConcession: 2).problem != nil)
        // A separate accepting curve.
        let accepting = AcceptCurve(ConcessionCurve(exponent: 1, minimum: 0.5, maximum: 1))
        #expect(accepting.accepts(input(0.75, time: 0.5, next: 1)))
        #expect(!accepting.accepts(input(0.74, time: 0.5, next: 0)))
    }

    @Test("HardHeaded's frequency model: unchanged issues gain 0.2/n, offered options gain 1")
    func frequencyModel() {
        let space = OutcomeSpace(issues: [Issue(name: "a", options: ["0", "1", "2"]), Issue(name: "b", options: ["0", "1"])])
        var model = FrequencyOpponentModel()
        model.start(space)
        #expect(model.weights == [0.5, 0.5])
        model.update(with: Outcome([2, 0]), at: 0)
        model.update(with: Outcome([2, 1]), at: 0.1)
        // Issue a unchanged: weights (0.5 + 0.1, 0.5) / 1.1.
        #expect(abs(model.weights[0] - 0.6 / 1.1) < 1e-12)
        #expect(model.counts[0] == [1, 1, 3])
        #expect(model.counts[1] == [2, 2])
        let expected = 0.6 / 1.1 * 1 + 0.5 / 1.1 * 1
        #expect(abs(model.utility(of: Outcome([2, 0])) - expected) < 1e-12)
        #expect(model.utility(of: Outcome([2, 0])) > model.utility(of: Outcome([0, 0])))
    }

    @Test("Smith's frequency model: option count over the issue's highest, issue weight by its highest count")
    func smithModel() {
        let space = OutcomeSpace(issues: [Issue(name: "a", options: ["0", "1", "2"]), Issue(name: "b", options: ["0", "1"])])
        var model = SmithFrequencyModel()
        model.start(space)
        #expect(model.utility(of: Outcome([0, 0])) == 0)
        for options in [[2, 0], [2, 1], [2, 0], [1, 1]] { model.update(with: Outcome(options), at: 0) }
        // Highest counts: a 3 (option 2), b 2; weights 3/5 and 2/5.
        #expect(model.weights == [0.6, 0.4])
        #expect(abs(model.utility(of: Outcome([2, 0])) - (0.6 * 1 + 0.4 * 1)) < 1e-12)
        #expect(abs(model.utility(of: Outcome([1, 1])) - (0.6 / 3 + 0.4)) < 1e-12)
    }

    @Test("the Bayesian model learns the option an opponent insists on and the issue it concedes on")
    func bayesianModel() {
        let space = OutcomeSpace(issues: [
            Issue(name: "a", options: ["0", "1", "2", "3", "4"]), Issue(name: "b", options: ["0", "1", "2", "3", "4"]),
        ])
        var model = BayesianOpponentModel()
        model.start(space)
        #expect(abs(model.utility(of: Outcome([0, 0])) - model.utility(of: Outcome([4, 4]))) < 1e-12)
        // The opponent keeps a at 3 and slides b from 4 down with time.
        for step in 0..<20 {
            let time = Double(step) / 19
            model.update(with: Outcome([3, 4 - min(4, step / 4)]), at: time)
        }
        let values = model.expectedValues(of: 0)
        #expect(values.indices.max { values[$0] < values[$1] } == 3)
        #expect(model.utility(of: Outcome([3, 4])) > model.utility(of: Outcome([0, 4])))
        #expect(model.utility(of: Outcome([3, 4])) > model.utility(of: Outcome([3, 0])))
    }
}
