// swift-tools-version:6.2
import PackageDescription

// Coverage-guided fuzzing of Parley's readers with libFuzzer, kept out of the shipped product:
// `swift build --package-path Fuzz --sanitize fuzzer`, then run a harness on its corpus (see
// docs/reliability.md). Each harness feeds arbitrary bytes to one reader; a reader may refuse
// them with a FormatError, never crash, hang or allocate without bound.
let package = Package(
    name: "ParleyFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Parley", path: "../")],
    targets: [
        .executableTarget(
            name: "fuzz-genius",
            dependencies: [.product(name: "ParleyFormats", package: "Parley")]
        ),
        .executableTarget(
            name: "fuzz-scenario",
            dependencies: [.product(name: "ParleyFormats", package: "Parley"), .product(name: "Parley", package: "Parley")]
        ),
        .executableTarget(
            name: "fuzz-table",
            dependencies: [.product(name: "ParleyForecast", package: "Parley")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
