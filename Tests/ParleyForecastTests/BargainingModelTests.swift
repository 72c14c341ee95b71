import Foundation
import ParleyForecast
import ParleyTestSupport
import Testing

@Suite("Procedural and Nash bargaining models, and the learned combination")
struct BargainingModelTests {
    typealias Voter = LegislativeProcedureModel.Voter

    @Test("unanimity: the setter gets the point closest to it that every member prefers to the status quo")
    func unanimity() {
        // Status quo 50; members at 60, 70, 90 accept up to 70, 90 and 130: the most they all accept is 70.
        let council = [Voter(position: 60, votes: 1), Voter(position: 70, votes: 1), Voter(position: 90, votes: 1)]
        let model = LegislativeProcedureModel(setter: 100, council: council, quota: 1, referencePoint: 50)
        #expect(model.passing == 50...70)
        #expect(model.outcome == 70)
        // A setter inside the passing range gets its own position.
        #expect(LegislativeProcedureModel(setter: 65, council: council, quota: 1, referencePoint: 50).outcome == 65)
        // A member on the other side of the status quo blocks every move away from it.
        let blocked = council + [Voter(position: 40, votes: 1)]
        #expect(LegislativeProcedureModel(setter: 100, council: blocked, quota: 1, referencePoint: 50).outcome == 50)
    }

    @Test("a qualified majority: the pivot is the member whose votes complete the quota; a chamber's veto cuts further")
    func qualifiedMajority() {
        // Status quo 0. Upper ends 2p: 20 (3 votes), 60 (3 votes), 100 (4 votes). A quota of 7 of 10 votes
        // needs the members at 50 and 30: 60 is as far as it goes.
        let council = [Voter(position: 10, votes: 3), Voter(position: 30, votes: 3), Voter(position: 50, votes: 4)]
        let model = LegislativeProcedureModel(setter: 100, council: council, quota: 0.7, referencePoint: 0)
        #expect(model.outcome == 60)
        // Exactly 70 % is enough.
        #expect(LegislativeProcedureModel(setter: 100, council: council, quota: 0.7, referencePoint: 0).passing.upperBound == 60)
        // A chamber at 20 accepts up to 40.
        #expect(LegislativeProcedureModel(setter: 100, council: council, quota: 0.7, chamber: 20, referencePoint: 0).outcome == 40)
        // Moving down is refused by everyone: all sit above the status quo.
        #expect(LegislativeProcedureModel(setter: -30, council: council, quota: 0.7, referencePoint: 0).outcome == 0)
    }

    @Test("Nash bargaining: symmetric actors meet halfway; a large cost of disagreement gives the weighted mean")
    func nash() {
        func issue(_ actors: [(Double, Double)]) -> ForecastIssue {
            ForecastIssue(
                name: "x", scale: 0...100, salienceScale: 0...1,
                stakeholders: actors.enumerated().map {
                    Stakeholder(name: "a\($0.offset)", capability: 1, position: $0.element.0, salience: $0.element.1)
                },
                uncertainty: Uncertainty(position: 0, salience: 0, capability: 0))
        }
        let symmetric = issue([(20, 1), (80, 1)])
        let halfway = NashBargainingModel(disagreementCost: 100, referencePoint: 50).run(symmetric).forecast
        #expect(abs(halfway - 50) < 1e-9)
        let lopsided = issue([(20, 1), (80, 3)])
        let mean = CompromiseModel().run(lopsided).forecast
        let far = NashBargainingModel(disagreementCost: 1e9, referencePoint: 50).run(lopsided).forecast
        #expect(abs(far - mean) < 0.01)
        // Close to the status quo the weaker actor's loss limit binds: the solution stays nearer 50 than the mean.
        let near = NashBargainingModel(disagreementCost: 25, referencePoint: 50).run(lopsided).forecast
        #expect(near > 50 && near < mean)
        #expect(NashBargainingModel(disagreementCost: 100, referencePoint: nil).run(lopsided).forecast == mean)
    }

    @Test("the cross-validation never sees an issue's own outcome when predicting it")
    func noLeak() throws {
        let dataset = try DEUDataset.load(from: Fixtures.deu3.path)
        let predictions = DEUCombination.predictions(dataset)
        let grid = DEUCombination.weightGrid(4)
        #expect(grid.count == 1771 && grid.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-9 })
        let before = DEUCombination.outOfFoldPredictions(predictions, grid: grid)
        // Scramble the outcomes of fold 3: its own predictions must not move, the others' may.
        var scrambled = predictions
        for issue in scrambled.outcomes.indices where scrambled.proposals[issue] % DEUCombination.folds == 3 {
            scrambled.outcomes[issue] = 100 - scrambled.outcomes[issue]
        }
        let after = DEUCombination.outOfFoldPredictions(scrambled, grid: grid)
        let fold = predictions.outcomes.indices.filter { predictions.proposals[$0] % DEUCombination.folds == 3 }
        #expect(!fold.isEmpty)
        for issue in fold {
            #expect(before.combination[issue] == after.combination[issue])
            #expect(before.nash[issue] == after.nash[issue])
        }
        #expect(before.combination != after.combination)
    }

    @Test("on DEU III the procedure applies where there is a reference point, and nothing beats the compromise model by more than noise")
    func deu() throws {
        let result = DEUCombination.evaluate(try DEUDataset.load(from: Fixtures.deu3.path))
        #expect((240...252).contains(result.procedureApplies))
        let compromise = try #require(result.rows.first)
        #expect(abs(compromise.crossValidated - 23.21) < 0.01)
        #expect(compromise.paired.meanDifference == 0)
        for row in result.rows.dropFirst() {
            // What the docs report: no model is better than the compromise model by two standard errors.
            #expect(row.paired.meanDifference > -2 * row.paired.standardError, "\(row.name)")
        }
    }
}
