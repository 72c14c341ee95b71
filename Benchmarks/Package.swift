// swift-tools-version:6.1
import PackageDescription

// Micro-benchmarks of Parley's internals with ordo-one's benchmark package, kept out of the
// shipped product: `cd Benchmarks && swift package benchmark` (see README.md here).
let package = Package(
    name: "ParleyBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Parley", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ParleyBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Parley", package: "Parley"),
                .product(name: "ParleyFormats", package: "Parley"),
                .product(name: "ParleyForecast", package: "Parley"),
                .product(name: "ParleySupport", package: "Parley"),
            ],
            path: "Benchmarks/ParleyBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ],
    swiftLanguageModes: [.v6]
)
