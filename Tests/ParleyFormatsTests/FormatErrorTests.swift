import Foundation
import Parley
import ParleyFormats
import ParleySupport
import ParleyTestSupport
import Testing

/// Bad input gets one line naming the file, the place and the problem.
@Suite("Errors on bad input")
struct FormatErrorTests {
    static let good = """
        parley: 1
        name: toy
        issues:
          - name: price
            options: [low, high]
          - name: speed
            integer: [1, 3]
        parties:
          - name: buyer
            weights: {price: 0.5, speed: 0.5}
            values:
              price: {low: 1, high: 0}
              speed: {slope: 0.5, offset: 0}
          - name: seller
            reservation: 0.2
            weights: {price: 1}
            values:
              price: {low: 0, high: 1}
        """

    func decodingError(_ text: String) -> FormatError? {
        do {
            _ = try ScenarioFile.decode(text, file: "toy.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test("the good file reads")
    func goodFile() throws {
        let scenario = try ScenarioFile.decode(Self.good, file: "toy.yaml")
        #expect(scenario.parties[0].profile.utility.utility(of: Outcome([0, 2]), in: scenario.space) == 1)
        #expect(scenario.parties[1].profile.reservationValue == 0.2)
        #expect(scenario.parties[1].profile.discountFactor == nil)
    }

    @Test("a discount is per round, or over the deadline as GENIUS means it")
    func discounts() throws {
        let perRound = try ScenarioFile.decode(
            Self.good.replacingOccurrences(of: "    reservation: 0.2", with: "    discount: 0.9"), file: "toy.yaml")
        #expect(perRound.parties[1].profile.discountFactor == 0.9)
        #expect(perRound.parties[1].profile.discountSpan == .round)
        let overDeadline = try ScenarioFile.decode(
            Self.good.replacingOccurrences(of: "    reservation: 0.2", with: "    discount: {factor: 0.75, over: deadline}"), file: "toy.yaml")
        let profile = overDeadline.parties[1].profile
        #expect(profile.discountFactor == 0.75 && profile.discountSpan == .deadline)
        #expect(profile.discounted(0.8, agreedInRound: 1, deadline: 10) == 0.8)
        #expect(abs(profile.discounted(0.8, agreedInRound: 6, deadline: 10) - 0.8 * 0.75.squareRoot()) < 1e-15)
        #expect(perRound.parties[1].profile.discounted(0.8, agreedInRound: 3, deadline: 10) == 0.8 * 0.9 * 0.9)
        // GENIUS files discount over the deadline.
        let genius = try GeniusImporter().importScenario(from: Fixtures.genius("y2012-AcquisitionB"))
        #expect(genius.parties.allSatisfy { $0.profile.discountSpan == .deadline && $0.profile.discounts })
    }

    @Test(
        "bad scenario files",
        arguments: [
            ("weights: {price: 0.5, speed: 0.5}", "weights: {price: -0.5, speed: 0.5}", 10, "negative"),
            ("weights: {price: 1}", "weights: {price: 1, colour: 0}", 16, "unknown issue 'colour'"),
            ("price: {low: 0, high: 1}", "price: {low: 0}", 18, "option 'high' of issue 'price' has no value"),
            ("options: [low, high]", "options: []", 5, "no options"),
            ("  - name: seller", "  - name: seller\n    color: red", 15, "unknown key 'color'"),
            ("parley: 1", "parley: 2", 1, "version"),
            ("integer: [1, 3]", "integer: [1, 3", 8, "flow sequence"),
            ("price: {low: 1, high: 0}", "price: {low: 1, high: lots}", 12, "expected a number, found 'lots'"),
            ("    reservation: 0.2", "    reservation: 0.2\n    discount: 1.5", 16, "discount factor must be in [0, 1]"),
            ("    reservation: 0.2", "    reservation: 0.2\n    discount: {factor: 0.5, over: week}", 16, "over 'round' or 'deadline'"),
            ("    reservation: 0.2", "    reservation: 0.2\n    discount: {factor: 0.5, per: round}", 16, "unknown key 'per'"),
        ])
    func badFiles(original: String, replacement: String, line: Int, problem: String) throws {
        let text = Self.good.replacingOccurrences(of: original, with: replacement)
        let error = try #require(decodingError(text))
        #expect(error.file == "toy.yaml")
        #expect(error.line == line, "\(error)")
        #expect(error.problem.contains(problem), "\(error)")
        #expect(!error.description.contains("\n"))
    }

    func geniusFolder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return folder
    }

    static let domain = """
        <negotiation_template><utility_space><objective index="0" name="root" type="objective">
        <issue index="1" name="colour" type="discrete"><item index="1" value="red"/><item index="2" value="blue"/></issue>
        </objective></utility_space></negotiation_template>
        """

    static func profile(weight: String = "1", items: String = #"<item value="red" evaluation="1"/><item value="blue" evaluation="0.5"/>"#) -> String {
        """
        <utility_space><objective index="0" name="root" type="objective">
        <issue index="1" name="colour" type="discrete">\(items)</issue>
        <weight index="1" value="\(weight)"/>
        </objective></utility_space>
        """
    }

    @Test(
        "bad GENIUS folders",
        arguments: [
            ("a.xml", profile(weight: "-1"), "weight -1.0 of issue 'colour' is negative"),
            ("a.xml", profile(items: #"<item value="red" evaluation="1"/>"#), "option 'blue' of issue 'colour' has no evaluation"),
            ("a.xml", profile(items: #"<item value="green" evaluation="1"/>"#), "no option 'green'"),
            ("a.xml", "<utility_space><objective>", "never closed"),
            ("a.xml", profile().replacingOccurrences(of: "</issue>", with: "</isue>"), "</isue> closes <issue>"),
        ])
    func badGenius(file: String, text: String, problem: String) throws {
        let folder = try geniusFolder(["domain.xml": Self.domain, file: text, "b.xml": Self.profile()])
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try GeniusImporter().importScenario(from: folder)
            Issue.record("expected an error mentioning \(problem)")
        } catch {
            #expect(error.description.contains(problem), "\(error)")
            #expect(error.file.hasSuffix(file), "\(error)")
            #expect(error.line != nil)
        }
    }

    @Test("a missing file and an empty issue")
    func missingAndEmpty() throws {
        #expect(throws: FormatError(file: "/no/such.yaml", "no such file")) { try ScenarioFile.read(from: "/no/such.yaml") }
        let empty = Self.domain.replacingOccurrences(of: #"<item index="1" value="red"/><item index="2" value="blue"/>"#, with: "")
        let folder = try geniusFolder(["domain.xml": empty, "a.xml": Self.profile()])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: FormatError.self) { try GeniusImporter().importScenario(from: folder) }
    }
}
