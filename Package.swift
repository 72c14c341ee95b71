// swift-tools-version:6.2
import PackageDescription

/// On every target. CI sets PARLEY_STRICT=1 to make warnings errors as well; a user's newer
/// compiler may warn of things this one does not, and that should not stop their build.
let strictness: [SwiftSetting] =
    [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ] + (Context.environment["PARLEY_STRICT"] == "1" ? [.treatAllWarnings(as: .error)] : [])

/// The fuzzing build (`PARLEY_FUZZ=1 swift build --package-path Fuzz --sanitize fuzzer`) compiles
/// every executable as a library, so it leaves out the build-tool plugin that embeds Scenarios/.
let fuzzing = Context.environment["PARLEY_FUZZ"] == "1"

let package = Package(
    name: "Parley",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ParleySupport", targets: ["ParleySupport"]),
        .library(name: "Parley", targets: ["Parley"]),
        .library(name: "ParleyFormats", targets: ["ParleyFormats"]),
        .library(name: "ParleyForecast", targets: ["ParleyForecast"]),
        .library(name: "ParleyReports", targets: ["ParleyReports"]),
        .executable(name: "parley", targets: ["parley"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
    ],
    targets: [
        // MARK: Libraries

        /// What every module shares: JSON values, text tables, number formatting, markup
        /// escaping, the seeded random generator, the one-line file error. Depends on nothing.
        .target(name: "ParleySupport", swiftSettings: strictness),

        /// The model, analysis, protocols and negotiators: no presentation, no I/O.
        .target(name: "Parley", dependencies: ["ParleySupport"], swiftSettings: strictness),

        /// Scenario files: Parley's YAML/JSON format and GENIUS XML; the bundled scenarios.
        .target(
            name: "ParleyFormats",
            dependencies: ["Parley", "ParleySupport", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictness + (fuzzing ? [.define("PARLEY_NO_EMBEDDED_SCENARIOS")] : []),
            plugins: fuzzing ? [] : ["EmbedScenarios"]
        ),

        /// Stakeholder models of political bargaining (expected-utility model and baselines).
        .target(name: "ParleyForecast", dependencies: ["Parley", "ParleySupport"], swiftSettings: strictness),

        /// What people read: the session story, HTML pages with SVG charts, analysis and
        /// forecast tables, trace JSON.
        .target(name: "ParleyReports", dependencies: ["Parley", "ParleyForecast", "ParleySupport"], swiftSettings: strictness),

        /// What the PostgreSQL stores share: database URLs and one-line errors.
        .target(
            name: "ParleyPostgres",
            dependencies: [
                "ParleySupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),

        /// Tournaments: many sessions in parallel, stored in SQLite (or PostgreSQL, shared by
        /// workers) as they finish, resumable.
        .target(
            name: "ParleyTournament",
            dependencies: [
                "Parley", "ParleyPostgres", "ParleySupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),

        /// Negotiations over HTTP and WebSocket, one bearer token per role, state in SQLite (one
        /// process) or PostgreSQL (replicas).
        .target(
            name: "ParleyServer",
            dependencies: [
                "Parley", "ParleyFormats", "ParleyPostgres", "ParleyReports", "ParleySupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),

        // MARK: Command-line tool

        .executableTarget(
            name: "parley",
            dependencies: [
                "Parley", "ParleyFormats", "ParleyForecast", "ParleyPostgres", "ParleyReports", "ParleySupport", "ParleyTournament",
                "ParleyServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),

        // MARK: Build tools

        /// Compiles `Scenarios/` into ParleyFormats, so a copied binary keeps its scenarios.
        .plugin(name: "EmbedScenarios", capability: .buildTool(), dependencies: ["embed-files"]),
        .executableTarget(name: "embed-files", swiftSettings: strictness),

        // MARK: Tests

        .target(name: "ParleyTestSupport", dependencies: ["Parley", "ParleySupport"], path: "Tests/ParleyTestSupport", swiftSettings: strictness),
        .testTarget(
            name: "ParleyTests", dependencies: ["Parley", "ParleyReports", "ParleySupport", "ParleyTestSupport"], swiftSettings: strictness),
        .testTarget(
            name: "ParleyFormatsTests",
            dependencies: ["Parley", "ParleyFormats", "ParleyReports", "ParleySupport", "ParleyTestSupport"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "ParleyForecastTests",
            dependencies: ["Parley", "ParleyForecast", "ParleyReports", "ParleySupport", "ParleyTestSupport"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "ParleyTournamentTests",
            dependencies: ["Parley", "ParleyPostgres", "ParleySupport", "ParleyTournament", "ParleyTestSupport", "parley"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "ParleyServerTests",
            dependencies: [
                "ParleyServer", "ParleyTestSupport", "parley",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(name: "parleyTests", dependencies: ["ParleyTestSupport", "parley"], swiftSettings: strictness),
    ],
    swiftLanguageModes: [.v6]
)
