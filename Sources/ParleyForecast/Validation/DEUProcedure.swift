/// The EU's legislative procedure on a DEU III issue, for `LegislativeProcedureModel`: the
/// Commission sets the agenda, the member states vote with their Treaty of Nice weights under a
/// qualified majority of 255 of 345 votes (73.9 %) or unanimity, and the Parliament holds a veto
/// under codecision. Member states without a position on the issue are left out of the count.
package enum DEUProcedure {
    /// Council votes per member state under the Treaty of Nice (EU-27, plus Croatia's 7 from 2013).
    package static let niceVotes: [String: Double] = [
        "de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13, "be": 12, "cz": 12, "el": 12, "hu": 12,
        "pt": 12, "at": 10, "bu": 10, "se": 10, "dk": 7, "ie": 7, "lt": 7, "sk": 7, "fi": 7, "cr": 7, "cy": 4, "ee": 4, "lv": 4,
        "lu": 4, "si": 4, "mt": 3,
    ]

    /// The qualified majority's share of the votes (255 of 345).
    package static let qualifiedMajority = 255.0 / 345.0

    /// The procedure on `issue`, or nil without a reference point or a Commission position.
    package static func model(_ issue: DEUDataset.Issue) -> LegislativeProcedureModel? {
        guard let referencePoint = issue.referencePoint, let setter = issue.actors.first(where: { $0.code == "com" })?.position else {
            return nil
        }
        let council = issue.actors.compactMap { actor in
            niceVotes[actor.code].map { LegislativeProcedureModel.Voter(position: actor.position, votes: $0) }
        }
        guard !council.isEmpty else { return nil }
        let parliament = issue.codecision ? issue.actors.first { $0.code == "ep" }?.position : nil
        return LegislativeProcedureModel(
            setter: setter, council: council, quota: issue.qualifiedMajority ? qualifiedMajority : 1, chamber: parliament,
            referencePoint: referencePoint)
    }
}
