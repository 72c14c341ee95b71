import ParleySupport

/// A dimension of the deal: a named, ordered, finite list of options.
///
/// Integer ranges and real ranges (discretised by a declared step) are kept as such so that
/// they can be written back and so that numeric evaluators (`slope * (x - lower) + offset`)
/// know each option's value.
public struct Issue: Hashable, Sendable {
    /// The values an issue can take.
    public enum Domain: Hashable, Sendable {
        /// Named options, in order.
        case discrete([String])
        /// Every integer from `lower` to `upper`, inclusive.
        case integer(lower: Int, upper: Int)
        /// `lower`, `lower + step`, ... up to `upper` (included when it falls on the grid).
        case real(lower: Double, upper: Double, step: Double)
    }

    /// The issue's name, unique in its scenario.
    public var name: String
    /// The options and how they are numbered.
    public var domain: Domain

    /// An issue over `domain`.
    public init(name: String, domain: Domain) {
        self.name = name
        self.domain = domain
    }

    /// An issue with named options.
    public init(name: String, options: [String]) {
        self.init(name: name, domain: .discrete(options))
    }

    /// The most options one issue may have. Outcome spaces are enumerated and ranked option by
    /// option, so an issue of 1e12 integers is refused when it is read, not allocated.
    public static let optionLimit = 1_000_000

    /// The number of options `domain` has, in floating point so that no range overflows; a
    /// domain with more than `optionLimit` is refused by the file readers with this count.
    public static func optionCount(of domain: Domain) -> Double {
        switch domain {
        case .discrete(let options): Double(options.count)
        case .integer(let lower, let upper): upper >= lower ? Double(upper) - Double(lower) + 1 : 0
        case .real(let lower, let upper, let step): step > 0 && upper >= lower ? ((upper - lower) / step + 1e-9).rounded(.down) + 1 : 0
        }
    }

    /// Why `domain` cannot be an issue's, naming the issue: it has more than `optionLimit`
    /// options; nil when it can.
    public static func sizeProblem(of domain: Domain, name: String) -> String? {
        let count = optionCount(of: domain)
        guard !(count <= Double(optionLimit)) else { return nil }
        return "issue '\(name)' has \(formatCount(count)) options; an issue may have at most \(optionLimit)"
    }

    /// The number of options (readers refuse domains of more than `optionLimit`, so it fits).
    public var count: Int { Int(Self.optionCount(of: domain)) }

    /// The numeric value of option `index`, for integer and real issues; its position otherwise.
    public func value(at index: Int) -> Double {
        switch domain {
        case .discrete: Double(index)
        case .integer(let lower, _): Double(lower + index)
        case .real(let lower, _, let step):
            // Rounded to 12 decimals, so that 0 + 3 * 0.05 is 0.15 and not 0.15000000000000002.
            ((lower + Double(index) * step) * 1e12).rounded() / 1e12
        }
    }

    /// The label of option `index` as people read it and as files name it.
    public func label(at index: Int) -> String {
        switch domain {
        case .discrete(let options): options[index]
        case .integer(let lower, _): String(lower + index)
        case .real: formatNumber(value(at: index))
        }
    }

    /// All labels, in order.
    public var labels: [String] { (0..<count).map(label(at:)) }

    /// The index of the option with this label, if any.
    public func index(of label: String) -> Int? {
        switch domain {
        case .discrete(let options):
            return options.firstIndex(of: label)
        case .integer(let lower, let upper):
            guard let value = Int(label), (lower...upper).contains(value) else { return nil }
            return value - lower
        case .real:
            return (0..<count).first { self.label(at: $0) == label }
        }
    }
}
