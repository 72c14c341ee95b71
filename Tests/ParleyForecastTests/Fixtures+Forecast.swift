import Foundation
import ParleyForecast
import ParleyTestSupport

/// The DEU III extract and small tables the forecast tests share.
enum ForecastFixtures {
    static let deu3 = Fixtures.deu3

    /// BDM (1994) EU car-emission issue as tabulated by Scholz, Calbert & Smith (2011, Table 1):
    /// years until standards apply, 4–10; capability; salience 0–100.
    static let emissions = """
        # issue: emissions
        # summary: Years until emission standards for medium-sized cars apply (BDM 1994)
        # scale: 4..10
        # salience-scale: 0..100
        actor,capability,position,salience
        Netherlands,0.08,4,80
        Belgium,0.08,7,40
        Luxembourg,0.03,4,20
        Germany,0.16,4,80
        France,0.16,10,60
        Italy,0.16,10,60
        UK,0.16,10,90
        Ireland,0.05,7,10
        Denmark,0.05,4,100
        Greece,0.08,7,70
        """

    static func emissionsIssue() throws -> ForecastIssue {
        try StakeholderTable.parse(csv: emissions, file: "emissions.csv").issues[0]
    }
}
