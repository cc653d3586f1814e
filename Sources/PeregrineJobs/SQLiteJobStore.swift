import Foundation
import GRDB

/// The embedded job store: one SQLite file, no server to run. The default store.
///
/// The file is opened in WAL mode through a GRDB `DatabasePool`: one writer connection, whose
/// transactions begin `IMMEDIATE`, and readers beside it, so status reads never wait for a
/// commit. Several processes may share the file (a server and a workers-only process): a
/// writer that finds it locked waits up to ``Configuration/busyTimeout`` instead of failing
/// with `SQLITE_BUSY`.
///
/// Durability: with `synchronous = FULL` (the default) a committed job survives power loss;
/// with ``Durability/processCrash`` (`NORMAL`) it survives any crash of the process but the
/// last transactions before a power loss may be lost, for fewer `fsync`s.
public final class SQLiteJobStore: JobStore {
    /// How much a commit has to survive.
    public enum Durability: String, Sendable {
        /// `synchronous = FULL`: every commit is on disk before it is acknowledged.
        case powerLoss = "FULL"
        /// `synchronous = NORMAL`: a commit survives a crash of the process, not of the machine.
        case processCrash = "NORMAL"
    }

    public struct Configuration: Sendable {
        public var durability: Durability
        /// How long a write waits for another process's transaction before it gives up.
        public var busyTimeout: Duration

        public init(durability: Durability = .powerLoss, busyTimeout: Duration = .seconds(10)) {
            self.durability = durability
            self.busyTimeout = busyTimeout
        }
    }

    let pool: DatabasePool
    public let path: String
    private let durability: Durability

    /// Opens (creating it if need be) the store at `path` and brings its schema up to date.
    public init(path: String, configuration: Configuration = Configuration()) throws {
        var grdb = GRDB.Configuration()
        grdb.busyMode = .timeout(configuration.busyTimeout.seconds)
        grdb.label = "PeregrineJobs"
        self.path = path
        durability = configuration.durability
        pool = try Self.open(path: path, configuration: grdb, durability: configuration.durability)
    }

    /// How much of the store's durability a write needs.
    private enum WriteKind {
        /// Enqueues, failures, cancellations: committed with the store's `synchronous` setting.
        case durable
        /// Claims, completions, lease renewals, releases, rescues, pruning: losing one to a power
        /// failure only makes a job run again (at least once, as after any crash), so it is
        /// committed without an `fsync` of its own (`synchronous = NORMAL`). The next durable
        /// commit syncs the write-ahead log as a whole, and with it every earlier transaction;
        /// and a process crash loses nothing either way. Two `fsync`s saved in three under load.
        case light
    }

    /// One IMMEDIATE transaction on the writer connection, committed as `kind` asks.
    private func write<T: Sendable>(_ kind: WriteKind, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let switchesSync = durability == .powerLoss
        return try await pool.writeWithoutTransaction { db in
            // Set before every transaction, not restored after: a failure to set it then fails
            // this write, and can never leave a durable write committed without its sync.
            if switchesSync {
                try db.cachedStatement(sql: kind == .light ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL").execute()
            }
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    /// Opens the file, switches it to WAL, sets the durability and brings the schema up to date.
    /// Two stores opening a new file at the same moment (two processes starting together, or two
    /// apps in one test process) race on the first steps: switching a new file to WAL can find it
    /// locked without waiting, and the migrator reads which migrations are applied before it
    /// takes the write lock, so the second may find the tables the first has just created. Each
    /// step is safe to repeat (every migration is one transaction that records itself), so the
    /// loser opens again, a little later.
    private static func open(
        path: String, configuration: GRDB.Configuration, durability: Durability
    ) throws -> DatabasePool {
        var attempt = 0
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                // Set on the one writer connection, after the pool has put it in WAL mode (which
                // sets NORMAL, and would undo a setting made while the connection is prepared).
                try pool.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA synchronous = \(durability.rawValue)")
                }
                try migrator.migrate(pool)
                return pool
            } catch {
                attempt += 1
                if attempt >= 10 { throw error }
                usleep(UInt32(20_000 * attempt))
            }
        }
    }

    public func enqueue(_ jobs: [NewJob], now: Date) async throws -> [EnqueuedJob] {
        guard !jobs.isEmpty else { return [] }
        return try await write(.durable) { db in try jobs.map { try Self.insert($0, now: now, db) } }
    }

    public func write(_ writes: JobWrites, now: Date) async throws -> JobWriteResults {
        // Synced only when it enqueues: completions and claims alone are light writes.
        try await write(writes.enqueues.isEmpty ? .light : .durable) { db in
            var results = JobWriteResults()
            results.completed = try Self.complete(writes.completions, now: now, db)
            results.enqueued = try writes.enqueues.map { try Self.insert($0, now: now, db) }
            results.claimed = try writes.claims.map { request in
                try Self.claim(
                    queue: request.queue, limit: request.limit, worker: request.worker, now: now, leaseUntil: request.leaseUntil, db)
            }
            return results
        }
    }

    /// Inserts one job, unless it is unique and a matching job exists.
    private static func insert(_ job: NewJob, now: Date, _ db: Database) throws -> EnqueuedJob {
        if let unique = job.unique, let existing = try existingJob(matching: unique, type: job.type, now: now, db) {
            return EnqueuedJob(id: existing, existed: true)
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO peregrine_jobs (id, type, queue, payload, state, priority, run_at, max_attempts, unique_key,
                    enqueued_at, request_id)
                VALUES (?, ?, ?, ?, 'available', ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            job.id.rawValue, job.type, job.queue, job.payload, job.priority, job.runAt.timeIntervalSince1970, job.maxAttempts,
            job.unique?.key, now.timeIntervalSince1970, job.requestID,
        ])
        return EnqueuedJob(id: job.id, existed: false)
    }

    private static func existingJob(matching unique: UniqueJob, type: String, now: Date, _ db: Database) throws -> JobID? {
        guard !unique.states.isEmpty else { return nil }
        let states = unique.states.map(\.rawValue).sorted()
        let placeholders = Array(repeating: "?", count: states.count).joined(separator: ", ")
        let since = unique.period.map { now.timeIntervalSince1970 - $0.seconds } ?? -Double.infinity
        var arguments: StatementArguments = [type, unique.key, since]
        arguments += StatementArguments(states)
        let id = try String.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT id FROM peregrine_jobs
                    WHERE type = ? AND unique_key = ? AND enqueued_at >= ? AND state IN (\(placeholders))
                    ORDER BY enqueued_at DESC LIMIT 1
                    """), arguments: arguments)
        return id.map(JobID.init(stored:))
    }

    public func enqueuePeriodic(name: String, periodStart: Date, job: NewJob, now: Date) async throws -> Bool {
        try await write(.durable) { db in
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO peregrine_periodic_runs (name, period_start, job_id) VALUES (?, ?, ?)")
                .execute(arguments: [name, periodStart.timeIntervalSince1970, job.id.rawValue])
            guard db.changesCount == 1 else { return false }
            _ = try Self.insert(job, now: now, db)
            return true
        }
    }

    public func claim(queue: String, limit: Int, worker: String, now: Date, leaseUntil: Date) async throws -> [ClaimedJob] {
        guard limit > 0 else { return [] }
        return try await write(.light) { db in
            try Self.claim(queue: queue, limit: limit, worker: worker, now: now, leaseUntil: leaseUntil, db)
        }
    }

    private static func claim(queue: String, limit: Int, worker: String, now: Date, leaseUntil: Date, _ db: Database) throws -> [ClaimedJob] {
        guard limit > 0 else { return [] }
        let rows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    UPDATE peregrine_jobs
                    SET state = 'running', attempt = attempt + 1, lease_until = ?, worker = ?, started_at = ?
                    WHERE rowid IN (
                        SELECT rowid FROM peregrine_jobs
                        WHERE state = 'available' AND queue = ? AND run_at <= ?
                        ORDER BY priority DESC, run_at, rowid LIMIT ?)
                    RETURNING id, type, queue, payload, attempt, failures, max_attempts, enqueued_at, run_at, request_id,
                        priority
                    """),
            arguments: [
                leaseUntil.timeIntervalSince1970, worker, now.timeIntervalSince1970, queue, now.timeIntervalSince1970, limit,
            ])
        // Read through a cursor (rows are not copied) and by position (by name, each lookup
        // folds the name's case). RETURNING does not keep the subquery's order, so the claim
        // order is restored here.
        var claimed: [(priority: Int, job: ClaimedJob)] = []
        while let row = try rows.next() {
            let job = ClaimedJob(
                id: JobID(stored: row[0]), type: row[1], queue: row[2], payload: row[3], attempt: row[4], failures: row[5],
                maxAttempts: row[6], enqueuedAt: Date(timeIntervalSince1970: row[7]), runAt: Date(timeIntervalSince1970: row[8]),
                requestID: row[9])
            claimed.append((row[10], job))
        }
        return
            claimed.sorted { left, right in
                if left.priority != right.priority { return left.priority > right.priority }
                return left.job.runAt < right.job.runAt
            }
            .map(\.job)
    }

    public func heartbeat(_ claims: [JobClaim], leaseUntil: Date) async throws -> HeartbeatResult {
        guard !claims.isEmpty else { return HeartbeatResult() }
        return try await write(.light) { db in
            var result = HeartbeatResult()
            let statement = try db.cachedStatement(
                sql: """
                    UPDATE peregrine_jobs SET lease_until = ?
                    WHERE id = ? AND attempt = ? AND state = 'running' RETURNING cancel_requested
                    """)
            for claim in claims {
                let cancelRequested = try Bool.fetchOne(
                    statement, arguments: [leaseUntil.timeIntervalSince1970, claim.id.rawValue, claim.attempt])
                switch cancelRequested {
                case nil: result.lost.append(claim)
                case true?: result.cancelRequested.append(claim)
                case false?: break
                }
            }
            return result
        }
    }

    public func complete(_ claims: [JobClaim], now: Date) async throws -> [Bool] {
        guard !claims.isEmpty else { return [] }
        return try await write(.light) { db in try Self.complete(claims, now: now, db) }
    }

    private static func complete(_ claims: [JobClaim], now: Date, _ db: Database) throws -> [Bool] {
        guard !claims.isEmpty else { return [] }
        let statement = try db.cachedStatement(
            sql: """
                UPDATE peregrine_jobs SET state = 'succeeded', finished_at = ?, lease_until = NULL
                WHERE id = ? AND attempt = ? AND state = 'running'
                """)
        return try claims.map { claim in
            try statement.execute(arguments: [now.timeIntervalSince1970, claim.id.rawValue, claim.attempt])
            return db.changesCount == 1
        }
    }

    public func fail(_ claim: JobClaim, error: String, now: Date, retryAt: Date?) async throws -> FailureOutcome {
        try await write(.durable) { db in
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        UPDATE peregrine_jobs SET
                            failures = failures + 1,
                            errors = json_insert(errors, '$[#]', json_object('attempt', attempt, 'at', ?1, 'error', ?2)),
                            state = CASE WHEN ?3 IS NULL OR failures + 1 >= max_attempts THEN 'discarded' ELSE 'available' END,
                            run_at = CASE WHEN ?3 IS NULL OR failures + 1 >= max_attempts THEN run_at ELSE ?3 END,
                            finished_at = CASE WHEN ?3 IS NULL OR failures + 1 >= max_attempts THEN ?1 ELSE NULL END,
                            lease_until = NULL, worker = NULL
                        WHERE id = ?4 AND attempt = ?5 AND state = 'running'
                        RETURNING state, run_at
                        """),
                arguments: [now.timeIntervalSince1970, error, retryAt?.timeIntervalSince1970, claim.id.rawValue, claim.attempt])
            guard let row else { return .notHeld }
            if (row["state"] as String) == JobState.discarded.rawValue { return .discarded }
            return .retrying(at: Date(timeIntervalSince1970: row["run_at"]))
        }
    }

    public func snooze(_ claim: JobClaim, until: Date) async throws -> Bool {
        try await write(.durable) { db in
            try db.cachedStatement(
                sql: """
                    UPDATE peregrine_jobs SET state = 'available', run_at = ?, lease_until = NULL, worker = NULL
                    WHERE id = ? AND attempt = ? AND state = 'running'
                    """
            ).execute(arguments: [until.timeIntervalSince1970, claim.id.rawValue, claim.attempt])
            return db.changesCount == 1
        }
    }

    public func release(_ claims: [JobClaim], now: Date) async throws {
        guard !claims.isEmpty else { return }
        try await write(.light) { db in
            let statement = try db.cachedStatement(
                sql: """
                    UPDATE peregrine_jobs SET state = 'available', run_at = ?, lease_until = NULL, worker = NULL
                    WHERE id = ? AND attempt = ? AND state = 'running'
                    """)
            for claim in claims {
                try statement.execute(arguments: [now.timeIntervalSince1970, claim.id.rawValue, claim.attempt])
            }
        }
    }

    public func finishCancelled(_ claim: JobClaim, now: Date) async throws -> Bool {
        try await write(.durable) { db in
            try db.cachedStatement(
                sql: """
                    UPDATE peregrine_jobs SET state = 'cancelled', finished_at = ?, lease_until = NULL, worker = NULL
                    WHERE id = ? AND attempt = ? AND state = 'running'
                    """
            ).execute(arguments: [now.timeIntervalSince1970, claim.id.rawValue, claim.attempt])
            return db.changesCount == 1
        }
    }

    public func rescue(now: Date) async throws -> [RescuedJob] {
        try await write(.light) { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        UPDATE peregrine_jobs SET
                            failures = failures + 1,
                            errors = json_insert(errors, '$[#]', json_object('attempt', attempt, 'at', ?1,
                                'error', 'the attempt was lost: its worker stopped renewing its lease')),
                            state = CASE WHEN cancel_requested THEN 'cancelled'
                                WHEN failures + 1 >= max_attempts THEN 'discarded' ELSE 'available' END,
                            finished_at = CASE WHEN cancel_requested OR failures + 1 >= max_attempts THEN ?1 ELSE NULL END,
                            run_at = ?1, lease_until = NULL, worker = NULL
                        WHERE state = 'running' AND lease_until < ?1
                        RETURNING id, attempt, queue, type, state
                        """),
                arguments: [now.timeIntervalSince1970]
            ).map { row in
                RescuedJob(
                    claim: JobClaim(id: JobID(stored: row["id"]), attempt: row["attempt"]), queue: row["queue"], type: row["type"],
                    state: JobState(rawValue: row["state"]) ?? .available)
            }
        }
    }

    public func cancel(_ id: JobID, now: Date) async throws -> JobState? {
        try await write(.durable) { db in
            guard let state = try String.fetchOne(db, sql: "SELECT state FROM peregrine_jobs WHERE id = ?", arguments: [id.rawValue])
                .flatMap(JobState.init(rawValue:))
            else { return nil }
            switch state {
            case .available:
                try db.execute(
                    sql: "UPDATE peregrine_jobs SET state = 'cancelled', finished_at = ? WHERE id = ?",
                    arguments: [now.timeIntervalSince1970, id.rawValue])
                return .cancelled
            case .running:
                try db.execute(sql: "UPDATE peregrine_jobs SET cancel_requested = 1 WHERE id = ?", arguments: [id.rawValue])
                return .running
            case .succeeded, .discarded, .cancelled:
                return state
            }
        }
    }

    public func prune(finishedBefore cutoff: Date) async throws -> Int {
        try await write(.light) { db in
            try db.execute(
                sql: "DELETE FROM peregrine_jobs WHERE finished_at < ? AND state IN ('succeeded', 'discarded', 'cancelled')",
                arguments: [cutoff.timeIntervalSince1970])
            let pruned = db.changesCount
            try db.execute(sql: "DELETE FROM peregrine_periodic_runs WHERE period_start < ?", arguments: [cutoff.timeIntervalSince1970])
            return pruned
        }
    }
}
