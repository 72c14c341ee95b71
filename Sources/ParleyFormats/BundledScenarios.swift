import Foundation

/// The scenarios that ship with Parley in its `Scenarios/` folder, found beside the working
/// directory or above the executable (so `swift run` and an installed binary both find them).
public struct BundledScenarios: Sendable {
    /// The scenario commands use when none is named.
    public static let defaultName = "us-iran-geneva-2026"

    /// The folder, if one was found.
    public var folder: URL?

    public init(folder: URL? = BundledScenarios.locate()) { self.folder = folder }

    /// The `Scenarios/` folder that holds the default scenario, searching the working
    /// directory and the executable's folder and its parents.
    public static func locate() -> URL? {
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        var executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<5 {
            executable.deleteLastPathComponent()
            candidates.append(executable)
        }
        return candidates.map { $0.appendingPathComponent("Scenarios") }.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("\(defaultName).yaml").path)
        }
    }

    /// The bundled scenarios' names (file names without `.yaml`), sorted.
    public var names: [String] {
        guard let folder, let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The path of the bundled scenario `name` (with or without `.yaml`); nil for anything
    /// else, including names that would leave the folder.
    public func path(of name: String) -> String? {
        let stem = name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name
        guard let folder, !stem.hasPrefix("."), names.contains(stem) else { return nil }
        return folder.appendingPathComponent("\(stem).yaml").path
    }
}
