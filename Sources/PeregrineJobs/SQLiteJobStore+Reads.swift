import Foundation
import GRDB

/// The store's reads, on the pool's reader connections: they never wait for the writer.
extension SQLiteJobStore {
    public func status(_ id: JobID) async throws -> JobStatus? {
        try await pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT id, type, queue, state, attempt, failures, max_attempts, priority, errors, enqueued_at, run_at,
                                started_at, finished_at, cancel_requested
                            FROM peregrine_jobs WHERE id = ?
                            """), arguments: [id.rawValue])
            else { return nil }
            return try Self.status(of: row)
        }
    }

    private struct StoredError: Decodable {
        var attempt: Int
        var at: Double
        var error: String
    }

    private static func status(of row: Row) throws -> JobStatus {
        let errors = try JSONDecoder().decode([StoredError].self, from: Data((row["errors"] as String).utf8))
        return JobStatus(
            id: row["id"], type: row["type"], queue: row["queue"], state: JobState(rawValue: row["state"]) ?? .available,
            attempt: row["attempt"], failures: row["failures"], maxAttempts: row["max_attempts"], priority: row["priority"],
            errors: errors.map { JobAttemptError(attempt: $0.attempt, at: Date(timeIntervalSince1970: $0.at), error: $0.error) },
            enqueuedAt: Date(timeIntervalSince1970: row["enqueued_at"]), runAt: Date(timeIntervalSince1970: row["run_at"]),
            startedAt: (row["started_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            cancelRequested: row["cancel_requested"])
    }

    public func nextDue(queue: String) async throws -> Date? {
        try await pool.read { db in
            try Double.fetchOne(
                db.cachedStatement(sql: "SELECT min(run_at) FROM peregrine_jobs WHERE state = 'available' AND queue = ?"),
                arguments: [queue]
            ).map(Date.init(timeIntervalSince1970:))
        }
    }

    public func counts() async throws -> [String: [JobState: Int]] {
        try await pool.read { db in
            var counts: [String: [JobState: Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT queue, state, count(*) AS n FROM peregrine_jobs GROUP BY queue, state") {
                guard let state = JobState(rawValue: row["state"]) else { continue }
                counts[row["queue"], default: [:]][state] = row["n"]
            }
            return counts
        }
    }
}
