import Foundation
import Parley
import ParleySupport

/// Finds and reads a scenario from what a user names: a Parley YAML/JSON file, a GENIUS,
/// GeniusWeb or NegMAS folder (told apart by content), or a bundled scenario's name. The one entry point the command line, the server and
/// tournaments share.
public struct ScenarioLoader: Sendable {
    /// The step real-valued GENIUS issues are discretised with; such issues are refused without one.
    public var realStep: Double?

    /// A loader; without `realStep`, GENIUS folders with real-valued issues are refused.
    public init(realStep: Double? = nil) { self.realStep = realStep }

    /// Reads the scenario `reference` names.
    public func load(_ reference: String) throws(FormatError) -> Scenario {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: reference, isDirectory: &isFolder) {
            guard isFolder.boolValue else { return try ScenarioFile.read(from: reference) }
            switch try ScenarioFolder.kind(of: reference) {
            case .geniusWeb: return try GeniusWebFormat.read(folder: reference)
            case .negmas: return try NegMASFormat.read(folder: reference)
            case .genius, nil: return try GeniusImporter(realStep: realStep).importScenario(from: URL(fileURLWithPath: reference))
            }
        }
        if !reference.contains("/"), let text = BundledScenarios.text(of: reference) {
            return try ScenarioFile.decode(text, file: reference.hasSuffix(".yaml") ? reference : "\(reference).yaml")
        }
        throw FormatError(file: reference, "no such file, folder or bundled scenario (bundled: \(BundledScenarios.namesList))")
    }
}
