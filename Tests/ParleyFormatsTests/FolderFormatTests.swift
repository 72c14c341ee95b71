import Foundation
import Parley
import ParleyFormats
import ParleySupport
import ParleyTestSupport
import Testing

@Suite("GeniusWeb and NegMAS folders")
struct FolderFormatTests {
    enum Format: String, CaseIterable {
        case geniusWeb, negmasYAML, negmasJSON

        func write(_ scenario: Scenario, to folder: String) throws(FormatError) -> [String] {
            switch self {
            case .geniusWeb: try GeniusWebFormat.write(scenario, to: folder)
            case .negmasYAML: try NegMASFormat.write(scenario, to: folder, syntax: .yaml)
            case .negmasJSON: try NegMASFormat.write(scenario, to: folder, syntax: .json)
            }
        }
    }

    func temporaryFolder(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("parley-folders-\(UUID().uuidString)").appendingPathComponent(name).path
    }

    /// Up to `limit` outcomes: all of a small space, a seeded sample of a large one.
    static func outcomes(of space: OutcomeSpace, limit: Int = 300) -> [Outcome] {
        if let count = space.count, count <= limit { return (0..<count).map(space.outcome(at:)) }
        var random = SeededGenerator(seed: 7)
        return (0..<limit).map { _ in Outcome(space.issues.map { random.uniform(below: $0.count) }) }
    }

    /// The same issues, parties in the same order, and the same utility for every outcome checked.
    static func expectSameUtilities(_ back: Scenario, _ scenario: Scenario, _ context: String) {
        #expect(back.issues == scenario.issues, "\(context): issues differ")
        #expect(back.parties.map(\.name) == scenario.parties.map(\.name), "\(context): party order differs")
        guard back.issues == scenario.issues, back.parties.count == scenario.parties.count else { return }
        for outcome in outcomes(of: scenario.space) {
            for (original, read) in zip(scenario.parties, back.parties) {
                let expected = original.profile.utility.utility(of: outcome, in: scenario.space)
                let found = read.profile.utility.utility(of: outcome, in: back.space)
                if abs(expected - found) > 1e-12 {
                    Testing.Issue.record("\(context): \(original.name) values \(outcome.options) at \(found), not \(expected)")
                    return
                }
            }
        }
    }

    /// Whether a refusal names what the format cannot say: a party and an issue, or hyper-rectangles.
    static func isExplainedRefusal(_ error: FormatError) -> Bool {
        error.problem.hasPrefix("party '")
            && (error.problem.contains(", issue '") || error.problem.contains("hyper-rectangles") || error.problem.contains("weights sum"))
            || error.problem.hasPrefix("issue '")
    }

    @Test(
        "every importable GENIUS folder round-trips through GeniusWeb and NegMAS, or is refused with a reason",
        arguments: ScenarioFileTests.importable)
    func fixtureRoundTrip(folder: String) throws {
        let scenario = try GeniusImporter().importScenario(from: Fixtures.genius(folder))
        for format in Format.allCases {
            let path = temporaryFolder(folder)
            do {
                _ = try format.write(scenario, to: path)
            } catch {
                #expect(Self.isExplainedRefusal(error), "\(format) refused \(folder) without naming party and issue: \(error)")
                continue
            }
            let back = try ScenarioLoader().load(path)
            Self.expectSameUtilities(back, scenario, "\(format) \(folder)")
            if format != .geniusWeb {
                #expect(back.parties.map(\.profile.reservationValue) == scenario.parties.map(\.profile.reservationValue))
            }
        }
    }

    @Test("most fixtures are written, not refused")
    func coverage() throws {
        var written = [Format: Int]()
        for folder in ScenarioFileTests.importable {
            let scenario = try GeniusImporter().importScenario(from: Fixtures.genius(folder))
            for format in Format.allCases {
                let syntax: ScenarioFile.Syntax = format == .negmasJSON ? .json : .yaml
                let ok =
                    format == .geniusWeb
                    ? (try? GeniusWebFormat.export(scenario)) != nil : (try? NegMASFormat.export(scenario, syntax: syntax)) != nil
                if ok { written[format, default: 0] += 1 }
            }
        }
        // Known refusals: eight hyper-rectangle folders and other-IntegerDomain's clipped line in
        // every format; as GeniusWeb also the folders whose weights do not sum to 1.
        let count = ScenarioFileTests.importable.count
        #expect(written[.geniusWeb, default: 0] >= count - 16, "GeniusWeb: \(written[.geniusWeb, default: 0]) written")
        #expect(written[.negmasYAML, default: 0] == count - 9 && written[.negmasJSON, default: 0] == count - 9, "\(written)")
    }

    @Test("random linear scenarios round-trip through every folder format", arguments: 0..<20)
    func randomRoundTrip(seed: UInt64) throws {
        let scenario = RandomScenarios.linear(seed: seed, issues: 1 + Int(seed % 4), parties: 2 + Int(seed % 3))
        for format in Format.allCases {
            let path = temporaryFolder("random")
            _ = try format.write(scenario, to: path)
            let back = try ScenarioLoader().load(path)
            Self.expectSameUtilities(back, scenario, "\(format) seed \(seed)")
        }
    }

    @Test("number issues: GeniusWeb keeps integer and real ranges and their lines; NegMAS shifts the bias by the lowest value")
    func numberIssues() throws {
        let issues = [
            Issue(name: "price", domain: .integer(lower: -5, upper: 5)),
            Issue(name: "share", domain: .real(lower: 0.1, upper: 0.9, step: 0.2)),
            Issue(name: "colour", options: ["red", "blue"]),
        ]
        let a = Profile(
            utility: UtilityFunction(
                weights: [0.5, 0.25, 0.25], valuations: [.linear(slope: 0.08, offset: 0.1), .linear(slope: 1, offset: 0), .table([1, 0.5])]),
            reservationValue: 0.25, discountFactor: 0.9)
        let b = Profile(
            utility: UtilityFunction(
                weights: [0.5, 0.5, 0], valuations: [.linear(slope: -0.1, offset: 1), .linear(slope: 0, offset: 0.5), .table([0.2, 0.9])]))
        let scenario = Scenario(name: "numbers", issues: issues, parties: [.init(name: "Seller", profile: a), .init(name: "Buyer", profile: b)])
        let web = temporaryFolder("web")
        let omitted = try GeniusWebFormat.write(scenario, to: web)
        #expect(omitted.contains { $0.hasPrefix("reservation values (Seller)") } && omitted.contains { $0.hasPrefix("discounts (Seller)") })
        let files = try FileManager.default.contentsOfDirectory(atPath: web).sorted()
        #expect(files == ["1-Seller.json", "2-Buyer.json", "domain.json"])
        let back = try ScenarioLoader().load(web)
        Self.expectSameUtilities(back, scenario, "GeniusWeb numbers")

        let domainText = try String(contentsOfFile: web + "/domain.json", encoding: .utf8)
        #expect(domainText.contains("\"range\"") && domainText.contains("\"step\": 0.2"))

        // NegMAS has no grid for a real range: refused, naming the issue.
        #expect(throws: FormatError.self) { try NegMASFormat.export(scenario) }
        var integerOnly = scenario
        integerOnly.space = OutcomeSpace(issues: [issues[0], issues[2]])
        for index in integerOnly.parties.indices {
            var utility = integerOnly.parties[index].profile.utility
            utility.weights = [utility.weights[0], utility.weights[2] + utility.weights[1]]
            utility.valuations = [utility.valuations[0], utility.valuations[2]]
            integerOnly.parties[index].profile.utility = utility
        }
        let negmas = temporaryFolder("negmas")
        try NegMASFormat.write(integerOnly, to: negmas)
        let text = try String(contentsOfFile: negmas + "/1-Seller.yml", encoding: .utf8)
        // 0.08 * (x + 5) + 0.1 = 0.08 x + 0.5: NegMAS applies the line to the value itself.
        #expect(text.contains(#""bias": 0.5"#) && text.contains(#""type": "ExpDiscountedUFun""#))
        let read = try ScenarioLoader().load(negmas)
        Self.expectSameUtilities(read, integerOnly, "NegMAS integers")
        #expect(read.parties[0].profile.discountFactor == 0.9 && read.parties[0].profile.reservationValue == 0.25)
    }

    @Test("what a format would read differently is refused, naming party and issue")
    func refusals() throws {
        let issues = [Issue(name: "count", domain: .integer(lower: 0, upper: 10))]
        // 0.5 + 0.2 * 10 = 2.5: Parley clips at 1 from x = 2.5 on; neither format can bend the line.
        let bent = Profile(utility: UtilityFunction(weights: [1], valuations: [.linear(slope: 0.2, offset: 0.5)]))
        let scenario = Scenario(name: "bent", issues: issues, parties: [.init(name: "A", profile: bent), .init(name: "B", profile: bent)])
        for format in Format.allCases {
            do {
                _ = try format.write(scenario, to: temporaryFolder("bent"))
                Testing.Issue.record("\(format) wrote a clipped line")
            } catch {
                #expect(error.problem.hasPrefix("party 'A', issue 'count'"), "\(error)")
            }
        }
        let unweighted = Profile(utility: UtilityFunction(weights: [2], valuations: [.linear(slope: 0.1, offset: 0)]))
        let heavy = Scenario(name: "heavy", issues: issues, parties: [.init(name: "A", profile: unweighted), .init(name: "B", profile: unweighted)])
        #expect(throws: FormatError.self) { try GeniusWebFormat.export(heavy) }
        // NegMAS's weights need not sum to 1.
        let negmas = temporaryFolder("heavy")
        try NegMASFormat.write(heavy, to: negmas)
        Self.expectSameUtilities(try ScenarioLoader().load(negmas), heavy, "NegMAS heavy")
    }

    @Test("bad GeniusWeb and NegMAS files get one line naming the file, the line and the problem")
    func badFiles() throws {
        let scenario = RandomScenarios.linear(seed: 3, issues: 2, parties: 2)
        let web = temporaryFolder("bad-web")
        try GeniusWebFormat.write(scenario, to: web)
        let profile = web + "/1-p0.json"
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        try text.replacingOccurrences(of: "\"issueWeights\": {", with: "\"issueWeights\": {\n      \"nosuch\": 0.5,").write(
            toFile: profile, atomically: true, encoding: .utf8)
        do {
            _ = try ScenarioLoader().load(web)
            Testing.Issue.record("an unknown issue was accepted")
        } catch {
            #expect(error.file == profile && error.line != nil && error.problem.contains("unknown issue 'nosuch'"), "\(error)")
        }
        let negmas = temporaryFolder("bad-negmas")
        try NegMASFormat.write(scenario, to: negmas)
        let ufun = negmas + "/2-p1.yml"
        let yaml = try String(contentsOfFile: ufun, encoding: .utf8)
        try yaml.replacingOccurrences(of: #""type": "TableFun""#, with: #""type": "PolynomialFun""#).write(
            toFile: ufun, atomically: true, encoding: .utf8)
        do {
            _ = try ScenarioLoader().load(negmas)
            Testing.Issue.record("an unknown value function was accepted")
        } catch {
            #expect(error.file == ufun && error.line != nil && error.problem.contains("PolynomialFun"), "\(error)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("outcome lines name options by label or number, and bad lines say why")
    func outcomeLines() throws {
        let issues = [Issue(name: "price", domain: .integer(lower: -5, upper: 5)), Issue(name: "colour", options: ["red", "7"])]
        let profile = Profile(utility: UtilityFunction(weights: [0.5, 0.5], valuations: [.linear(slope: 0.1, offset: 0), .table([1, 0])]))
        let scenario = Scenario(name: "lines", issues: issues, parties: [.init(name: "A", profile: profile), .init(name: "B", profile: profile)])
        #expect(try OutcomeLine.outcome(from: #"{"price": -3, "colour": "red"}"#, in: scenario, file: "f", line: 1) == Outcome([2, 0]))
        #expect(try OutcomeLine.outcome(from: #"{"colour": 7, "price": "5"}"#, in: scenario, file: "f", line: 1) == Outcome([10, 1]))
        let bad = [
            #"{"price": 6, "colour": "red"}"#: "issue 'price' has no option '6'",
            #"{"price": 1}"#: "issue 'colour' is missing",
            #"{"price": 1, "colour": "red", "size": 2}"#: "unknown issue 'size'",
            #"["red"]"#: "expected a JSON object",
            #"{"price": [1], "colour": "red"}"#: "expected an option name or a number",
        ]
        for (line, problem) in bad {
            do {
                _ = try OutcomeLine.outcome(from: line, in: scenario, file: "outcomes.jsonl", line: 4)
                Testing.Issue.record("accepted \(line)")
            } catch {
                #expect(error.description.hasPrefix("outcomes.jsonl:4: ") && error.problem.contains(problem), "\(error)")
            }
        }
        let long = "{\"price\": \"" + String(repeating: "9", count: OutcomeLine.lengthLimit) + "\"}"
        #expect(throws: FormatError.self) { try OutcomeLine.outcome(from: long, in: scenario, file: "f", line: 1) }
    }
}
