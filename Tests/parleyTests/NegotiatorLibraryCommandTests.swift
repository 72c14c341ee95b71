import Foundation
import ParleyTestSupport
import Testing

/// The ANAC agents and BOA specs through `parley run`, as a user types them.
@Suite("parley run with ANAC agents and BOA specs")
struct NegotiatorLibraryCommandTests {
    static let agents = [
        "agentk", "hardheaded", "gahboninho", "iamhaggler2011", "cuhkagent", "the-negotiator-reloaded", "omac", "atlas3",
        "boa/offer=guided:0.2/accept=ac-combi:0.95+ac-last/model=bayesian",
    ]

    @Test("a 1000-round session against boulware gives the same JSON twice", arguments: agents)
    func runs(agent: String) throws {
        let arguments = [
            "run", Fixtures.genius("y2011-Camera").path, "--protocol", "alternating-offers", "--negotiators", "\(agent),boulware", "--rounds",
            "1000", "--seed", "1", "--json",
        ]
        let first = try ParleyExecutable.run(arguments)
        #expect(first.status == 0, "\(first.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.output.utf8)) as? [String: Any])
        #expect(object["result"] != nil)
        let second = try ParleyExecutable.run(arguments)
        #expect(first.output == second.output)
    }

    @Test("an invalid BOA spec exits 64 with one line naming the problem")
    func invalidSpec() throws {
        let run = try ParleyExecutable.run([
            "run", Fixtures.genius("y2011-Camera").path, "--negotiators", "boa/offer=time:0.2/accept=ac-nxt,boulware", "--rounds", "10",
        ])
        #expect(run.status == 64)
        #expect(run.error.contains("unknown acceptance condition 'ac-nxt'"), "\(run.error)")
        #expect(run.error.split(separator: "\n").count == 1, "\(run.error)")
        #expect(run.output.isEmpty)
    }
}
