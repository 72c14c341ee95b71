/// An actor in a political dispute, as stakeholder models see it: where it stands on one issue
/// scale, how much the issue matters to it, and how much weight it can bring to bear.
public struct Stakeholder: Hashable, Sendable, Codable {
    /// The actor's name, as the table gives it.
    public var name: String
    /// Relative power (any non-negative scale; only ratios matter).
    public var capability: Double
    /// The outcome the actor advocates, on the scale.
    public var position: Double
    /// How much the issue matters to the actor, as a share of its salience scale, in [0, 1].
    public var salience: Double

    /// An actor; `salience` is a share in [0, 1], whatever scale a table wrote it on.
    public init(name: String, capability: Double, position: Double, salience: Double) {
        self.name = name
        self.capability = capability
        self.position = position
        self.salience = salience
    }

    /// The weight spatial models give the actor: capability times salience.
    public var weight: Double { capability * salience }
}
