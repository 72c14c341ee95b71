import Foundation

/// The data the tests read, kept in the repository under `Tests/Fixtures/`: GENIUS scenario
/// folders, the independent reference figures for them, and the DEU III extract.
public enum Fixtures {
    /// The package's root folder.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `Tests/Fixtures`.
    public static let root = packageRoot.appendingPathComponent("Tests/Fixtures")

    /// The GENIUS scenario folders.
    public static let genius = root.appendingPathComponent("genius")

    /// The reference figures for the GENIUS folders, computed by an independent implementation
    /// of GENIUS semantics (see `Tests/Fixtures/README.md`).
    public static let geniusReference = root.appendingPathComponent("reference/genius-reference.json")

    /// The DEU III extract (Decision-making in the European Union).
    public static let deu3 = root.appendingPathComponent("deu3")

    /// The names of every GENIUS scenario folder, sorted.
    public static var geniusFolders: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: genius.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    /// A folder of `Tests/Fixtures/genius`.
    public static func genius(_ name: String) -> URL { genius.appendingPathComponent(name) }

    /// BDM (1994) EU car-emission issue as tabulated by Scholz, Calbert & Smith (2011, Table 1):
    /// years until standards apply, 4–10; capability; salience 0–100.
    public static let emissionsTable = """
        # issue: emissions
        # summary: Years until emission standards for medium-sized cars apply (BDM 1994)
        # scale: 4..10
        # salience-scale: 0..100
        actor,capability,position,salience
        Netherlands,0.08,4,80
        Belgium,0.08,7,40
        Luxembourg,0.03,4,20
        Germany,0.16,4,80
        France,0.16,10,60
        Italy,0.16,10,60
        UK,0.16,10,90
        Ireland,0.05,7,10
        Denmark,0.05,4,100
        Greece,0.08,7,70
        """
}
