import Foundation
import ParleyForecast
import ParleyReports
import Testing

@Suite("DEU III validation")
struct DEUValidationTests {
    @Test("the extract has 351 scoreable issues and reproduces the two published figures")
    func knownFigures() async throws {
        let dataset = try DEUDataset.load(from: ForecastFixtures.deu3.path)
        #expect(dataset.rowCount == 364)
        #expect(dataset.issues.count == 351)
        let results = await DEUBacktest.evaluate(dataset, Array(DEUBacktest.standardPredictors(rounds: 5).prefix(3)))
        #expect(ForecastReport.fixed(results[0].all) == "23.64")  // salience-weighted mean
        #expect(ForecastReport.fixed(results[1].all) == "23.63")  // unweighted mean
        #expect(ForecastReport.fixed(results[2].all) == "28.37")  // median of positions
    }

    @Test("the split keeps every proposal on one side")
    func split() throws {
        let dataset = try DEUDataset.load(from: ForecastFixtures.deu3.path)
        let split = dataset.split
        #expect(split.training.count + split.test.count == dataset.issues.count)
        #expect(Set(split.training.map(\.proposal)).isDisjoint(with: Set(split.test.map(\.proposal))))
    }
}
