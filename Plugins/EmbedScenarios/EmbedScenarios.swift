import Foundation
import PackagePlugin

/// Compiles the package's `Scenarios/` folder into the target that uses this plugin, so a
/// `parley` binary copied anywhere still has its bundled scenarios (SwiftPM resources live
/// beside the binary and are lost when it is copied alone).
@main
struct EmbedScenarios: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "Scenarios")
        let inputs = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedScenarios.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) bundled scenario files",
                executable: try context.tool(named: "embed-files").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
