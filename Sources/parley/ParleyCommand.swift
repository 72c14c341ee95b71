import ArgumentParser

@main
struct ParleyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Model, run and analyse multi-issue negotiations.",
        discussion: """
            With no scenario, commands use the bundled US–Iran Geneva talks \
            (us-iran-geneva-2026). A scenario is a Parley YAML/JSON file, a GENIUS folder (one \
            domain file and one profile per party) or a bundled scenario's name.
            """,
        version: "0.1.0",
        subcommands: [Run.self, Analyze.self, Forecast.self, Tournament.self, Convert.self, Evaluate.self, Serve.self],
        groupedSubcommands: [
            CommandGroup(name: "Benchmarks", subcommands: [Bench.self, BenchSession.self, BenchNonlinear.self])
        ]
    )
}
