import Foundation
import ParleyForecast
import ParleyTestSupport

/// The DEU III extract and small tables the forecast tests share.
enum ForecastFixtures {
    static let deu3 = Fixtures.deu3

    static let emissions = Fixtures.emissionsTable

    static func emissionsIssue() throws -> ForecastIssue {
        try StakeholderTable.parse(csv: emissions, file: "emissions.csv").issues[0]
    }
}
