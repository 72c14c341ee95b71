/// The scenarios that ship with Parley: the package's `Scenarios/` folder, compiled into the
/// library at build time, so any copy of the `parley` binary has them wherever it runs.
public enum BundledScenarios {
    /// The scenario commands use when none is named.
    public static let defaultName = "us-iran-geneva-2026"

    /// The stakeholder table `parley forecast` uses when none is named.
    public static let defaultForecastTable = "us-iran-forecast.csv"

    /// The bundled scenarios' names (file names without `.yaml`), sorted.
    public static let names: [String] = EmbeddedFiles.contents.keys.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()

    /// The text of the bundled scenario `name` (with or without `.yaml`); nil for any other name.
    public static func text(of name: String) -> String? {
        EmbeddedFiles.contents[name.hasSuffix(".yaml") ? name : "\(name).yaml"]
    }

    /// The text of a bundled file other than a scenario (a stakeholder table), by file name.
    public static func file(_ name: String) -> String? { EmbeddedFiles.contents[name] }

    /// The bundled names as a phrase for error messages: "a, b".
    public static var namesList: String { names.joined(separator: ", ") }
}

#if PARLEY_NO_EMBEDDED_SCENARIOS
    /// The fuzzing build has no bundled files.
    enum EmbeddedFiles {
        static let contents: [String: String] = [:]
    }
#endif
