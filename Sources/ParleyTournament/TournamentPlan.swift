import Parley
import ParleySupport

/// What a tournament plays: every assignment of the strategies to the parties of every
/// scenario, repeated, each session with its own seed derived from the tournament's.
///
/// Cells are numbered in a fixed order (scenario, assignment, repetition), so a cell's index,
/// seed and result never change: a shard, a resumed run and a merged database all agree.
public struct TournamentPlan: Sendable {
    /// A scenario, and the name its sessions are stored under.
    public struct Entry: Sendable {
        /// The name sessions are stored under (a file or folder name).
        public var name: String
        /// The scenario, as loaded.
        public var scenario: Scenario

        /// An entry for `scenario`, stored under `name`.
        public init(name: String, scenario: Scenario) {
            self.name = name
            self.scenario = scenario
        }
    }

    /// One session of the tournament.
    public struct Cell: Hashable, Sendable {
        /// The cell's position in `cells`, from 0; its key in the database.
        public var index: Int
        /// The scenario's position in `scenarios`.
        public var scenario: Int
        /// The strategy of each party, by position in `strategies`.
        public var assignment: [Int]
        /// Which repetition of the assignment it is, from 0.
        public var repetition: Int
        /// The session's seed, derived from the plan's seed and `index`.
        public var seed: UInt64
    }

    /// The scenarios, in order.
    public var scenarios: [Entry]
    /// The negotiators' names, as `Strategies.negotiator(named:)` reads them.
    public var strategies: [String]
    /// How many times each assignment is played.
    public var repetitions: Int
    /// The protocol every session runs, whatever the scenario says.
    public var protocolKind: ProtocolKind
    /// The deadline of every session, in rounds.
    public var rounds: Int
    /// The seed every cell's seed derives from.
    public var seed: UInt64

    /// A plan; `validate()` checks it.
    public init(
        scenarios: [Entry], strategies: [String], repetitions: Int = 1, protocolKind: ProtocolKind = .alternatingOffers, rounds: Int = 100,
        seed: UInt64 = 1
    ) {
        self.scenarios = scenarios
        self.strategies = strategies
        self.repetitions = repetitions
        self.protocolKind = protocolKind
        self.rounds = rounds
        self.seed = seed
    }

    /// Checks the plan before anything runs.
    public func validate() throws(TournamentError) {
        guard !scenarios.isEmpty else { throw .invalidPlan("a tournament needs at least one scenario") }
        guard !strategies.isEmpty else { throw .invalidPlan("a tournament needs at least one negotiator") }
        guard repetitions >= 1 else { throw .invalidPlan("repetitions must be at least 1") }
        guard rounds >= 1 else { throw .invalidPlan("the deadline must be at least 1 round") }
        for name in strategies {
            do { _ = try Strategies.negotiator(named: name) } catch { throw .unknownStrategy(error) }
        }
        for entry in scenarios {
            let count = pow(Double(strategies.count), Double(entry.scenario.parties.count))
            guard count <= 1e6 else {
                throw .invalidPlan(
                    "\(entry.name): \(strategies.count) strategies over \(entry.scenario.parties.count) parties make too many assignments")
            }
        }
    }

    /// Every cell, in order.
    public var cells: [Cell] {
        var cells = [Cell]()
        for (scenarioIndex, entry) in scenarios.enumerated() {
            let parties = entry.scenario.parties.count
            let assignments = Int(pow(Double(strategies.count), Double(parties)))
            for code in 0..<assignments {
                var rest = code
                var assignment = [Int](repeating: 0, count: parties)
                for party in (0..<parties).reversed() {
                    assignment[party] = rest % strategies.count
                    rest /= strategies.count
                }
                for repetition in 0..<repetitions {
                    let index = cells.count
                    cells.append(
                        Cell(
                            index: index, scenario: scenarioIndex, assignment: assignment, repetition: repetition,
                            seed: SeededGenerator.derive(seed, UInt64(index))))
                }
            }
        }
        return cells
    }

    /// A text that identifies the plan: a database holds the sessions of one plan only.
    public var fingerprint: String {
        let scenarioPart = scenarios.map { "\($0.name)#\($0.scenario.hashValueStable)" }.joined(separator: ",")
        return "v1|\(scenarioPart)|\(strategies.joined(separator: ","))|\(repetitions)|\(protocolKind.rawValue)|\(rounds)|\(seed)"
    }
}

/// A tournament that cannot run, and why: the plan (the caller's choices), a session, or the
/// database.
public enum TournamentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The plan cannot be played: no scenario or negotiator, a count below 1, too many cells.
    case invalidPlan(String)
    /// A strategy name that is not built in.
    case unknownStrategy(SessionError)
    /// A session of a scenario could not be set up.
    case session(scenario: String, SessionError)
    /// The database cannot be used: missing, unreadable, corrupt, or another tournament's.
    case database(path: String, problem: String)

    /// What is wrong, in a line.
    public var message: String {
        switch self {
        case .invalidPlan(let message): message
        case .unknownStrategy(let error): error.message
        case .session(let scenario, let error): "\(scenario): \(error.message)"
        case .database(let path, let problem): "\(path): \(problem)"
        }
    }

    /// The message.
    public var description: String { message }
}

private func pow(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    for _ in 0..<Int(exponent) { result *= base }
    return result
}

extension Scenario {
    /// A hash of the scenario's content that is the same in every process (FNV-1a over its
    /// issues, options, weights and values), unlike `hashValue`, which is seeded per process.
    var hashValueStable: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        for issue in issues {
            mix(issue.name)
            mix(issue.labels.joined(separator: "\u{1F}"))
        }
        for party in parties {
            mix(party.name)
            let function = party.profile.utility
            mix(function.weights.map { "\($0)" }.joined(separator: ","))
            for (position, valuation) in function.valuations.enumerated() {
                mix(valuation.values(for: issues[position]).map { "\($0)" }.joined(separator: ","))
            }
            mix("\(function.constraints.count)|\(function.constraintScale)|\(party.profile.reservationValue)|\(party.profile.breakdownValue)")
        }
        return String(hash, radix: 16)
    }
}
