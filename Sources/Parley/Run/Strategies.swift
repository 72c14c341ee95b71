/// The built-in negotiators and mediators by the names the command line and scenario files use.
public enum Strategies {
    /// Negotiator names, with what each does.
    public static let negotiators: [(name: String, summary: String)] = [
        ("boulware", "time-based, concedes late (e = 0.2)"),
        ("linear", "time-based, concedes at a constant pace (e = 1)"),
        ("conceder", "time-based, concedes early (e = 2)"),
        ("time:E", "time-based with exponent E, e.g. time:0.5"),
        ("hardliner", "never concedes"),
        ("random", "random offers above its reservation value"),
        ("tit-for-tat", "concedes as much as the other side has"),
        ("frequency-model", "time-based, offers what a frequency model says the others like"),
        ("annealer", "single-text voter that sometimes accepts a loss while the temperature is high"),
        ("agentk", "ANAC 2010 winner: concedes toward the most it estimates the opponent will give"),
        ("hardheaded", "ANAC 2011 winner: very late concession, offers chosen with a frequency model"),
        ("gahboninho", "ANAC 2011 runner-up: pressure first, then concedes less the nicer the opponent"),
        ("iamhaggler2011", "ANAC 2011: Gaussian-process forecast of the opponent's concession sets its target"),
        ("cuhkagent", "ANAC 2012 winner: concedes toward the best offer received, later against a conceding opponent"),
        ("the-negotiator-reloaded", "ANAC 2012: BOA agent, concession by opponent type toward the estimated Kalai point"),
        ("omac", "ANAC 2012: forecasts the opponent's concession from a smoothed trend and concedes to meet it"),
        ("atlas3", "ANAC 2015 winner: Boulware toward the most it expects, offers close to the opponent's last offer"),
        ("boa/offer=O/accept=A/model=M", "composed of an offering strategy, an acceptance condition and an opponent model"),
    ]

    /// Mediator names, with what each does.
    public static let mediators: [(name: String, summary: String)] = [
        ("shuttle", "builds a bridging text from the objections it hears (indirect talks)"),
        ("random-change", "random single-issue changes"),
        ("hill-climbing", "systematic single-issue changes, never repeated"),
        ("annealing", "large changes early, small ones late"),
        ("nash-seeking", "steers to the Nash point; needs 'knows: profiles'"),
    ]

    /// A new negotiator by its name in `negotiators`; `time:E` takes any positive exponent and
    /// `boa/…` any composition `BOASpec` reads.
    /// - Throws: `SessionError.setUp` for an invalid `boa/…` spec, `SessionError.unknownName` for
    ///   any other name.
    public static func negotiator(named name: String) throws(SessionError) -> any Negotiator {
        switch name {
        case "boulware": return TimeBasedNegotiator.boulware
        case "linear": return TimeBasedNegotiator.linear
        case "conceder": return TimeBasedNegotiator.conceder
        case "hardliner": return HardLiner()
        case "random": return RandomNegotiator()
        case "tit-for-tat": return TitForTat()
        case "frequency-model": return FrequencyModelNegotiator()
        case "annealer": return AnnealingVoter()
        case "agentk": return AgentK()
        case "hardheaded": return HardHeaded()
        case "gahboninho": return Gahboninho()
        case "iamhaggler2011": return IAMhaggler2011()
        case "cuhkagent": return CUHKAgent()
        case "the-negotiator-reloaded": return TheNegotiatorReloaded()
        case "omac": return OMAC()
        case "atlas3": return Atlas3()
        default:
            if name.hasPrefix(BOASpec.prefix) { return try BOASpec.negotiator(name) }
            if name.hasPrefix("time:"), let exponent = Double(name.dropFirst(5)), exponent > 0 {
                return TimeBasedNegotiator(exponent: exponent)
            }
            throw .unknownName(kind: "negotiator", name: name, known: Self.negotiators.map(\.name))
        }
    }

    /// A new mediator by its name in `mediators`.
    /// - Throws: `SessionError.unknownName` for any other name.
    public static func mediator(named name: String) throws(SessionError) -> any Mediator {
        switch name {
        case "shuttle": return ShuttleMediator()
        case "random-change": return RandomChangeMediator()
        case "hill-climbing": return HillClimbingMediator()
        case "annealing": return AnnealingMediator()
        case "nash-seeking": return NashSeekingMediator()
        default: throw .unknownName(kind: "mediator", name: name, known: Self.mediators.map(\.name))
        }
    }
}
