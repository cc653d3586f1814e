// swift-tools-version: 6.1
import PackageDescription

// The benchmark servers: the same endpoints written with Peregrine, with Hummingbird by hand and
// with Vapor, built in release mode by `Benchmarks/run.sh`. A package of its own so that Vapor
// never enters Peregrine's build; Peregrine comes from the folder above, so it is measured as
// checked out.
let package = Package(
    name: "PeregrineBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Peregrine", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // What the servers share: the notification task, and the bodies as Codable types for
        // the two servers that decode with Foundation.
        .target(name: "BenchmarkSupport"),
        .executableTarget(
            name: "PeregrineServer",
            dependencies: ["BenchmarkSupport", .product(name: "Peregrine", package: "Peregrine")]
        ),
        // Durable jobs against in-memory background tasks, and against huey (durable_jobs.py).
        .executableTarget(
            name: "DurableJobsServer",
            dependencies: [
                "BenchmarkSupport", .product(name: "Peregrine", package: "Peregrine"),
                .product(name: "PeregrineJobs", package: "Peregrine"),
            ]
        ),
        .executableTarget(
            name: "HummingbirdServer",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The cost of pydantic's date, time and decimal rules against plain strings.
        .executableTarget(
            name: "ValidationBenchmark",
            dependencies: [.product(name: "Peregrine", package: "Peregrine")]
        ),
        .executableTarget(
            name: "VaporServer",
            dependencies: ["BenchmarkSupport", .product(name: "Vapor", package: "vapor")]
        ),
    ]
)
