/// One option per issue: `options[i]` is the index of the chosen option of issue `i`.
public struct Outcome: Hashable, Sendable, Comparable {
    /// The chosen option of each issue, in issue order.
    public var options: [Int]

    /// The outcome with these option indices; `OutcomeSpace.contains(_:)` tells whether they fit a space.
    public init(_ options: [Int]) { self.options = options }

    /// Lexicographic order of the option indices, which is the order of mixed-radix outcome
    /// indices (the first issue most significant).
    public static func < (lhs: Outcome, rhs: Outcome) -> Bool {
        lhs.options.lexicographicallyPrecedes(rhs.options)
    }
}

/// The Cartesian product of a scenario's issues.
public struct OutcomeSpace: Hashable, Sendable {
    /// The issues, in order. `radices` is computed once, in `init`: build a new space rather than
    /// change the issues' options here.
    public var issues: [Issue]
    /// The number of options of each issue.
    public let radices: [Int]

    /// The product of `issues`.
    public init(issues: [Issue]) {
        self.issues = issues
        self.radices = issues.map(\.count)
    }

    /// The number of outcomes, exact when it fits in an `Int`.
    public var count: Int? {
        var total = 1
        for radix in radices {
            let (product, overflow) = total.multipliedReportingOverflow(by: radix)
            if overflow { return nil }
            total = product
        }
        return total
    }

    /// The number of outcomes as a floating-point number (1e50 for fifty ten-option issues).
    public var cardinality: Double { radices.reduce(1.0) { $0 * Double($1) } }

    /// The mixed-radix index of an outcome (first issue most significant); nil past `Int.max`.
    public func index(of outcome: Outcome) -> Int? {
        var index = 0
        for (option, radix) in zip(outcome.options, radices) {
            let (scaled, overflow) = index.multipliedReportingOverflow(by: radix)
            if overflow { return nil }
            index = scaled + option
        }
        return index
    }

    /// The outcome with a mixed-radix index.
    public func outcome(at index: Int) -> Outcome {
        var options = [Int](repeating: 0, count: radices.count)
        var rest = index
        for position in radices.indices.reversed() {
            options[position] = rest % radices[position]
            rest /= radices[position]
        }
        return Outcome(options)
    }

    /// Whether every option index is within its issue.
    public func contains(_ outcome: Outcome) -> Bool {
        outcome.options.count == radices.count
            && zip(outcome.options, radices).allSatisfy { $0 >= 0 && $0 < $1 }
    }

    /// The outcome as issue name -> option label pairs, in issue order.
    public func labels(of outcome: Outcome) -> [(issue: String, option: String)] {
        zip(issues, outcome.options).map { ($0.name, $0.label(at: $1)) }
    }
}
