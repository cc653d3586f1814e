// swift-tools-version:6.0
// The measurement behind the durable-jobs store's SQLite library: the same jobs-table workload
// on GRDB and on sqlite-nio. Run on demand; see README.md.
import PackageDescription

let package = Package(
    name: "SQLiteStores",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
    ],
    targets: [
        .executableTarget(name: "GRDBStoreProbe", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        .executableTarget(name: "SQLiteNIOStoreProbe", dependencies: [.product(name: "SQLiteNIO", package: "sqlite-nio")]),
    ]
)
