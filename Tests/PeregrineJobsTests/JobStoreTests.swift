import Foundation
import GRDB
import Testing

@testable import PeregrineJobs

/// The store contract every ``JobStore`` keeps, driven by explicit times (no clock): the SQLite
/// store here, the PostgreSQL store with the same tests when it exists.
@Suite struct JobStoreTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    func job(
        _ type: String = "Email", queue: String = "default", priority: Int = 0, runAt: Double = 0, maxAttempts: Int = 3,
        unique: UniqueJob? = nil, payload: String = "{}"
    ) -> NewJob {
        NewJob(
            type: type, queue: queue, payload: Data(payload.utf8), priority: priority, runAt: at(runAt), maxAttempts: maxAttempts,
            unique: unique)
    }

    func claim(_ store: any JobStore, queue: String = "default", limit: Int = 10, now: Double, lease: Double = 30) async throws
        -> [ClaimedJob]
    {
        try await store.claim(queue: queue, limit: limit, worker: "test", now: at(now), leaseUntil: at(now + lease))
    }

    @Test func claimsDueJobsByPriorityThenDueTimeAndNumbersAttempts() async throws {
        let store = try TemporaryStore()
        let ids = try await store.enqueue(
            [job(runAt: 5), job(runAt: 1), job(priority: 10, runAt: 3), job(runAt: 100), job(queue: "other", runAt: 0)], now: t0)
        let claimed = try await claim(store, now: 10)
        #expect(claimed.map(\.id) == [ids[2].id, ids[1].id, ids[0].id])
        #expect(claimed.map(\.attempt) == [1, 1, 1])
        #expect(try await claim(store, now: 10).isEmpty)
        #expect(try await claim(store, now: 100).map(\.id) == [ids[3].id])
        #expect(try await claim(store, queue: "other", now: 100).map(\.id) == [ids[4].id])
        #expect(try await store.nextDue(queue: "default") == nil)
    }

    @Test func claimTakesNoMoreThanTheLimit() async throws {
        let store = try TemporaryStore()
        _ = try await store.enqueue((0..<5).map { _ in job() }, now: t0)
        #expect(try await claim(store, limit: 2, now: 0).count == 2)
        #expect(try await claim(store, limit: 10, now: 0).count == 3)
        #expect(try await store.nextDue(queue: "default") == nil)
    }

    @Test func oneWriteCompletesEnqueuesAndClaimsInThatOrder() async throws {
        let store = try TemporaryStore()
        let first = try await store.enqueue([job()], now: t0)[0].id
        let running = try await claim(store, now: 1)[0]
        let stale = JobClaim(id: running.id, attempt: running.attempt + 1)
        let fresh = job(priority: 5)
        let results = try await store.write(
            JobWrites(
                completions: [running.claim, stale], enqueues: [fresh, job(runAt: 60)],
                claims: [
                    ClaimRequest(queue: "default", limit: 5, worker: "w", leaseUntil: at(32)),
                    ClaimRequest(queue: "other", limit: 5, worker: "w", leaseUntil: at(32)),
                ]),
            now: at(2))
        // The completion is fenced like a lone one; the claim takes the job enqueued with it,
        // not the one due later.
        #expect(results.completed == [true, false])
        #expect(results.enqueued.map(\.existed) == [false, false])
        #expect(results.claimed.map { $0.map(\.id) } == [[fresh.id], []])
        #expect(try await store.status(first)?.state == .succeeded)
        #expect(try await store.status(fresh.id)?.state == .running)
        #expect(try await store.nextDue(queue: "default") == at(60))
    }

    @Test func aBatchOfWritesIsAllOrNothing() async throws {
        let store = try TemporaryStore()
        _ = try await store.enqueue([job()], now: t0)
        let running = try await claim(store, now: 1)[0]
        let duplicate = job()
        // The second insert of one id breaks the transaction: the completion is undone with it.
        await #expect(throws: (any Error).self) {
            try await store.write(JobWrites(completions: [running.claim], enqueues: [duplicate, duplicate]), now: at(2))
        }
        #expect(try await store.status(running.id)?.state == .running)
        #expect(try await store.status(duplicate.id) == nil)
    }

    @Test func nextDueIsTheEarliestWaitingJob() async throws {
        let store = try TemporaryStore()
        _ = try await store.enqueue([job(runAt: 50), job(runAt: 20)], now: t0)
        #expect(try await store.nextDue(queue: "default") == at(20))
    }

    @Test func completionIsFencedByTheAttempt() async throws {
        let store = try TemporaryStore()
        let id = try await store.enqueue([job()], now: t0)[0].id
        let first = try await claim(store, now: 0, lease: 30)[0]
        // The worker holding attempt 1 stops renewing; its lease is rescued and attempt 2 claims it.
        #expect(try await store.rescue(now: at(31)).map(\.claim) == [first.claim])
        let second = try await claim(store, now: 31)[0]
        #expect(second.attempt == 2 && second.failures == 1)
        #expect(try await store.complete([first.claim], now: at(32)) == [false])
        #expect(try await store.fail(first.claim, error: "late", now: at(32), retryAt: at(40)) == .notHeld)
        #expect(try await store.snooze(first.claim, until: at(40)) == false)
        #expect(try await store.status(id)?.state == .running)
        #expect(try await store.complete([second.claim], now: at(33)) == [true])
        let status = try #require(try await store.status(id))
        #expect(status.state == .succeeded)
        #expect(status.attempt == 2)
        #expect(status.finishedAt == at(33))
        #expect(status.errors.map(\.attempt) == [1])
        #expect(status.errors.map(\.error) == ["the attempt was lost: its worker stopped renewing its lease"])
    }

    @Test func failuresRetryUntilTheLastAttemptThenDiscardKeepingEveryError() async throws {
        let store = try TemporaryStore()
        let id = try await store.enqueue([job(maxAttempts: 3)], now: t0)[0].id
        var claimed = try await claim(store, now: 0)[0]
        #expect(try await store.fail(claimed.claim, error: "boom 1", now: at(1), retryAt: at(11)) == .retrying(at: at(11)))
        #expect(try await claim(store, now: 10).isEmpty)
        claimed = try await claim(store, now: 11)[0]
        #expect(claimed.attempt == 2 && claimed.failures == 1)
        #expect(try await store.fail(claimed.claim, error: "boom 2", now: at(12), retryAt: at(20)) == .retrying(at: at(20)))
        claimed = try await claim(store, now: 20)[0]
        #expect(try await store.fail(claimed.claim, error: "boom 3", now: at(21), retryAt: at(40)) == .discarded)
        #expect(try await claim(store, now: 100).isEmpty)
        let status = try #require(try await store.status(id))
        #expect(status.state == .discarded)
        #expect(status.failures == 3)
        #expect(status.errors.map(\.error) == ["boom 1", "boom 2", "boom 3"])
        #expect(status.errors.map(\.attempt) == [1, 2, 3])
        #expect(status.errors.map(\.at) == [at(1), at(12), at(21)])
        #expect(status.finishedAt == at(21))
    }

    @Test func aFinalFailureDiscardsAtOnce() async throws {
        let store = try TemporaryStore()
        let id = try await store.enqueue([job(maxAttempts: 10)], now: t0)[0].id
        let claimed = try await claim(store, now: 0)[0]
        #expect(try await store.fail(claimed.claim, error: "cannot decode", now: at(1), retryAt: nil) == .discarded)
        #expect(try await store.status(id)?.state == .discarded)
    }

    @Test func snoozeAndReleaseCountNoFailure() async throws {
        let store = try TemporaryStore()
        let id = try await store.enqueue([job(maxAttempts: 1)], now: t0)[0].id
        var claimed = try await claim(store, now: 0)[0]
        #expect(try await store.snooze(claimed.claim, until: at(60)))
        #expect(try await claim(store, now: 59).isEmpty)
        claimed = try await claim(store, now: 60)[0]
        try await store.release([claimed.claim], now: at(61))
        claimed = try await claim(store, now: 61)[0]
        #expect(claimed.attempt == 3 && claimed.failures == 0)
        #expect(try await store.complete([claimed.claim], now: at(62)) == [true])
        let status = try #require(try await store.status(id))
        #expect(status.state == .succeeded && status.failures == 0 && status.errors.isEmpty)
    }

    @Test func rescueTakesOnlyExpiredLeasesAndDiscardsAJobOutOfAttempts() async throws {
        let store = try TemporaryStore()
        let ids = try await store.enqueue([job(maxAttempts: 1), job(maxAttempts: 5)], now: t0)
        let first = try await claim(store, limit: 1, now: 0, lease: 30)[0]
        let second = try await claim(store, limit: 1, now: 10, lease: 30)[0]
        #expect(try await store.rescue(now: at(30)).isEmpty)
        #expect(try await store.rescue(now: at(31)) == [RescuedJob(claim: first.claim, queue: "default", type: "Email", state: .discarded)])
        #expect(try await store.status(ids[0].id)?.state == .discarded)
        #expect(try await store.rescue(now: at(41)) == [RescuedJob(claim: second.claim, queue: "default", type: "Email", state: .available)])
        let status = try #require(try await store.status(ids[1].id))
        #expect(status.state == .available && status.runAt == at(41) && status.failures == 1)
    }

    @Test func heartbeatRenewsHeldLeasesAndReportsLostAndCancelledOnes() async throws {
        let store = try TemporaryStore()
        let ids = try await store.enqueue([job(), job(), job()], now: t0)
        let claimed = try await claim(store, now: 0, lease: 30)
        let claims = claimed.map(\.claim)
        #expect(try await store.heartbeat(claims, leaseUntil: at(50)) == HeartbeatResult())
        #expect(try await store.rescue(now: at(40)).isEmpty)
        #expect(try await store.cancel(ids[1].id, now: at(41)) == .running)
        try await store.release([claims[2]], now: at(41))
        let result = try await store.heartbeat(claims, leaseUntil: at(80))
        #expect(result.lost == [claims[2]])
        #expect(result.cancelRequested == [claims[1]])
        #expect(try await store.finishCancelled(claims[1], now: at(42)))
        let status = try #require(try await store.status(ids[1].id))
        #expect(status.state == .cancelled && status.cancelRequested && status.finishedAt == at(42))
    }

    @Test func cancellingAWaitingJobRemovesItFromTheQueue() async throws {
        let store = try TemporaryStore()
        let id = try await store.enqueue([job(runAt: 10)], now: t0)[0].id
        #expect(try await store.cancel(id, now: at(1)) == .cancelled)
        #expect(try await claim(store, now: 20).isEmpty)
        #expect(try await store.cancel(id, now: at(2)) == .cancelled)
        #expect(try await store.cancel(JobID(), now: at(2)) == nil)
        #expect(try await store.status(JobID()) == nil)
    }

    @Test func aRescuedJobWhoseCancellationWasAskedEndsCancelled() async throws {
        let store = try TemporaryStore()
        let id = try await store.enqueue([job()], now: t0)[0].id
        _ = try await claim(store, now: 0, lease: 30)
        #expect(try await store.cancel(id, now: at(1)) == .running)
        _ = try await store.rescue(now: at(31))
        #expect(try await store.status(id)?.state == .cancelled)
    }

    @Test func uniqueJobsMatchByTypeKeyStatesAndPeriod() async throws {
        let store = try TemporaryStore()
        let unique = UniqueJob(key: "report-7")
        let first = try await store.enqueue([job(unique: unique)], now: t0)[0]
        #expect(!first.existed)
        // In the same batch and in a later one, the existing job answers.
        let again = try await store.enqueue([job(unique: unique), job(unique: unique)], now: at(1))
        #expect(again == [EnqueuedJob(id: first.id, existed: true), EnqueuedJob(id: first.id, existed: true)])
        // Another type or another key is another job.
        #expect(try await !store.enqueue([job("Other", unique: unique)], now: at(1))[0].existed)
        #expect(try await !store.enqueue([job(unique: UniqueJob(key: "report-8"))], now: at(1))[0].existed)
        // Once the job has succeeded it no longer counts (waiting and running states by default)…
        let claimed = try await claim(store, limit: 1, now: 2)[0]
        #expect(claimed.id == first.id)
        _ = try await store.complete([claimed.claim], now: at(3))
        let next = try await store.enqueue([job(unique: unique)], now: at(4))[0]
        #expect(!next.existed && next.id != first.id)
        // …unless the states say so; and a period limits how far back a match counts.
        let everState = UniqueJob(key: "digest", states: Set(JobState.allCases), period: .seconds(60))
        let digest = try await store.enqueue([job(unique: everState)], now: at(0))[0]
        #expect(try await store.enqueue([job(unique: everState)], now: at(59))[0] == EnqueuedJob(id: digest.id, existed: true))
        #expect(try await !store.enqueue([job(unique: everState)], now: at(61))[0].existed)
    }

    @Test func aBatchIsAllOrNothing() async throws {
        let store = try TemporaryStore()
        let duplicate = job()
        await #expect(throws: (any Error).self) { try await store.enqueue([job(), duplicate, duplicate], now: t0) }
        #expect(try await claim(store, now: 0).isEmpty)
    }

    @Test func aPeriodIsEnqueuedOnce() async throws {
        let store = try TemporaryStore()
        #expect(try await store.enqueuePeriodic(name: "digest", periodStart: at(60), job: job(runAt: 60), now: at(60)))
        #expect(try await !store.enqueuePeriodic(name: "digest", periodStart: at(60), job: job(runAt: 60), now: at(61)))
        #expect(try await store.enqueuePeriodic(name: "other", periodStart: at(60), job: job(runAt: 60), now: at(61)))
        #expect(try await store.enqueuePeriodic(name: "digest", periodStart: at(120), job: job(runAt: 120), now: at(120)))
        #expect(try await claim(store, now: 200).count == 3)
    }

    @Test func statusCountsAndPruning() async throws {
        let store = try TemporaryStore()
        let ids = try await store.enqueue([job(), job(), job(queue: "mail")], now: t0)
        let claimed = try await claim(store, limit: 1, now: 1)[0]
        _ = try await store.complete([claimed.claim], now: at(2))
        let counts = try await store.counts()
        #expect(counts == ["default": [.succeeded: 1, .available: 1], "mail": [.available: 1]])
        let status = try #require(try await store.status(ids[0].id))
        #expect(status.id == ids[0].id.rawValue)
        #expect(status.type == "Email" && status.queue == "default" && status.maxAttempts == 3)
        #expect(status.enqueuedAt == t0 && status.startedAt == at(1) && status.finishedAt == at(2))
        #expect(try await store.prune(finishedBefore: at(2)) == 0)
        #expect(try await store.prune(finishedBefore: at(3)) == 1)
        #expect(try await store.status(ids[0].id) == nil)
    }

    @Test func storesOpeningANewFileAtOnceAllGetItsSchema() async throws {
        for _ in 0..<10 {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peregrine-jobs-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent("jobs.sqlite").path
            let stores = try await withThrowingTaskGroup(of: SQLiteJobStore.self) { group in
                for _ in 0..<4 { group.addTask { try SQLiteJobStore(path: path) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(stores.count == 4)
            let id = try await stores[0].enqueue([job()], now: t0)[0].id
            #expect(try await stores[3].status(id)?.state == .available)
        }
    }

    @Test func reopeningAStoreKeepsItsJobsAndSchema() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peregrine-jobs-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("jobs.sqlite").path
        let id = try await SQLiteJobStore(path: path).enqueue([job()], now: t0)[0].id
        let reopened = try SQLiteJobStore(path: path)
        #expect(try await reopened.status(id)?.state == .available)
        let applied = try await reopened.pool.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied == ["v1: jobs and periodic runs"])
        let journal = try await reopened.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        let synchronous = { try await reopened.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } }
        #expect(try await synchronous() == 2)  // FULL
        // A claim is committed without an fsync of its own (NORMAL): lost to a power failure,
        // it only makes the job run again. An enqueue is synced (FULL), and with it the claim.
        #expect(try await reopened.claim(queue: "default", limit: 1, worker: "w", now: at(1), leaseUntil: at(31)).count == 1)
        #expect(try await synchronous() == 1)
        _ = try await reopened.enqueue([job()], now: at(2))
        #expect(try await synchronous() == 2)
    }
}

/// A SQLite store in a folder of its own, removed when the test's value goes away.
final class TemporaryStore: JobStore, @unchecked Sendable {
    let folder: URL
    let store: SQLiteJobStore

    init(durability: SQLiteJobStore.Durability = .processCrash) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("peregrine-jobs-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteJobStore(path: folder.appendingPathComponent("jobs.sqlite").path, configuration: .init(durability: durability))
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func enqueue(_ jobs: [NewJob], now: Date) async throws -> [EnqueuedJob] { try await store.enqueue(jobs, now: now) }
    func write(_ writes: JobWrites, now: Date) async throws -> JobWriteResults { try await store.write(writes, now: now) }
    func enqueuePeriodic(name: String, periodStart: Date, job: NewJob, now: Date) async throws -> Bool {
        try await store.enqueuePeriodic(name: name, periodStart: periodStart, job: job, now: now)
    }
    func claim(queue: String, limit: Int, worker: String, now: Date, leaseUntil: Date) async throws -> [ClaimedJob] {
        try await store.claim(queue: queue, limit: limit, worker: worker, now: now, leaseUntil: leaseUntil)
    }
    func heartbeat(_ claims: [JobClaim], leaseUntil: Date) async throws -> HeartbeatResult {
        try await store.heartbeat(claims, leaseUntil: leaseUntil)
    }
    func complete(_ claims: [JobClaim], now: Date) async throws -> [Bool] { try await store.complete(claims, now: now) }
    func fail(_ claim: JobClaim, error: String, now: Date, retryAt: Date?) async throws -> FailureOutcome {
        try await store.fail(claim, error: error, now: now, retryAt: retryAt)
    }
    func snooze(_ claim: JobClaim, until: Date) async throws -> Bool { try await store.snooze(claim, until: until) }
    func release(_ claims: [JobClaim], now: Date) async throws { try await store.release(claims, now: now) }
    func finishCancelled(_ claim: JobClaim, now: Date) async throws -> Bool { try await store.finishCancelled(claim, now: now) }
    func rescue(now: Date) async throws -> [RescuedJob] { try await store.rescue(now: now) }
    func cancel(_ id: JobID, now: Date) async throws -> JobState? { try await store.cancel(id, now: now) }
    func status(_ id: JobID) async throws -> JobStatus? { try await store.status(id) }
    func nextDue(queue: String) async throws -> Date? { try await store.nextDue(queue: queue) }
    func counts() async throws -> [String: [JobState: Int]] { try await store.counts() }
    func prune(finishedBefore cutoff: Date) async throws -> Int { try await store.prune(finishedBefore: cutoff) }
}
