/// How a party values the options of one issue, before weighting.
public enum Valuation: Hashable, Sendable {
    /// A value per option, in option order.
    case table([Double])
    /// `slope * (x - lowest value) + offset`, clipped to [0, 1], for numeric issues.
    case linear(slope: Double, offset: Double)

    /// The value of each option of `issue`.
    public func values(for issue: Issue) -> [Double] {
        switch self {
        case .table(let values): values
        case .linear: (0..<issue.count).map { value(of: $0, in: issue) }
        }
    }

    /// The value of option `option` of `issue`.
    public func value(of option: Int, in issue: Issue) -> Double {
        switch self {
        case .table(let values): values[option]
        case .linear(let slope, let offset): min(1, max(0, slope * (issue.value(at: option) - issue.value(at: 0)) + offset))
        }
    }
}

/// An axis-aligned box in the outcome space that adds `utility` to every outcome inside it
/// (or, for an exclusive box, to every outcome outside it).
///
/// The ANAC 2014 "nonlinear" domains are sums of such boxes (GENIUS's `INCLUDES` and
/// `EXCLUDES` rectangles). Issues a box does not bound are unconstrained.
public struct HyperRectangle: Hashable, Sendable {
    /// The utility the box adds (negative values subtract).
    public var utility: Double
    /// Bounded issues: issue position and the inclusive range of option indices.
    public var bounds: [Bound]
    /// Whether the box adds its utility to the outcomes *outside* it instead.
    public var isExclusive: Bool

    /// One bounded issue of a box.
    public struct Bound: Hashable, Sendable {
        /// The issue's position.
        public var issue: Int
        /// The option indices inside the box, inclusive.
        public var options: ClosedRange<Int>
        /// Bounds `issue` to `options`.
        public init(issue: Int, options: ClosedRange<Int>) {
            self.issue = issue
            self.options = options
        }
    }

    /// A box adding `utility` inside `bounds` (outside them, if `isExclusive`).
    public init(utility: Double, bounds: [Bound], isExclusive: Bool = false) {
        self.utility = utility
        self.bounds = bounds
        self.isExclusive = isExclusive
    }

    /// The utility this box adds to an outcome.
    @inlinable
    public func contribution(to options: [Int]) -> Double {
        contains(options) != isExclusive ? utility : 0
    }

    /// Whether the outcome lies inside the box.
    @inlinable
    public func contains(_ options: [Int]) -> Bool {
        for bound in bounds where !bound.options.contains(options[bound.issue]) { return false }
        return true
    }
}

/// A party's utility over outcomes: a weighted sum of per-issue values (linear-additive) plus,
/// optionally, hyper-rectangle constraint terms: their sum divided by `constraintScale` and,
/// as GENIUS does, capped at 1.
///
/// A GENIUS linear-additive profile has only the first part; an ANAC 2014 nonlinear profile only
/// the second (its `maxutility` is the scale).
public struct UtilityFunction: Hashable, Sendable {
    /// The weight of each issue, in issue order (>= 0).
    public var weights: [Double]
    /// The valuation of each issue, in issue order.
    public var valuations: [Valuation]
    /// Constraint terms.
    public var constraints: [HyperRectangle]
    /// The divisor of the constraint terms' sum.
    public var constraintScale: Double

    /// A function with `weights` and `valuations` (one per issue, in issue order) and optional
    /// constraint terms. `Scenario.validate()` checks the counts.
    public init(
        weights: [Double], valuations: [Valuation],
        constraints: [HyperRectangle] = [], constraintScale: Double = 1
    ) {
        self.weights = weights
        self.valuations = valuations
        self.constraints = constraints
        self.constraintScale = constraintScale
    }

    /// A function made only of constraint terms.
    public init(issueCount: Int, constraints: [HyperRectangle], scale: Double) {
        self.init(
            weights: Array(repeating: 0, count: issueCount),
            valuations: Array(repeating: .table([]), count: issueCount),
            constraints: constraints, constraintScale: scale)
    }

    /// Whether the function is a plain weighted sum (no constraint terms).
    public var isLinearAdditive: Bool { constraints.isEmpty }

    /// The utility of an outcome of `space`.
    ///
    /// Evaluated directly, without building `CompiledUtility`'s tables, and with the same
    /// products summed in the same order, so both give the very same value.
    public func utility(of outcome: Outcome, in space: OutcomeSpace) -> Double {
        var total = 0.0
        for (issue, option) in outcome.options.enumerated() {
            let weight = weights[issue]
            total += weight == 0 ? 0 : weight * valuations[issue].value(of: option, in: space.issues[issue])
        }
        return total + Self.constraintUtility(of: outcome.options, constraints: constraints, scale: constraintScale)
    }

    /// The constraint part: the boxes' contributions summed, divided by the scale, capped at 1.
    @inlinable
    static func constraintUtility(of options: [Int], constraints: [HyperRectangle], scale: Double) -> Double {
        if constraints.isEmpty { return 0 }
        var sum = 0.0
        for box in constraints { sum += box.contribution(to: options) }
        return min(1, sum / scale)
    }
}

/// A utility function laid out for fast evaluation: one flat table of weighted values, issue
/// after issue, so that an outcome's linear part is one load and one add per issue.
public struct CompiledUtility: Sendable {
    /// `weight[i] * value[i][option]` for every issue `i`, concatenated.
    public let table: ContiguousArray<Double>
    /// Where each issue's slice of `table` starts.
    public let offsets: [Int]
    /// The constraint terms, as in the function.
    public let constraints: [HyperRectangle]
    /// The divisor of the constraint terms' sum, as in the function.
    public let constraintScale: Double

    /// Lays out `function` over `space`, in time linear in the total number of options.
    /// `function` must have a weight and a valuation per issue of `space`.
    public init(_ function: UtilityFunction, space: OutcomeSpace) {
        var table = ContiguousArray<Double>()
        var offsets = [Int]()
        for (position, issue) in space.issues.enumerated() {
            offsets.append(table.count)
            let weight = function.weights[position]
            let values = weight == 0 ? [] : function.valuations[position].values(for: issue)
            for option in 0..<issue.count {
                table.append(values.isEmpty ? 0 : weight * values[option])
            }
        }
        self.table = table
        self.offsets = offsets
        self.constraints = function.constraints
        self.constraintScale = function.constraintScale
    }

    /// The weighted value of option `option` of issue `issue`.
    @inlinable
    public func term(issue: Int, option: Int) -> Double { table[offsets[issue] + option] }

    /// The utility of an outcome given as option indices.
    @inlinable
    public func utility(of options: [Int]) -> Double {
        var total = 0.0
        for (issue, option) in options.enumerated() { total += table[offsets[issue] + option] }
        return total + constraintUtility(of: options)
    }

    /// The constraint part alone.
    @inlinable
    public func constraintUtility(of options: [Int]) -> Double {
        UtilityFunction.constraintUtility(of: options, constraints: constraints, scale: constraintScale)
    }
}
