import Foundation
import Parley
import ParleyFormats

/// Where scenarios for new negotiations come from: the bundled `Scenarios/` folder, uploaded
/// Parley YAML/JSON text, or uploaded GENIUS XML files.
struct ScenarioLibrary: Sendable {
    /// The folder of bundled scenarios, if one was found.
    var folder: URL?

    /// The bundled scenarios' names.
    var bundledNames: [String] { BundledScenarios(folder: folder).names }

    /// The text of a bundled scenario.
    func bundledText(_ name: String) throws(DefinitionError) -> String {
        let valid = !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        guard valid, let path = BundledScenarios(folder: folder).path(of: name), let text = try? String(contentsOfFile: path, encoding: .utf8)
        else {
            throw DefinitionError("no bundled scenario '\(name)' (bundled: \(bundledNames.joined(separator: ", ")))")
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
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("parley-genius-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let scenario: Scenario
        do {
            try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
            for (name, text) in files { try Data(text.utf8).write(to: temporary.appendingPathComponent(name)) }
        } catch {
            throw DefinitionError("cannot stage the GENIUS files: \(error.localizedDescription)")
        }
        do {
            scenario = try GeniusImporter(realStep: realStep).importScenario(from: temporary)
        } catch {
            // Name the uploaded file, not the staging folder.
            throw DefinitionError(
                error.description.replacingOccurrences(of: temporary.path + "/", with: "").replacingOccurrences(of: temporary.path, with: "genius"))
        }
        return ScenarioFile.encode(scenario, as: .json)
    }
}
