// swift-tools-version:6.1
import PackageDescription

// Layers, inner to outer; a module imports only modules of inner layers (and its listed packages):
//   1. TermscaleCore: the pure model, planner, action compiler and diff; no I/O.
//   2. Adapters, each on Core alone: TermscaleReaders (bytes → model: CSV, iCalendar, policy YAML),
//      TermscaleStore (SQLite through GRDB), TermscaleAWS (the Auto Scaling client; with
//      TermscaleCrypto over CCrypto, and CCurl), TermscaleReports (model → text).
//   3. TermscaleKit: the workflows, with file, clock and environment I/O.
//   4. termscale: the executable, the only module that imports ArgumentParser; termscale-bench.
// CCurl and CCrypto wrap system C libraries.
let package = Package(
    name: "termscale",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "termscale", targets: ["termscale"]),
        // For Fuzz/Package.swift, which builds the readers and the AWS parsers with libFuzzer
        // and AddressSanitizer; nothing outside this repository is meant to depend on them.
        .library(name: "TermscaleCore", targets: ["TermscaleCore"]),
        .library(name: "TermscaleReaders", targets: ["TermscaleReaders"]),
        .library(name: "TermscaleAWS", targets: ["TermscaleAWS"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "TermscaleCore"),
        .target(name: "TermscaleCrypto", dependencies: ["CCrypto"]),
        .target(
            name: "TermscaleAWS",
            dependencies: ["TermscaleCore", "TermscaleCrypto", "CCurl", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "TermscaleReaders", dependencies: ["TermscaleCore", "Yams", "ZIPFoundation"]),
        .target(
            name: "TermscaleStore",
            dependencies: ["TermscaleCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(name: "TermscaleReports", dependencies: ["TermscaleCore"]),
        .target(
            name: "TermscaleKit",
            dependencies: [
                "TermscaleCore", "TermscaleReaders", "TermscaleStore", "TermscaleReports", "TermscaleCrypto",
                "TermscaleAWS", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "termscale",
            dependencies: [
                "TermscaleCore", "TermscaleReaders", "TermscaleStore", "TermscaleReports", "TermscaleKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "termscale-bench",
            dependencies: ["TermscaleCore", "TermscaleReaders", "TermscaleAWS", "TermscaleReports"],
            path: "Sources/termscale-bench"
        ),
        // What several test targets share: the policy builder, instants, seeded random values, the
        // binary runner and the moto_server harness. Test-only; no product depends on it.
        .target(name: "TermscaleTestSupport", dependencies: ["TermscaleCore"], path: "Tests/TermscaleTestSupport"),
        .testTarget(name: "TermscaleCoreTests", dependencies: ["TermscaleCore", "TermscaleTestSupport"]),
        .testTarget(name: "TermscaleCryptoTests", dependencies: ["TermscaleCrypto"]),
        .testTarget(
            // ZIPFoundation: the XLSX tests build small workbooks in memory.
            name: "TermscaleReadersTests", dependencies: ["TermscaleReaders", "TermscaleTestSupport", "ZIPFoundation"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "TermscaleAWSTests",
            dependencies: [
                "TermscaleAWS", "TermscaleCrypto", "TermscaleTestSupport", "CCurl",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "TermscaleStoreTests", dependencies: ["TermscaleStore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "TermscaleReportsTests",
            dependencies: ["TermscaleReports", "TermscaleReaders", "TermscaleTestSupport"]),
        .testTarget(
            name: "TermscaleKitTests",
            dependencies: [
                "TermscaleAWS", "TermscaleCrypto", "TermscaleKit", "TermscaleReaders", "TermscaleReports", "TermscaleStore",
                "TermscaleTestSupport",
            ]),
        // TermscaleStore: the history tests write push records as a push does, through the store.
        .testTarget(
            name: "EndToEndTests", dependencies: ["TermscaleCore", "TermscaleStore", "TermscaleTestSupport"],
            exclude: ["Golden", "Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)

// Every Swift module names what it uses: a member of another module is visible only where that
// module is imported (and so listed above), so the imports are the real dependency graph.
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("MemberImportVisibility")]
}
