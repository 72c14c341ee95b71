import ArgumentParser

@main
struct ParleyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Model, run and analyse multi-issue negotiations.",
        discussion: """
            With no scenario, commands use the bundled US–Iran Geneva talks \
            (Scenarios/us-iran-geneva-2026.yaml). A scenario is a Parley YAML/JSON file or a \
            GENIUS folder (one domain file and one profile per party).
            """,
        version: "0.1.0",
        subcommands: [
            Analyze.self, Convert.self, Run.self, BenchSession.self, Tournament.self, Forecast.self, Bench.self, BenchNonlinear.self, Serve.self,
        ]
    )
}
