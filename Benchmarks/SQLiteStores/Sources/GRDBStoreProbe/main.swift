import Foundation
import GRDB

// The jobs-store workload on GRDB, in WAL: enqueue in transactions of `batch` jobs and of one
// job, then drain by batched claims (UPDATE … RETURNING) each followed by a fenced completion.
// Usage: GRDBStoreProbe DATABASE_PATH [FULL|NORMAL]
let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "grdb-probe.sqlite"
let synchronous = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : "FULL"
for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
var configuration = Configuration()
configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
let pool = try DatabasePool(path: path, configuration: configuration)
try pool.write { db in
    try db.execute(sql: """
        CREATE TABLE jobs (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, payload BLOB NOT NULL, state TEXT NOT NULL,
          attempt INTEGER NOT NULL DEFAULT 0, run_at REAL NOT NULL, lease_until REAL);
        CREATE INDEX jobs_ready ON jobs(state, run_at) WHERE state = 'available';
        """)
}
let total = 100_000, batch = 100, single = 1_000
let payload = Data(#"{"email":"someone@example.com"}"#.utf8)
let insert = "INSERT INTO jobs (kind, payload, state, run_at) VALUES (?, ?, 'available', ?)"

var start = Date()
for _ in 0..<(total / batch) {
    try pool.write { db in
        let statement = try db.cachedStatement(sql: insert)
        for _ in 0..<batch { try statement.execute(arguments: ["notify", payload, 0.0]) }
    }
}
print("GRDB, synchronous=\(synchronous): enqueue \(Int(Double(total) / Date().timeIntervalSince(start))) jobs/s in transactions of \(batch)")

start = Date()
for _ in 0..<single {
    try pool.write { db in try db.cachedStatement(sql: insert).execute(arguments: ["notify", payload, 0.0]) }
}
print("GRDB, synchronous=\(synchronous): enqueue \(Int(Double(single) / Date().timeIntervalSince(start))) jobs/s one per transaction")

start = Date()
var done = 0
while true {
    let claimed: [Int64] = try pool.write { db in
        try Int64.fetchAll(
            db.cachedStatement(sql: """
                UPDATE jobs SET state = 'running', attempt = attempt + 1, lease_until = ?
                WHERE id IN (SELECT id FROM jobs WHERE state = 'available' AND run_at <= ? ORDER BY run_at, id LIMIT ?)
                RETURNING id
                """), arguments: [30.0, 1.0, batch])
    }
    if claimed.isEmpty { break }
    try pool.write { db in
        let statement = try db.cachedStatement(
            sql: "UPDATE jobs SET state = 'completed', lease_until = NULL WHERE id = ? AND attempt = ?")
        for id in claimed { try statement.execute(arguments: [id, 1]) }
    }
    done += claimed.count
}
print("GRDB, synchronous=\(synchronous): claim and complete \(Int(Double(done) / Date().timeIntervalSince(start))) jobs/s in batches of \(batch)")
