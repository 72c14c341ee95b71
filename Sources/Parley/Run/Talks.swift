/// The rules of a scenario's negotiation: protocol, deadline, hazard, agenda and calendar.
public struct Talks: Hashable, Sendable {
    /// The longest deadline a scenario or a command may set: a session keeps every event, so
    /// its memory grows with its rounds.
    public static let roundLimit = 1_000_000

    /// The protocol, for every track that does not name its own.
    public var protocolKind: ProtocolKind
    /// The deadline in rounds (per track in a sequential agenda, unless the track sets its own).
    public var rounds: Int
    /// The chance of a collapse before each round.
    public var hazard: BreakdownHazard
    /// Which issues are negotiated when, and which are held off the table.
    public var agenda: Agenda
    /// The calendar the rounds fall on; nil for undated rounds.
    public var schedule: Schedule?
    /// Default strategy per party name, and the mediator's, as the CLI names them.
    public var negotiators: [String: String]
    /// The mediator's default strategy, as the CLI names it; nil for the protocol's default.
    public var mediator: String?

    /// Talks with the defaults: alternating offers over 100 rounds, no hazard, every issue at once.
    public init(
        protocolKind: ProtocolKind = .alternatingOffers, rounds: Int = 100, hazard: BreakdownHazard = .none, agenda: Agenda = Agenda(),
        schedule: Schedule? = nil, negotiators: [String: String] = [:], mediator: String? = nil
    ) {
        self.protocolKind = protocolKind
        self.rounds = rounds
        self.hazard = hazard
        self.agenda = agenda
        self.schedule = schedule
        self.negotiators = negotiators
        self.mediator = mediator
    }
}

/// The protocols Parley runs.
public enum ProtocolKind: String, Hashable, Sendable, CaseIterable {
    /// Offers in turn; agreement when everybody else accepts the same offer.
    case alternatingOffers = "alternating-offers"
    /// A mediator's single text, changed only by unanimous votes, ratified at the deadline.
    case singleText = "single-text"
    /// Shuttle diplomacy: the mediator carries a framework text to each delegation in turn.
    case indirect

    /// Whether the protocol needs a mediator: every one but alternating offers does.
    public var needsMediator: Bool { self != .alternatingOffers }
}

/// Which issues are negotiated when, and which a party keeps off the table.
public struct Agenda: Hashable, Sendable {
    /// How the tracks follow each other.
    public enum Mode: String, Hashable, Sendable, CaseIterable {
        /// Every track's issues at once.
        case package
        /// Track after track; a settled track is frozen.
        case sequential
    }

    /// Issues negotiated together, with their own protocol, deadline and venue where set.
    public struct Track: Hashable, Sendable {
        /// The track's name, as round notes show it.
        public var name: String
        /// The positions of the issues negotiated in this track.
        public var issues: [Int]
        /// The track's own protocol and deadline, when it differs from the talks'.
        public var protocolKind: ProtocolKind?
        /// The track's own deadline in rounds; nil for the talks'.
        public var rounds: Int?
        /// Where the track meets; nil for the schedule's venue.
        public var venue: String?

        /// A track over `issues`, with the talks' protocol and deadline unless given.
        public init(name: String, issues: [Int], protocolKind: ProtocolKind? = nil, rounds: Int? = nil, venue: String? = nil) {
            self.name = name
            self.issues = issues
            self.protocolKind = protocolKind
            self.rounds = rounds
            self.venue = venue
        }
    }

    /// Issues a party keeps off the table; it lets one on once the cumulative risk of a
    /// breakdown reaches `admitAtRisk` (never, if nil), unless its negotiator decides otherwise.
    public struct Hold: Hashable, Sendable {
        /// The position of the party that holds the issues.
        public var party: Int
        /// The positions of the issues held.
        public var issues: [Int]
        /// The cumulative breakdown risk, in [0, 1], at which an issue comes on whatever the
        /// negotiator says; nil for never.
        public var admitAtRisk: Double?

        /// A hold of `issues` by party `party`.
        public init(party: Int, issues: [Int], admitAtRisk: Double? = nil) {
            self.party = party
            self.issues = issues
            self.admitAtRisk = admitAtRisk
        }
    }

    /// Whether the tracks run at once or one after another.
    public var mode: Mode
    /// Empty: one track with every issue.
    public var tracks: [Track]
    /// Issues parties keep off the table.
    public var holds: [Hold]
    /// The option an issue keeps while it is off the table, by issue.
    public var statusQuo: [Int: Int]

    /// An agenda; the default is one track with every issue and no holds.
    public init(mode: Mode = .package, tracks: [Track] = [], holds: [Hold] = [], statusQuo: [Int: Int] = [:]) {
        self.mode = mode
        self.tracks = tracks
        self.holds = holds
        self.statusQuo = statusQuo
    }
}

/// The calendar the rounds fall on: for the story, not for the rules.
public struct Schedule: Hashable, Sendable {
    /// The first day, as year, month, day.
    public var start: CivilDate
    /// The sessions of a negotiating day, e.g. ["morning", "afternoon"].
    public var sessions: [String]
    /// Days from one negotiating day to the next.
    public var daysBetween: Int
    /// Where the talks meet, unless a track names its own venue.
    public var venue: String

    /// A schedule from `start`; no sessions becomes one named `session`, and fewer than one day
    /// between negotiating days becomes one.
    public init(start: CivilDate, sessions: [String] = ["session"], daysBetween: Int = 1, venue: String = "") {
        self.start = start
        self.sessions = sessions.isEmpty ? ["session"] : sessions
        self.daysBetween = max(1, daysBetween)
        self.venue = venue
    }

    /// The date and session label of round `round` (1-based).
    public func slot(of round: Int) -> (date: CivilDate, session: String) {
        let day = (round - 1) / sessions.count
        return (start.adding(days: day * daysBetween), sessions[(round - 1) % sessions.count])
    }
}

/// A calendar date without time zone, with the arithmetic the schedule needs.
public struct CivilDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The year.
    public var year: Int
    /// The month, 1 to 12.
    public var month: Int
    /// The day of the month, from 1.
    public var day: Int

    /// The date with these fields, unchecked; `init?(_:)` checks a date it parses.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-").map { Int($0) }
        guard parts.count == 3, let year = parts[0], let month = parts[1], let day = parts[2], (1...12).contains(month),
            (1...31).contains(day)
        else { return nil }
        self.init(year: year, month: month, day: day)
        guard CivilDate(daysSinceEpoch: daysSinceEpoch) == self else { return nil }
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` days after 1970-01-01 (before it, if negative).
    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// The date `days` days later (earlier, if negative).
    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// Whether `lhs` comes before `rhs`.
    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    /// The date as `YYYY-MM-DD`.
    public var description: String {
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(pad(month))-\(pad(day))"
    }

    /// "26 Feb 2026".
    public var readable: String {
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(day) \(names[month - 1]) \(year)"
    }
}

extension ProtocolKind {
    /// The protocol with this name, or an error that lists the known ones.
    public static func named(_ name: String) throws(SessionError) -> ProtocolKind {
        guard let kind = ProtocolKind(rawValue: name) else {
            throw .unknownName(kind: "protocol", name: name, known: ProtocolKind.allCases.map(\.rawValue))
        }
        return kind
    }
}

extension Scenario {
    /// Whether any part of the talks runs a mediated protocol.
    public var needsMediator: Bool {
        talks.protocolKind.needsMediator || talks.agenda.tracks.contains { $0.protocolKind?.needsMediator == true }
    }

    /// The scenario with the talks run under `protocolKind` everywhere (tracks lose their
    /// own) and to a deadline of `rounds`, given a plain mediator if the protocol needs one
    /// and the scenario has none: what a command line or a server asks for.
    public func overriding(protocol protocolKind: ProtocolKind?, rounds: Int?) throws(SessionError) -> Scenario {
        var scenario = self
        if let protocolKind {
            scenario.talks.protocolKind = protocolKind
            for index in scenario.talks.agenda.tracks.indices { scenario.talks.agenda.tracks[index].protocolKind = nil }
        }
        if let rounds {
            guard (1...Talks.roundLimit).contains(rounds) else {
                throw SessionError("the deadline must be between 1 and \(Talks.roundLimit) rounds, not \(rounds)")
            }
            scenario.talks.rounds = rounds
        }
        if scenario.needsMediator, scenario.mediator == nil { scenario.mediator = Mediation(name: "mediator") }
        return scenario
    }
}
