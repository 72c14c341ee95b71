import Foundation
import ParleyFormats
import ParleySupport
import Testing

/// Impossible values are refused with the file, the line and the place, not run.
@Suite("Scenario values a negotiation cannot have")
struct ScenarioValidationTests {
    /// The toy scenario of the error tests with one replacement applied.
    func refusal(replacing target: String, with replacement: String) -> FormatError? {
        let text = FormatErrorTests.good.replacingOccurrences(of: target, with: replacement)
        #expect(text != FormatErrorTests.good, "the replacement applies")
        do {
            _ = try ScenarioFile.decode(text, file: "toy.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "reservation and breakdown values outside [0, 1] name their line",
        arguments: [
            ("    reservation: 0.2", "    reservation: 3", 15, "parties[1].reservation: party 'seller': reservation value 3 is outside [0, 1]"),
            ("    reservation: 0.2", "    reservation: -0.1", 15, "reservation value -0.1 is outside [0, 1]"),
            ("    reservation: 0.2", "    breakdown: 1.5", 15, "parties[1].breakdown: party 'seller': breakdown value 1.5 is outside [0, 1]"),
        ])
    func outOfRange(target: String, replacement: String, line: Int, message: String) throws {
        let error = try #require(refusal(replacing: target, with: replacement))
        #expect(error.file == "toy.yaml")
        #expect(error.line == line)
        #expect(error.problem.contains(message), "\(error)")
    }

    @Test("two parties of one name are refused: events are addressed by name")
    func duplicateNames() throws {
        let error = try #require(refusal(replacing: "  - name: seller", with: "  - name: buyer"))
        #expect(error.line == 14)
        #expect(
            error.description == "toy.yaml:14: parties[1].name: party 'buyer' is declared twice; events are addressed by name, so names must differ")
    }

    @Test("a party cannot take the observer's or the mediator's name")
    func reservedNames() throws {
        let observer = try #require(refusal(replacing: "  - name: seller", with: "  - name: observer"))
        #expect(observer.line == 14 && observer.problem.contains("the observer's role name"), "\(observer)")
        let mediated = FormatErrorTests.good + "\nmediator: {name: seller}\n"
        #expect(throws: FormatError.self) { try ScenarioFile.decode(mediated, file: "toy.yaml") }
        do {
            _ = try ScenarioFile.decode(mediated, file: "toy.yaml")
        } catch {
            #expect(error.problem.contains("has the mediator's name"), "\(error)")
        }
    }

    @Test("a scenario with one party is not a negotiation")
    func oneParty() throws {
        let end = try #require(FormatErrorTests.good.range(of: "  - name: seller"))
        let text = String(FormatErrorTests.good[..<end.lowerBound])
        do {
            _ = try ScenarioFile.decode(text, file: "toy.yaml")
            Issue.record("one party was accepted")
        } catch {
            #expect(error.line == 9)
            #expect(error.problem.contains("has one party ('buyer'); a negotiation needs at least two"), "\(error)")
        }
    }
}
