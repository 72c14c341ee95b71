/// A session's events, stored compactly: one fixed-size record per event (no reference to
/// retain or release), names and outcomes kept once, and the rare fields (issue lists, notes,
/// private audiences) in a side table shared by consecutive events that repeat them. A round
/// whose events repeat the round before (the same actors, kinds, outcomes and values; only
/// the round number moves on) is not stored again but counted: two hard-liners over any number of
/// rounds take the memory of one round, and a time-based negotiator's session grows with the
/// offers it changes, not with its rounds. A `TraceEvent` is built only when an event is read.
///
/// Reading is a random-access collection of `TraceEvent`s, equal to the events recorded, with
/// `step` the event's position from 1. `kind(at:)` and `round(at:)` read a record without
/// building the event.
public struct EventLog: RandomAccessCollection, Hashable, Sendable {
    /// One event. `outcome` is an offset into `options` (-1 for none), `detail` an index into
    /// `details` (-1 for none), `actor` an index into `actors`.
    struct Record: Equatable, Sendable {
        var round: Int
        var value: Double
        var outcome: Int32
        var detail: Int32
        var actor: UInt32
        var kind: UInt8
        var flags: Flags
    }

    /// Consecutive rounds whose records are the same but for the round number: `recordCount`
    /// records from `firstRecord`, played `repeats` times from event position `firstPosition`.
    /// Events outside rounds form blocks of their own.
    struct Block: Sendable {
        var firstRecord: Int
        var recordCount: Int
        var firstPosition: Int
        var repeats: Int
    }

    struct Flags: OptionSet, Hashable, Sendable {
        let rawValue: UInt8
        static let hasValue = Flags(rawValue: 1)
        static let hasApproval = Flags(rawValue: 2)
        static let approves = Flags(rawValue: 4)
        /// Seen by `everyone`.
        static let isPublic = Flags(rawValue: 8)
    }

    /// The fields most events leave empty.
    struct Detail: Hashable, Sendable {
        var issues: [Int]
        var otherIssues: [Int]
        var note: String?
        /// Nil for a public event.
        var audience: [String]?
    }

    private var records: [Record] = []
    private var blocks: [Block] = []
    /// The number of events.
    private var total = 0
    /// Each outcome as its length followed by its options.
    private var options: [Int] = []
    private var details: [Detail] = []
    private var actors: [String]
    private var actorIndex: [String: UInt32]
    /// The audience of public events: every party, the mediator and the observer.
    private let everyone: [String]
    /// The offsets of the last two outcomes stored: alternating offers repeat them.
    private var recentOutcomes: (Int32, Int32) = (-1, -1)

    private static let kinds = TraceEvent.Kind.allCases

    /// An empty log whose public events are seen by `everyone`; the first names in `actors`
    /// are `everyone`'s, in order, then "session".
    public init(everyone: [String] = []) {
        self.everyone = everyone
        self.actors = everyone + ["session"]
        self.actorIndex = [:]
        for (index, name) in actors.enumerated().reversed() { actorIndex[name] = UInt32(index) }
    }

    /// A log of `events`, in order; each event's `step` becomes its position.
    public init(_ events: some Sequence<TraceEvent>, everyone: [String] = []) {
        self.init(everyone: everyone)
        for event in events { append(event) }
    }

    /// The records kept: fewer than the events when rounds repeat.
    package var storedRecords: Int { records.count }

    /// The index of the actor "session" in the log's names.
    var sessionActor: UInt32 { UInt32(everyone.count) }

    // MARK: Writing

    /// Appends an event; its `step` is ignored (it becomes the event's position).
    public mutating func append(_ event: TraceEvent) {
        let isPublic = event.audience == everyone
        append(
            round: event.round, actor: intern(event.actor), kind: event.kind, outcome: event.outcome, approve: event.approve,
            value: event.value,
            detail: event.issues.isEmpty && event.otherIssues.isEmpty && event.note == nil && isPublic
                ? nil : Detail(issues: event.issues, otherIssues: event.otherIssues, note: event.note, audience: isPublic ? nil : event.audience))
    }

    /// Appends a public event by the actor at `actor` in the log's names, with nothing but an
    /// outcome, an approval and a value: the engine's fast path.
    mutating func appendPublic(round: Int, actor: UInt32, kind: TraceEvent.Kind, outcome: Outcome?, approve: Bool?, value: Double?) {
        append(round: round, actor: actor, kind: kind, outcome: outcome, approve: approve, value: value, detail: nil)
    }

    /// Appends a public event with issues and a note (a round's announcement).
    mutating func appendPublic(round: Int, actor: UInt32, kind: TraceEvent.Kind, issues: [Int], value: Double?, note: String?) {
        append(
            round: round, actor: actor, kind: kind, outcome: nil, approve: nil, value: value,
            detail: issues.isEmpty && note == nil ? nil : Detail(issues: issues, otherIssues: [], note: note, audience: nil))
    }

    private mutating func append(
        round: Int, actor: UInt32, kind: TraceEvent.Kind, outcome: Outcome?, approve: Bool?, value: Double?, detail: Detail?
    ) {
        var flags: Flags = detail?.audience == nil ? .isPublic : []
        if value != nil { flags.insert(.hasValue) }
        if let approve { flags.formUnion(approve ? [.hasApproval, .approves] : .hasApproval) }
        let record = Record(
            round: round, value: value ?? 0, outcome: outcome.map { store($0) } ?? -1, detail: detail.map { store($0) } ?? -1, actor: actor,
            kind: Self.code(of: kind), flags: flags)
        if let last = blocks.last, last.repeats == 1, records[last.firstRecord].round == round {
            blocks[blocks.count - 1].recordCount += 1
        } else {
            foldLastBlock()
            blocks.append(Block(firstRecord: records.count, recordCount: 1, firstPosition: total, repeats: 1))
        }
        records.append(record)
        total += 1
    }

    /// Counts the last block as one more repetition of the block before when it repeats that
    /// block's last round in the next round.
    private mutating func foldLastBlock() {
        guard blocks.count >= 2 else { return }
        let last = blocks[blocks.count - 1]
        let previous = blocks[blocks.count - 2]
        guard last.repeats == 1, last.recordCount == previous.recordCount else { return }
        for index in 0..<last.recordCount {
            var template = records[previous.firstRecord + index]
            template.round += previous.repeats
            guard records[last.firstRecord + index] == template else { return }
        }
        blocks[blocks.count - 2].repeats += 1
        blocks.removeLast()
        records.removeLast(last.recordCount)
    }

    private mutating func intern(_ name: String) -> UInt32 {
        if let index = actorIndex[name] { return index }
        let index = UInt32(actors.count)
        actors.append(name)
        actorIndex[name] = index
        return index
    }

    private mutating func store(_ outcome: Outcome) -> Int32 {
        let (last, before) = recentOutcomes
        if matches(outcome, at: last) { return last }
        if matches(outcome, at: before) {
            recentOutcomes = (before, last)
            return before
        }
        let offset = Int32(options.count)
        options.append(outcome.options.count)
        options.append(contentsOf: outcome.options)
        recentOutcomes = (offset, last)
        return offset
    }

    private func matches(_ outcome: Outcome, at offset: Int32) -> Bool {
        guard offset >= 0 else { return false }
        let start = Int(offset)
        let count = options[start]
        guard count == outcome.options.count else { return false }
        return options.withUnsafeBufferPointer { stored in
            outcome.options.withUnsafeBufferPointer { given in
                for index in 0..<count where stored[start + 1 + index] != given[index] { return false }
                return true
            }
        }
    }

    private mutating func store(_ detail: Detail) -> Int32 {
        if let last = details.last, last == detail { return Int32(details.count - 1) }
        details.append(detail)
        return Int32(details.count - 1)
    }

    private static func code(of kind: TraceEvent.Kind) -> UInt8 {
        switch kind {
        case .offer: 0
        case .accept: 1
        case .reject: 2
        case .end: 3
        case .text: 4
        case .vote: 5
        case .relay: 6
        case .agreement: 7
        case .deadline: 8
        case .breakdown: 9
        case .failure: 10
        case .round: 11
        case .agenda: 12
        case .status: 13
        }
    }

    // MARK: Reading

    public var startIndex: Int { 0 }
    public var endIndex: Int { total }

    /// The event at `position` (from 0), built from its record.
    public subscript(position: Int) -> TraceEvent {
        let (record, round) = locate(position)
        let detail = record.detail >= 0 ? details[Int(record.detail)] : nil
        return TraceEvent(
            round: round, step: position + 1, actor: actors[Int(record.actor)], kind: Self.kinds[Int(record.kind)],
            outcome: outcome(at: record.outcome), issues: detail?.issues ?? [], otherIssues: detail?.otherIssues ?? [],
            approve: record.flags.contains(.hasApproval) ? record.flags.contains(.approves) : nil,
            value: record.flags.contains(.hasValue) ? record.value : nil, note: detail?.note,
            audience: record.flags.contains(.isPublic) ? everyone : detail?.audience ?? [])
    }

    /// The kind of the event at `position`, without building the event.
    public func kind(at position: Int) -> TraceEvent.Kind { Self.kinds[Int(locate(position).record.kind)] }

    /// The round of the event at `position`, without building the event.
    public func round(at position: Int) -> Int { locate(position).round }

    /// The value (a round's risk, a utility) of the event at `position`, without building the event.
    public func value(at position: Int) -> Double? {
        let record = locate(position).record
        return record.flags.contains(.hasValue) ? record.value : nil
    }

    /// The last event's kind, if any.
    var lastKind: TraceEvent.Kind? { records.last.map { Self.kinds[Int($0.kind)] } }

    /// The record of the event at `position` and the event's round.
    private func locate(_ position: Int) -> (record: Record, round: Int) {
        precondition(position >= 0 && position < total, "event position \(position) out of 0..<\(total)")
        var low = 0
        var high = blocks.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if blocks[middle].firstPosition <= position { low = middle } else { high = middle - 1 }
        }
        let block = blocks[low]
        let (repetition, index) = (position - block.firstPosition).quotientAndRemainder(dividingBy: block.recordCount)
        let record = records[block.firstRecord + index]
        return (record, record.round + repetition)
    }

    private func outcome(at offset: Int32) -> Outcome? {
        guard offset >= 0 else { return nil }
        let start = Int(offset) + 1
        return Outcome(Array(options[start..<start + options[start - 1]]))
    }

    /// The events `actor` could see.
    public func visible(to actor: String) -> [TraceEvent] {
        let everyoneSees = everyone.contains(actor)
        return indices.compactMap { position in
            let record = locate(position).record
            if record.flags.contains(.isPublic) { return everyoneSees ? self[position] : nil }
            return details[Int(record.detail)].audience?.contains(actor) == true ? self[position] : nil
        }
    }

    // MARK: Equality

    /// Whether both logs hold the same events.
    public static func == (lhs: EventLog, rhs: EventLog) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }

    /// Hashes the events.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for event in self { hasher.combine(event) }
    }
}
