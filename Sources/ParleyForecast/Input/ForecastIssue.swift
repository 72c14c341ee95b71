/// One issue dimension of a dispute: its scale, its stakeholders, and how uncertain their
/// numbers are (for the Monte Carlo wrapper).
public struct ForecastIssue: Hashable, Sendable {
    /// The dimension's name, such as `enrichment`.
    public var name: String
    /// What the scale measures, in words (may be empty).
    public var summary: String
    /// The lowest and highest position the scale allows.
    public var scale: ClosedRange<Double>
    /// The scale salience was written on (only for display; `Stakeholder.salience` is a share).
    public var salienceScale: ClosedRange<Double>
    /// The actors, in table order.
    public var stakeholders: [Stakeholder]
    /// How far the Monte Carlo wrapper may move each number.
    public var uncertainty: Uncertainty

    /// An issue over `scale`; its uncertainty is `Uncertainty.standard(for: scale)` unless given.
    public init(
        name: String, summary: String = "", scale: ClosedRange<Double>, salienceScale: ClosedRange<Double> = 0...1,
        stakeholders: [Stakeholder], uncertainty: Uncertainty? = nil
    ) {
        self.name = name
        self.summary = summary
        self.scale = scale
        self.salienceScale = salienceScale
        self.stakeholders = stakeholders
        self.uncertainty = uncertainty ?? Uncertainty.standard(for: scale)
    }

    /// The width of the scale (1 when the scale is a single point, so divisions stay finite).
    public var width: Double { scale.upperBound > scale.lowerBound ? scale.upperBound - scale.lowerBound : 1 }
}

/// Declared uncertainty of a stakeholder table: each draw of the Monte Carlo wrapper moves every
/// number uniformly within these half-widths and clamps it to its scale.
public struct Uncertainty: Hashable, Sendable {
    /// Half-width for positions, in the issue's units.
    public var position: Double
    /// Half-width for salience, as a share of the salience scale (0.1 = ten points of 100).
    public var salience: Double
    /// Half-width for capability, relative (0.2 = plus or minus 20 %).
    public var capability: Double

    /// Half-widths for each number.
    public init(position: Double, salience: Double, capability: Double) {
        self.position = position
        self.salience = salience
        self.capability = capability
    }

    /// The default when a table declares none: 5 % of the scale, 0.1 of salience, 20 % of capability.
    public static func standard(for scale: ClosedRange<Double>) -> Uncertainty {
        Uncertainty(position: 0.05 * (scale.upperBound - scale.lowerBound), salience: 0.1, capability: 0.2)
    }
}
