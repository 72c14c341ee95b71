import Benchmark
import Foundation
import Parley
import ParleyForecast
import ParleyFormats
import ParleySupport

/// The GENIUS folders of the repository's test fixtures.
let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Tests/Fixtures/genius")

func scenario(_ folder: String) -> Scenario {
    do {
        return try ScenarioLoader().load(fixtures.appendingPathComponent(folder).path)
    } catch {
        fatalError("benchmark fixture \(folder): \(error)")
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(5))

    // The whole analysis `parley analyze` computes: frontier, solutions and the ZOPA walk.
    for folder in ["y2010-Travel", "y2016-parsCat", "y2014-10issuesDiscounted"] {
        let loaded = scenario(folder)
        Benchmark("analysis \(folder)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try OutcomeAnalysis(scenario: loaded)) }
        }
    }

    // A 1000-round Boulware-vs-Conceder session, as `parley bench-session` times it.
    let camera = try? SessionSetup(
        scenario: scenario("y2011-Camera"), protocol: .alternatingOffers, rounds: 1000, negotiatorList: ["boulware", "conceder"])
    Benchmark("session y2011-Camera boulware-conceder 1000 rounds") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try camera?.run(seed: 1)) }
    }

    // The bundled Geneva talks: indirect talks through a mediator, an agenda, a hazard.
    let geneva = try? SessionSetup(scenario: ScenarioLoader().load(BundledScenarios.defaultName))
    Benchmark("session Geneva seed 3") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try geneva?.run(seed: 3)) }
    }

    Benchmark("SeededGenerator 1000 bounded draws", configuration: .init(scalingFactor: .kilo)) { benchmark in
        var generator = SeededGenerator(seed: 1)
        for _ in benchmark.scaledIterations { blackHole(generator.uniform(below: 1000)) }
    }

    let table = try? StakeholderTable.parse(csv: BundledScenarios.file(BundledScenarios.defaultForecastTable) ?? "", file: "geneva")
    Benchmark("forecast expected utility, Geneva table") { benchmark in
        for _ in benchmark.scaledIterations {
            for issue in table?.issues ?? [] { blackHole(ExpectedUtilityModel().run(issue, rounds: 100)) }
        }
    }
}
