import Parley
import ParleySupport

/// The `assumptions:` section of a scenario file: the numbers that are modelling choices, each
/// with the range a reader could defend.
///
/// ```yaml
/// assumptions:
///   - {field: reservation, party: Iran, range: [0.2, 0.4]}
///   - {field: weight, party: United States, issue: enrichment, range: [0.2, 0.4]}
///   - {field: value, party: Iran, issue: enrichment, option: JCPOA 3.67%, range: [0.6, 0.9]}
///   - {field: admitAtRisk, party: Iran, range: [0.15, 0.35]}
///   - {field: hazard, range: [0.5, 2], name: risk of strikes}
/// ```
enum AssumptionsSection {
    /// The fields an assumption may vary.
    static let fields = ["reservation", "breakdown", "weight", "value", "admitAtRisk", "hazard"]

    static func read(_ node: YAMLTree, scenario: Scenario) throws(FormatError) -> [Assumption] {
        var names = Set<String>()
        return try node.sequence().map { entry throws(FormatError) in
            let assumption = try readOne(entry, scenario: scenario)
            if let problem = assumption.problem(in: scenario) { throw entry.fail(problem) }
            guard names.insert(assumption.name).inserted else { throw entry.fail("assumption '\(assumption.name)' is listed twice") }
            return assumption
        }
    }

    private static func readOne(_ entry: YAMLTree, scenario: Scenario) throws(FormatError) -> Assumption {
        _ = try entry.mapping(allowing: ["field", "party", "issue", "option", "range", "name"])
        let fieldNode = try entry.required("field")
        let field = try fieldNode.string()
        let rangeNode = try entry.required("range")
        let bounds = try rangeNode.sequence()
        guard bounds.count == 2 else { throw rangeNode.fail("write a range as [low, high]") }
        let (low, high) = (try bounds[0].number(), try bounds[1].number())

        func party() throws(FormatError) -> Int {
            let partyNode = try entry.required("party")
            let name = try partyNode.string()
            guard let index = scenario.parties.firstIndex(where: { $0.name == name }) else {
                throw partyNode.fail("unknown party '\(name)'")
            }
            return index
        }
        func issue() throws(FormatError) -> Int {
            let issueNode = try entry.required("issue")
            let name = try issueNode.string()
            guard let index = scenario.issues.firstIndex(where: { $0.name == name }) else {
                throw issueNode.fail("unknown issue '\(name)'")
            }
            return index
        }

        let target: Assumption.Target
        let label: String
        switch field {
        case "reservation":
            let who = try party()
            (target, label) = (.reservation(party: who), "\(scenario.parties[who].name) reservation")
        case "breakdown":
            let who = try party()
            (target, label) = (.breakdown(party: who), "\(scenario.parties[who].name) breakdown value")
        case "weight":
            let (who, what) = (try party(), try issue())
            (target, label) = (.weight(party: who, issue: what), "\(scenario.parties[who].name) weight of \(scenario.issues[what].name)")
        case "value":
            let (who, what) = (try party(), try issue())
            let optionNode = try entry.required("option")
            let name = try optionNode.string()
            guard let option = scenario.issues[what].index(of: name) else {
                throw optionNode.fail("issue '\(scenario.issues[what].name)' has no option '\(name)'")
            }
            (target, label) = (.value(party: who, issue: what, option: option), "\(scenario.parties[who].name) value of \(name)")
        case "admitAtRisk":
            let who = try party()
            guard let hold = scenario.talks.agenda.holds.firstIndex(where: { $0.party == who && $0.admitAtRisk != nil }) else {
                throw entry.fail("party '\(scenario.parties[who].name)' keeps no issue off the table with an admitAtRisk")
            }
            (target, label) = (.admitAtRisk(hold: hold), "\(scenario.parties[who].name) admits held issues at risk")
        case "hazard":
            guard scenario.talks.hazard != .none else { throw entry.fail("the talks have no hazard to scale") }
            (target, label) = (.hazardFactor, "breakdown hazard (factor)")
        default:
            throw fieldNode.fail("unknown field '\(field)'; one of \(fields.joined(separator: ", "))")
        }
        let name = try entry.optional("name")?.string() ?? label
        guard !name.isEmpty else { throw try entry.required("name").fail("an assumption's name may not be empty") }
        return Assumption(name: name, target: target, low: low, high: high)
    }

    static func tree(_ assumptions: [Assumption], of scenario: Scenario) -> JSONValue {
        .array(
            assumptions.map { assumption in
                var pairs: [(String, JSONValue)]
                switch assumption.target {
                case .reservation(let party):
                    pairs = [("field", .string("reservation")), ("party", .string(scenario.parties[party].name))]
                case .breakdown(let party):
                    pairs = [("field", .string("breakdown")), ("party", .string(scenario.parties[party].name))]
                case .weight(let party, let issue):
                    pairs = [
                        ("field", .string("weight")), ("party", .string(scenario.parties[party].name)),
                        ("issue", .string(scenario.issues[issue].name)),
                    ]
                case .value(let party, let issue, let option):
                    pairs = [
                        ("field", .string("value")), ("party", .string(scenario.parties[party].name)),
                        ("issue", .string(scenario.issues[issue].name)), ("option", .string(scenario.issues[issue].label(at: option))),
                    ]
                case .admitAtRisk(let hold):
                    pairs = [("field", .string("admitAtRisk")), ("party", .string(scenario.parties[scenario.talks.agenda.holds[hold].party].name))]
                case .hazardFactor:
                    pairs = [("field", .string("hazard"))]
                }
                pairs.append(("range", .numbers([assumption.low, assumption.high])))
                pairs.append(("name", .string(assumption.name)))
                return .object(pairs)
            })
    }
}
