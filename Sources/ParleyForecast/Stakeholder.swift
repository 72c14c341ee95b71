/// An actor in a political dispute, as stakeholder models see it: where it stands on one issue
/// scale, how much the issue matters to it, and how much weight it can bring to bear.
public struct Stakeholder: Hashable, Sendable {
    public var name: String
    /// Relative power (any non-negative scale; only ratios matter).
    public var capability: Double
    /// The outcome the actor advocates, on the scale.
    public var position: Double
    /// How much the issue matters to the actor, in [0, 1].
    public var salience: Double

    public init(name: String, capability: Double, position: Double, salience: Double) {
        self.name = name
        self.capability = capability
        self.position = position
        self.salience = salience
    }
}
