import Parley
import ParleyForecast
import ParleySupport
import Testing

@Suite("Stakeholder tables")
struct StakeholderTableTests {
    @Test("a table with directives reads its issues, scales and uncertainty")
    func readsIssues() throws {
        let table = try StakeholderTable.parse(
            csv: #"""
                # issue: enrichment
                # scale: 0..60
                # salience-scale: 0..100
                # uncertainty: position 2, salience 10, capability 25%
                actor,capability,position,salience,source
                United States,100,0,90,"the article, ""all enrichment"""
                Iran,30,60,95,assumption

                # issue: scope
                # scale: 0..100
                actor,capability,position,salience
                United States,100,100,70
                Iran,30,0,80
                """#, file: "t.csv")
        #expect(table.issues.map(\.name) == ["enrichment", "scope"])
        let enrichment = table.issues[0]
        #expect(enrichment.scale == 0...60)
        #expect(enrichment.stakeholders[0].salience == 0.9)
        #expect(enrichment.uncertainty == Uncertainty(position: 2, salience: 0.1, capability: 0.25))
        #expect(table.issues[1].salienceScale == 0...100)  // inherited
        #expect(table.issues[1].uncertainty.position == 5)  // the default: 5 % of the scale
    }

    @Test(
        "bad rows name the line, the row and the column",
        arguments: [
            ("actor,capability,position,salience\nA,1,50,0.5\nB,1,,0.5", "t.csv:4: row (B), column 'position': missing value"),
            (
                "actor,capability,position,salience\nA,1,50,0.5\nB,1,50,1.5",
                "t.csv:4: row (B), column 'salience': 1.5 is outside its scale 0.0..1.0 (declare '# salience-scale: 0..100' for percentages)"
            ),
            (
                "actor,capability,position,salience\nA,1,50,0.5\nB,1,150,0.5",
                "t.csv:4: row (B), column 'position': 150.0 is outside the scale 0.0..100.0"
            ),
            ("actor,capability,position,salience\nA,1,50,0.5\nB,x,50,0.5", "t.csv:4: row (B), column 'capability': 'x' is not a number"),
            ("actor,capability,position,salience\nA,1,50,0.5", "t.csv:1: issue 'solo' has 1 actor; a stakeholder model needs at least two"),
            ("actor,capability,position,salience\nA,1,50,0.5\nA,1,40,0.5", "t.csv:4: row (A), column 'actor': the actor already has a row on line 3"),
        ])
    func badRows(body: String, message: String) {
        let prefix = message.contains("'solo'") ? "# issue: solo\n# scale: 0..100\n" : "# scale: 0..100\n"
        // Line 1 (and 2) hold the directives, so the header is line 2 or 3.
        let error = #expect(throws: FormatError.self) { try StakeholderTable.parse(csv: prefix + body, file: "t.csv") }
        #expect(error?.description == message)
    }

    @Test("an issue over the actor limit, and a table over the row limit, are refused at the first row too many")
    func sizeLimits() {
        func rows(_ count: Int, from first: Int = 0) -> String {
            (first..<first + count).map { "actor\($0),1,50,0.5" }.joined(separator: "\n")
        }
        let header = "# issue: big\n# scale: 0..100\nactor,capability,position,salience\n"
        let limit = StakeholderTable.actorLimit
        #expect(throws: Never.self) { try StakeholderTable.parse(csv: header + rows(limit), file: "t.csv") }
        let error = #expect(throws: FormatError.self) { try StakeholderTable.parse(csv: header + rows(limit + 1), file: "t.csv") }
        #expect(error?.description.hasPrefix("t.csv:\(limit + 4): issue 'big' has more than \(limit) actors, the limit") == true)
        // Many issues of the largest size: the table's total is bounded as well.
        let issues = StakeholderTable.rowLimit / limit + 1
        let table = (0..<issues).map {
            "# issue: i\($0)\n" + (($0 == 0) ? "# scale: 0..100\nactor,capability,position,salience\n" : "") + rows(limit)
        }
        let total = #expect(throws: FormatError.self) { try StakeholderTable.parse(csv: table.joined(separator: "\n"), file: "t.csv") }
        #expect(total?.description.contains("the table has more than \(StakeholderTable.rowLimit) rows, the limit") == true)
    }

    @Test("a table without a scale is refused")
    func scaleRequired() {
        #expect(throws: FormatError(file: "t.csv", line: 2, "no scale declared for this issue: add '# scale: LOW..HIGH' above the rows")) {
            try StakeholderTable.parse(csv: "actor,capability,position,salience\nA,1,50,0.5\nB,1,40,0.5", file: "t.csv")
        }
    }

    @Test("the same table inside a YAML scenario reads the same, with the YAML file's lines")
    func yamlBlock() throws {
        let yaml = """
            name: test
            forecast:
              stakeholders: |
                # scale: 0..100
                actor,capability,position,salience
                A,1,50,0.5
                B,1,40,0.5
            """
        let table = try StakeholderTable.parse(yaml: yaml, file: "s.yaml")
        #expect(table.issues[0].stakeholders.map(\.position) == [50, 40])
        #expect(throws: FormatError(file: "s.yaml", line: 7, "row (B), column 'salience': missing value")) {
            try StakeholderTable.parse(yaml: yaml.replacing("B,1,40,0.5", with: "B,1,40,"), file: "s.yaml")
        }
    }
}
