import Foundation
import ParleyTestSupport
import Testing

/// `parley run --ensemble N`, run as a user runs it.
@Suite("parley run --ensemble")
struct EnsembleCommandTests {
    @Test("the same seed prints byte-identical JSON; the shares are probabilities that add up to one")
    func sameSeedSameBytes() throws {
        let arguments = ["run", "--ensemble", "300", "--seed", "3", "--json"]
        let first = try CommandLineTests.run(arguments)
        let second = try CommandLineTests.run(arguments)
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output == second.output)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.output.utf8)) as? [String: Any])
        #expect(object["sessions"] as? Int == 300)
        let agreement = try #require(object["agreementProbability"] as? Double)
        let breakdown = try #require(object["breakdownProbability"] as? Double)
        let deadline = try #require(object["deadlineProbability"] as? Double)
        for value in [agreement, breakdown, deadline] { #expect((0...1).contains(value)) }
        let outcomes = try #require(object["outcomes"] as? [String: [String: Any]])
        let total = outcomes.values.compactMap { $0["probability"] as? Double }.reduce(0, +)
        #expect(abs(total - 1) < 1e-9)
        let interval = try #require(object["agreementInterval95"] as? [Double])
        #expect(interval[0] <= agreement && agreement <= interval[1])
        let parties = try #require(object["parties"] as? [[String: Any]])
        #expect(!parties.isEmpty)
        let other = try CommandLineTests.run(["run", "--ensemble", "300", "--seed", "4", "--json"])
        #expect(other.output != first.output)
    }

    @Test("more sessions than the limit exit 2 with one line")
    func bounded() throws {
        let run = try CommandLineTests.run(["run", "--ensemble", "1000001"])
        #expect(run.status == 2)
        #expect(run.error.contains("1000000"), "\(run.error)")
        #expect(run.error.split(separator: "\n").count == 1)
        #expect(try CommandLineTests.run(["run", "--ensemble", "0"]).status == 2)
    }

    @Test("the summary for people names the chance of agreement")
    func text() throws {
        let run = try CommandLineTests.run(["run", "--ensemble", "50"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("agreement"))
        #expect(run.output.contains("50 sessions"))
    }
}
