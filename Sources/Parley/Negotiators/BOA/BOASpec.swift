import ParleySupport

/// Reads a BOA negotiator from its spec: `boa/` followed by `/`-separated parts
/// `offer=…`, `accept=…` and `model=…`, each at most once, in any order, with parameters after
/// `:`. No commas, spaces or shell metacharacters, so a spec survives `--negotiators A,B`
/// unquoted. Omitted parts default to `offer=time:0.2`, `accept=ac-next`, `model=none`.
///
/// - offer: `time:E[:K[:PMIN[:PMAX]]]`, `guided:E[:K[:PMIN[:PMAX[:WIDTH]]]]`, `random:LOW[:HIGH]`
///   (`floor` and `best` stand for the default `PMIN` and `PMAX`)
/// - accept: `ac-next[:A[:B]]`, `ac-prev[:A[:B]]`, `ac-const:C`, `ac-time:T`, `ac-last`,
///   `ac-combi:T[:max|avg]`, `ac-curve:E[:K[:PMIN[:PMAX]]]`, or several joined by `+` (any accepts)
/// - model: `frequency` (HardHeaded's), `smith`, `bayesian`, `none`
public enum BOASpec {
    /// The prefix that marks a BOA spec.
    public static let prefix = "boa/"

    /// The syntax, in a line, for error messages and help.
    public static let syntax =
        "boa/offer=time:E[:K[:PMIN[:PMAX]]]|guided:E[:K[:PMIN[:PMAX[:WIDTH]]]]|random:LOW[:HIGH]"
        + "/accept=ac-next[:A[:B]]|ac-prev[:A[:B]]|ac-const:C|ac-time:T|ac-last|ac-combi:T[:max|avg]|ac-curve:E[:K[:PMIN[:PMAX]]] (join with +)"
        + "/model=frequency|smith|bayesian|none"

    /// The negotiator `spec` describes.
    /// - Throws: `SessionError.setUp` with a one-line message naming the part that is wrong.
    public static func negotiator(_ spec: String) throws(SessionError) -> BOANegotiator {
        do { return try parse(spec) } catch { throw .setUp("invalid negotiator '\(spec)': \(error.message) (syntax: \(syntax))") }
    }

    private struct Problem: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    private static func parse(_ spec: String) throws(Problem) -> BOANegotiator {
        guard spec.hasPrefix(prefix) else { throw Problem("a BOA spec starts with '\(prefix)'") }
        var offering: (any OfferingStrategy)?
        var acceptance: (any AcceptanceCondition)?
        var model: (any OpponentModel)??
        let rest = spec.dropFirst(prefix.count)
        for part in rest.isEmpty ? [] : rest.split(separator: "/", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2 else { throw Problem("'\(part)' is not key=value") }
            let (key, value) = (String(pieces[0]), String(pieces[1]))
            switch key {
            case "offer":
                guard offering == nil else { throw Problem("offer is given twice") }
                offering = try parseOffering(value)
            case "accept":
                guard acceptance == nil else { throw Problem("accept is given twice") }
                let conditions = try value.split(separator: "+", omittingEmptySubsequences: false).map { (text) throws(Problem) in
                    try parseAcceptance(String(text))
                }
                acceptance = conditions.count == 1 ? conditions[0] : AcceptAny(conditions)
            case "model":
                guard model == nil else { throw Problem("model is given twice") }
                model = .some(try parseModel(value))
            default: throw Problem("unknown part '\(key)' (known: offer, accept, model)")
            }
        }
        return BOANegotiator(
            offering: offering ?? TimeDependentOffering(ConcessionCurve(exponent: 0.2)), acceptance: acceptance ?? AcceptNext(),
            model: model ?? nil)
    }

    private static func numbers(_ text: some StringProtocol, _ what: String, count: ClosedRange<Int>) throws(Problem) -> [Double?] {
        let fields = text.isEmpty ? [] : text.split(separator: ":", omittingEmptySubsequences: false)
        guard count.contains(fields.count) else {
            throw Problem(
                "\(what) takes \(count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "\(count.lowerBound) to \(count.upperBound)") parameters, not \(fields.count)"
            )
        }
        return try fields.map { (field) throws(Problem) -> Double? in
            if field == "floor" || field == "best" { return nil }
            guard let number = Double(field), number.isFinite else { throw Problem("'\(field)' in \(what) is not a number") }
            return number
        }
    }

    private static func curve(_ text: some StringProtocol, _ what: String, extra: Int = 0) throws(Problem) -> (ConcessionCurve, [Double?]) {
        let values = try numbers(text, what, count: 1...(4 + extra))
        guard let exponent = values[0] else { throw Problem("\(what) needs an exponent E") }
        let curve = ConcessionCurve(
            exponent: exponent, initialConcession: values.count > 1 ? values[1] ?? 0 : 0, minimum: values.count > 2 ? values[2] : nil,
            maximum: values.count > 3 ? values[3] : nil)
        if let problem = curve.problem { throw Problem("\(what): \(problem)") }
        return (curve, Array(values.dropFirst(4)))
    }

    private static func split(_ text: String) -> (name: String, parameters: Substring) {
        guard let colon = text.firstIndex(of: ":") else { return (text, "") }
        return (String(text[..<colon]), text[text.index(after: colon)...])
    }

    private static func parseOffering(_ text: String) throws(Problem) -> any OfferingStrategy {
        let (name, parameters) = split(text)
        switch name {
        case "time":
            return TimeDependentOffering(try curve(parameters, "offer=time").0)
        case "guided":
            let (curve, rest) = try curve(parameters, "offer=guided", extra: 1)
            let width = rest.first.flatMap { $0 } ?? 0.05
            guard width >= 0 else { throw Problem("offer=guided: WIDTH must be >= 0") }
            return ModelGuidedOffering(curve, width: width)
        case "random":
            let values = try numbers(parameters, "offer=random", count: 1...2)
            guard let low = values[0] else { throw Problem("offer=random needs LOW") }
            let high = values.count > 1 ? values[1] ?? 1 : 1
            guard low <= high else { throw Problem("offer=random: LOW \(formatNumber(low)) is above HIGH \(formatNumber(high))") }
            return RandomBandOffering(low: low, high: high)
        default: throw Problem("unknown offering strategy '\(name)' (known: time, guided, random)")
        }
    }

    private static func parseAcceptance(_ text: String) throws(Problem) -> any AcceptanceCondition {
        let (name, parameters) = split(text)
        func required(_ count: Int) throws(Problem) -> [Double] {
            let values = try numbers(parameters, "accept=\(name)", count: count...count)
            return try values.map { (value) throws(Problem) -> Double in
                guard let value else { throw Problem("accept=\(name) takes numbers only") }
                return value
            }
        }
        switch name {
        case "ac-next", "ac-prev":
            let values = parameters.isEmpty ? [1, 0] : try required(2)
            return name == "ac-next" ? AcceptNext(scale: values[0], margin: values[1]) : AcceptPrevious(scale: values[0], margin: values[1])
        case "ac-const": return AcceptConstant(try required(1)[0])
        case "ac-time": return AcceptTime(try required(1)[0])
        case "ac-last":
            guard parameters.isEmpty else { throw Problem("accept=ac-last takes no parameters") }
            return AcceptLast()
        case "ac-combi":
            let fields = parameters.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count == 1 || fields.count == 2, let deadline = Double(fields[0]), deadline.isFinite else {
                throw Problem("accept=ac-combi takes T and optionally max or avg")
            }
            guard fields.count == 1 || fields[1] == "max" || fields[1] == "avg" else {
                throw Problem("accept=ac-combi: '\(fields[1])' is not max or avg")
            }
            return AcceptCombination(deadline: deadline, summary: fields.count == 2 && fields[1] == "avg" ? .average : .maximum)
        case "ac-curve": return AcceptCurve(try curve(parameters, "accept=ac-curve").0)
        default:
            throw Problem("unknown acceptance condition '\(name)' (known: ac-next, ac-prev, ac-const, ac-time, ac-last, ac-combi, ac-curve)")
        }
    }

    private static func parseModel(_ text: String) throws(Problem) -> (any OpponentModel)? {
        switch text {
        case "frequency": return FrequencyOpponentModel()
        case "smith": return SmithFrequencyModel()
        case "bayesian": return BayesianOpponentModel()
        case "none": return nil
        default: throw Problem("unknown opponent model '\(text)' (known: frequency, smith, bayesian, none)")
        }
    }
}
