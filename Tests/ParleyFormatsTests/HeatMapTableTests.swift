import ParleyReports
import Testing

/// The strategy × opponent heat map of tournament pages.
@Suite("Heat map table")
struct HeatMapTableTests {
    @Test("shades run from the lowest value (white) to the highest (blue); missing cells stay blank; labels are escaped")
    func shades() {
        let map = HeatMapTable(rows: ["a<b", "c"], columns: ["x", "y"], values: [[0.2, 0.8], [nil, 0.5]], corner: "strategy \\ opponent")
        #expect(map.shade(of: 0.2) == 0)
        #expect(map.shade(of: 0.8) == 1)
        #expect(abs(map.shade(of: 0.5) - 0.5) < 1e-12)
        let html = map.html
        #expect(html.contains("<th>a&lt;b</th>"))
        #expect(html.contains("<td></td>"))
        #expect(html.contains("background: rgb(255, 255, 255)\">0.200</td>"))
        #expect(html.contains("background: rgb(49, 99, 181)\">0.800</td>"))
        #expect(HeatMapTable(rows: ["a"], columns: ["x"], values: [[0.4]]).shade(of: 0.4) == 0)
    }
}
