import Foundation
import SQLiteNIO

// The jobs-store workload on sqlite-nio, in WAL: enqueue in transactions of `batch` jobs and of
// one job, then drain by batched claims (UPDATE … RETURNING) each followed by a fenced completion.
// Usage: SQLiteNIOStoreProbe DATABASE_PATH [FULL|NORMAL]
let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "sqlite-nio-probe.sqlite"
let synchronous = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : "FULL"
for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
let connection: SQLiteConnection = try await SQLiteConnection.open(storage: .file(path: path))
let _: [SQLiteRow] = try await connection.query("PRAGMA journal_mode = WAL")
let _: [SQLiteRow] = try await connection.query("PRAGMA synchronous = \(synchronous)")
let _: [SQLiteRow] = try await connection.query("""
    CREATE TABLE jobs (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, payload BLOB NOT NULL, state TEXT NOT NULL,
      attempt INTEGER NOT NULL DEFAULT 0, run_at REAL NOT NULL, lease_until REAL)
    """)
let _: [SQLiteRow] = try await connection.query("CREATE INDEX jobs_ready ON jobs(state, run_at) WHERE state = 'available'")
let total = 100_000, batch = 100, single = 1_000
let payload = SQLiteData.blob(.init(bytes: Array(#"{"email":"someone@example.com"}"#.utf8)))
let insert = "INSERT INTO jobs (kind, payload, state, run_at) VALUES (?, ?, 'available', ?)"

var start = Date()
for _ in 0..<(total / batch) {
    let _: [SQLiteRow] = try await connection.query("BEGIN IMMEDIATE")
    for _ in 0..<batch {
        let _: [SQLiteRow] = try await connection.query(insert, [.text("notify"), payload, .float(0)])
    }
    let _: [SQLiteRow] = try await connection.query("COMMIT")
}
print("sqlite-nio, synchronous=\(synchronous): enqueue \(Int(Double(total) / Date().timeIntervalSince(start))) jobs/s in transactions of \(batch)")

start = Date()
for _ in 0..<single {
    let _: [SQLiteRow] = try await connection.query(insert, [.text("notify"), payload, .float(0)])
}
print("sqlite-nio, synchronous=\(synchronous): enqueue \(Int(Double(single) / Date().timeIntervalSince(start))) jobs/s one per transaction")

start = Date()
var done = 0
while true {
    let rows: [SQLiteRow] = try await connection.query("""
        UPDATE jobs SET state = 'running', attempt = attempt + 1, lease_until = ?
        WHERE id IN (SELECT id FROM jobs WHERE state = 'available' AND run_at <= ? ORDER BY run_at, id LIMIT ?)
        RETURNING id
        """, [.float(30), .float(1), .integer(batch)])
    if rows.isEmpty { break }
    let _: [SQLiteRow] = try await connection.query("BEGIN IMMEDIATE")
    for row in rows {
        let _: [SQLiteRow] = try await connection.query(
            "UPDATE jobs SET state = 'completed', lease_until = NULL WHERE id = ? AND attempt = ?",
            [row.column("id") ?? .null, .integer(1)])
    }
    let _: [SQLiteRow] = try await connection.query("COMMIT")
    done += rows.count
}
print("sqlite-nio, synchronous=\(synchronous): claim and complete \(Int(Double(done) / Date().timeIntervalSince(start))) jobs/s in batches of \(batch)")
try await connection.close()
