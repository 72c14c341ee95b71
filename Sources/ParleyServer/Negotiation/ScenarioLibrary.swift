import Foundation
import Parley
import ParleyFormats
import ParleySupport

/// Where scenarios for new negotiations come from: the bundled scenarios, uploaded Parley
/// YAML/JSON text, or uploaded GENIUS XML files.
struct ScenarioLibrary: Sendable {
    /// The bundled scenarios' names.
    var bundledNames: [String] { BundledScenarios.names }

    /// The text of a bundled scenario.
    func bundledText(_ name: String) throws(DefinitionError) -> String {
        guard !name.contains("/"), let text = BundledScenarios.text(of: name) else {
            throw DefinitionError("no bundled scenario '\(name)' (bundled: \(BundledScenarios.namesList))")
        }
        return text
    }

    /// Imports uploaded GENIUS files (a domain and one profile per party) and returns the
    /// scenario as Parley JSON text.
    func geniusText(files: [String: String], realStep: Double?) throws(DefinitionError) -> String {
        guard (2...32).contains(files.count) else {
            throw DefinitionError("genius.files needs a domain and at least one profile (2 to 32 files), not \(files.count)")
        }
        for name in files.keys {
            let valid =
                name.lowercased().hasSuffix(".xml") && name.count <= 128 && !name.hasPrefix(".")
                && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
            guard valid else { throw DefinitionError("genius.files: '\(name)' is not a plain .xml file name (letters, digits, '-', '_', '.')") }
        }
        let scenario: Scenario
        do {
            scenario = try GeniusImporter(realStep: realStep).importScenario(
                files: files.map { (name: $0.key, bytes: Array($0.value.utf8)) }, name: "genius", location: "genius")
        } catch {
            throw .scenario(error)
        }
        return ScenarioFile.encode(scenario, as: .json)
    }
}
