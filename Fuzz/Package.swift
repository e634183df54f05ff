// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets for what termscale reads from outside: calendar exports, timetable CSV,
// policy YAML and the AWS answers (Query XML, REST-JSON). A package of its own so the main
// build never needs the sanitizers: `scripts/fuzz` builds it with `-sanitize=fuzzer,address`
// and runs each target. See the README's "Fuzzing".
let termscale: [Target.Dependency] = [
    .product(name: "TermscaleCore", package: "termscale"),
    .product(name: "TermscaleReaders", package: "termscale"),
    .product(name: "TermscaleAWS", package: "termscale"),
]

/// One libFuzzer target: its `main.swift` hands its input function to libFuzzer's driver.
func fuzzTarget(_ name: String) -> Target {
    .executableTarget(name: name, dependencies: termscale + ["FuzzSupport"])
}

let package = Package(
    name: "termscale-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Named, because a path dependency is otherwise known by its folder's name (a worktree's, a checkout's).
        .package(name: "termscale", path: ".."),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // libFuzzer's driver, declared for Swift.
        .target(name: "CFuzzerDriver"),
        // Running the driver, and the AWS targets' transport that answers with the fuzzer's bytes.
        .target(
            name: "FuzzSupport",
            dependencies: termscale + ["CFuzzerDriver", .product(name: "Logging", package: "swift-log")]),
        fuzzTarget("FuzzICalendar"),
        fuzzTarget("FuzzCSV"),
        fuzzTarget("FuzzPolicy"),
        fuzzTarget("FuzzAWSXML"),
        fuzzTarget("FuzzAWSJSON"),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets where target.name != "CFuzzerDriver" {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("MemberImportVisibility")]
}
