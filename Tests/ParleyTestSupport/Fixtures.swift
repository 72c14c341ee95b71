import Foundation

/// Where the shared fixtures live: `../shared` beside the package, read at run time.
public enum Fixtures {
    /// The package's root folder.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `../shared` beside the package.
    public static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// The GENIUS scenario folders.
    public static let genius = shared.appendingPathComponent("scenarios/genius")

    /// The names of every GENIUS scenario folder, sorted.
    public static var geniusFolders: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: genius.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    /// A folder of `../shared/scenarios/genius`.
    public static func genius(_ name: String) -> URL { genius.appendingPathComponent(name) }
}
