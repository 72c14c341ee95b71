import ParleySupport

/// GENIUS's time-dependent concession curve (Faratin, Sierra & Jennings 1998, as the BOA
/// framework of Baarslag et al. 2014 parameterises it): at relative time `t`,
/// `F(t) = k + (1 − k) · t^(1/e)` and the target is `p(t) = Pmin + (Pmax − Pmin) · (1 − F(t))`.
///
/// `e < 1` concedes late (Boulware), `e = 1` linearly, `e > 1` early (Conceder); `k` is the
/// share of the range conceded at once. `Pmin` and `Pmax` default to the party's floor (its
/// reservation value or worst utility, whichever is higher) and its best utility.
public struct ConcessionCurve: Hashable, Sendable {
    /// The concession exponent `e`, positive and finite.
    public var exponent: Double
    /// The share `k` in [0, 1] of the range conceded at time 0.
    public var initialConcession: Double
    /// `Pmin`: the utility conceded to at `t = 1`; nil for the party's floor.
    public var minimum: Double?
    /// `Pmax`: the utility aimed for at `t = 0` when `k = 0`; nil for the party's best utility.
    public var maximum: Double?

    /// A curve with exponent `exponent`, `k = initialConcession`, and optional bounds.
    public init(exponent: Double, initialConcession: Double = 0, minimum: Double? = nil, maximum: Double? = nil) {
        self.exponent = exponent
        self.initialConcession = initialConcession
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Why the curve cannot be used, or nil when it can.
    public var problem: String? {
        if !(exponent > 0 && exponent.isFinite) { return "the exponent e must be > 0, not \(formatNumber(exponent))" }
        if !(initialConcession >= 0 && initialConcession <= 1) { return "k must be in [0, 1], not \(formatNumber(initialConcession))" }
        if let minimum, let maximum, minimum > maximum { return "Pmin \(formatNumber(minimum)) is above Pmax \(formatNumber(maximum))" }
        return nil
    }

    /// `F(t) = k + (1 − k) · t^(1/e)`, the share of the range conceded at `time`.
    public func conceded(at time: Double) -> Double {
        let t = min(1, max(0, time))
        return initialConcession + (1 - initialConcession) * Double.pow(t, 1 / exponent)
    }

    /// `Pmin + (Pmax − Pmin) · (1 − F(t))`, with the defaults for `Pmin` and `Pmax` given.
    public func target(at time: Double, best: Double, floor: Double) -> Double {
        let top = maximum ?? best
        let bottom = min(minimum ?? floor, top)
        return bottom + (top - bottom) * (1 - conceded(at: time))
    }

    /// `E[:K[:PMIN[:PMAX]]]`, the parameters as a spec writes them (`floor` and `best` for the
    /// defaults of `Pmin` and `Pmax`).
    public var spec: String { spec(full: false) }

    /// The spec; with `full`, all four parameters even when they are the defaults.
    public func spec(full: Bool) -> String {
        var parts = [formatNumber(exponent)]
        if full || initialConcession != 0 || minimum != nil || maximum != nil { parts.append(formatNumber(initialConcession)) }
        if full || minimum != nil || maximum != nil { parts.append(minimum.map(formatNumber) ?? "floor") }
        if full || maximum != nil { parts.append(maximum.map(formatNumber) ?? "best") }
        return parts.joined(separator: ":")
    }
}
