import Foundation
import GRDB
import Logging
import MetricsTestKit
import Peregrine
import PeregrineTesting
import Synchronization
import Testing

@testable import PeregrineJobs

/// What the test jobs did, by the test's own token, so tests running at once do not mix.
enum Effects {
    static let lines = Mutex<[String: [String]]>([:])

    static func record(_ token: String, _ line: String) {
        lines.withLock { $0[token, default: []].append(line) }
    }

    static func of(_ token: String) -> [String] { lines.withLock { $0[token] ?? [] } }
}

struct RecordJob: Job {
    var token: String
    var line: String

    func run(context: JobContext) async throws {
        Effects.record(token, "\(line) attempt \(context.attempt) request \(context.requestID == nil ? "none" : "set")")
    }
}

struct FlakyJob: Job {
    static let options = JobOptions(maxAttempts: 5, backoff: .constant(.milliseconds(20)))
    var token: String
    var failures: Int

    struct Failure: Error, CustomStringConvertible {
        let attempt: Int
        var description: String { "failure on attempt \(attempt)" }
    }

    func run(context: JobContext) async throws {
        if context.attempt <= failures { throw Failure(attempt: context.attempt) }
        Effects.record(token, "succeeded on attempt \(context.attempt)")
    }
}

struct SlowJob: Job {
    static let options = JobOptions(queue: "slow", maxAttempts: 1, timeout: .milliseconds(300))
    var token: String
    var milliseconds: Int

    func run(context: JobContext) async throws {
        Effects.record(token, "started")
        do {
            try await Task.sleep(for: .milliseconds(milliseconds))
        } catch {
            Effects.record(token, "cancelled")
            throw error
        }
        Effects.record(token, "finished")
    }
}

/// A job that runs until it is cancelled, with no timeout.
struct UntilCancelledJob: Job {
    static let options = JobOptions(queue: "slow", maxAttempts: 1, timeout: nil)
    var token: String

    func run(context: JobContext) async throws {
        Effects.record(token, "started")
        do {
            try await Task.sleep(for: .seconds(3600))
        } catch {
            Effects.record(token, "cancelled")
            throw error
        }
    }
}

struct SnoozeJob: Job {
    var token: String

    func run(context: JobContext) async throws {
        Effects.record(token, "attempt \(context.attempt)")
        if context.attempt == 1 { throw context.snooze(for: .milliseconds(50)) }
    }
}

@Routes
struct DurableRoutes {
    @POST("/record/{token}", status: 202)
    func record(token: String, jobs: Jobs) throws -> JobAcceptance {
        jobs.accepted(try jobs.enqueue(RecordJob(token: token, line: "recorded")))
    }

    @POST("/record-then-fail/{token}")
    func recordThenFail(token: String, jobs: Jobs) throws -> String {
        try jobs.enqueue(RecordJob(token: token, line: "never"))
        throw HTTPException(.badRequest, detail: "refused after enqueueing")
    }

    @POST("/unique/{token}")
    func unique(token: String, jobs: Jobs) async throws -> JSONValue {
        let enqueued = try await jobs.enqueue(RecordJob(token: token, line: "unique"), unique: UniqueJob(key: token), delay: .seconds(60))
        return ["job_id": .string(enqueued.id.rawValue), "existed": .bool(enqueued.existed)]
    }
}

/// A store whose enqueues fail: a full disk, a lost database.
struct UnwritableStore: JobStore {
    let base: TemporaryStore
    struct Unwritable: Error {}

    func enqueue(_ jobs: [NewJob], now: Date) async throws -> [EnqueuedJob] { throw Unwritable() }
    func enqueuePeriodic(name: String, periodStart: Date, job: NewJob, now: Date) async throws -> Bool { throw Unwritable() }
    func claim(queue: String, limit: Int, worker: String, now: Date, leaseUntil: Date) async throws -> [ClaimedJob] {
        try await base.claim(queue: queue, limit: limit, worker: worker, now: now, leaseUntil: leaseUntil)
    }
    func heartbeat(_ claims: [JobClaim], leaseUntil: Date) async throws -> HeartbeatResult { HeartbeatResult() }
    func complete(_ claims: [JobClaim], now: Date) async throws -> [Bool] { claims.map { _ in false } }
    func fail(_ claim: JobClaim, error: String, now: Date, retryAt: Date?) async throws -> FailureOutcome { .notHeld }
    func snooze(_ claim: JobClaim, until: Date) async throws -> Bool { false }
    func release(_ claims: [JobClaim], now: Date) async throws {}
    func finishCancelled(_ claim: JobClaim, now: Date) async throws -> Bool { false }
    func rescue(now: Date) async throws -> [RescuedJob] { [] }
    func cancel(_ id: JobID, now: Date) async throws -> JobState? { nil }
    func status(_ id: JobID) async throws -> JobStatus? { try await base.status(id) }
    func nextDue(queue: String) async throws -> Date? { nil }
    func counts() async throws -> [String: [JobState: Int]] { try await base.counts() }
    func prune(finishedBefore cutoff: Date) async throws -> Int { 0 }
}

/// Keeps every log line, with its metadata.
final class RecordedLogs: Sendable {
    struct Line: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: [String: String]
    }

    let lines = Mutex<[Line]>([])

    var logger: Logger {
        Logger(label: "PeregrineJobs") { _ in Handler(logs: self) }
    }

    struct Handler: LogHandler {
        let logs: RecordedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            logs.lines.withLock {
                $0.append(Line(level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" }))
            }
        }
    }
}

/// Waits until `condition` holds, for at most `timeout`.
func eventually(
    _ timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation, _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("the condition did not hold within \(timeout)", sourceLocation: sourceLocation)
}

@Suite struct JobWorkerTests {
    let fast = JobsConfiguration(
        lease: .milliseconds(600), heartbeat: .milliseconds(100), rescueInterval: .milliseconds(50), pollInterval: .milliseconds(50),
        shutdownDeadline: .seconds(5))

    func makeApp(store: any JobStore, configuration: JobsConfiguration? = nil, workers: Bool = true) -> (App, JobSystem) {
        let app = App()
        let system = JobSystem(store: store, configuration: configuration ?? fast)
        for type in [RecordJob.self, FlakyJob.self, SlowJob.self, SnoozeJob.self, UntilCancelledJob.self] as [any Job.Type] {
            system.register(type)
        }
        app.useJobs(system, workers: workers)
        app.include(DurableRoutes())
        app.includeJobStatusRoutes(cancellation: true)
        return (app, system)
    }

    @Test func anEndpointsJobIsCommittedBeforeItsAnswerAndThenRuns() async throws {
        let store = try TemporaryStore()
        let (app, system) = makeApp(store: store, workers: false)
        let token = UUID().uuidString
        let id = try await app.test { client in
            let response = try await client.post("/record/\(token)")
            #expect(response.status == .accepted)
            let body = try response.json()
            guard case .string(let id)? = body["job_id"] else {
                Issue.record("no job id in \(body)")
                return ""
            }
            #expect(body == ["job_id": .string(id)])
            #expect(response.header("location") == "/jobs/\(id)")
            // Committed before the response: the store has it, waiting (no workers in this process).
            #expect(try await store.status(JobID(id)!)?.state == .available)
            let status = try await client.get("/jobs/\(id)")
            #expect(status.status == .ok)
            #expect(try status.json()["state"] == "available")
            #expect(try status.json()["attempt"] == 0)
            #expect(try status.json()["errors"] == [])
            return id
        }
        // A workers-only process picks it up.
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await JobWorkers(system: system).runUntilCancelled() }
            try await eventually { try await store.status(JobID(id)!)?.state == .succeeded }
            group.cancelAll()
        }
        #expect(Effects.of(token) == ["recorded attempt 1 request set"])
    }

    @Test func aBatchIsEnqueuedInOneTransactionAndRuns() async throws {
        let store = try TemporaryStore()
        let (app, system) = makeApp(store: store)
        let token = UUID().uuidString
        try await app.test { _ in
            let ids = try await system.enqueue(contentsOf: (0..<50).map { RecordJob(token: token, line: "batch \($0)") })
            #expect(Set(ids).count == 50)
            try await eventually { Effects.of(token).count == 50 }
        }
        #expect(Set(Effects.of(token)) == Set((0..<50).map { "batch \($0) attempt 1 request none" }))
    }

    @Test func aRequestThatFailsEnqueuesNothing() async throws {
        let store = try TemporaryStore()
        let (app, _) = makeApp(store: store, workers: false)
        try await app.test { client in
            let response = try await client.post("/record-then-fail/x")
            #expect(response.status == .badRequest)
            #expect(try await store.counts().isEmpty)
        }
    }

    @Test func aStoreThatCannotCommitMakesTheAnswerA503() async throws {
        let store = UnwritableStore(base: try TemporaryStore())
        let (app, _) = makeApp(store: store, workers: false)
        try await app.test { client in
            let response = try await client.post("/record/x")
            #expect(response.status == .serviceUnavailable)
            #expect(
                try response.json() == ["detail": "The job could not be stored; nothing was enqueued. Try again later."])
            #expect(response.header("location") == nil)
            #expect(try await store.counts().isEmpty)
        }
    }

    @Test func unknownAndMalformedIdsAre404() async throws {
        let (app, _) = makeApp(store: try TemporaryStore(), workers: false)
        try await app.test { client in
            for path in ["/jobs/\(JobID())", "/jobs/not-an-id"] {
                let response = try await client.get(path)
                #expect(response.status == .notFound)
                #expect(try response.json() == ["detail": "Job not found"])
            }
        }
    }

    @Test func uniqueJobsAnswerTheExistingJob() async throws {
        let (app, _) = makeApp(store: try TemporaryStore(), workers: false)
        let token = UUID().uuidString
        try await app.test { client in
            let first = try await client.post("/unique/\(token)").json()
            let second = try await client.post("/unique/\(token)").json()
            #expect(first["existed"] == false && second["existed"] == true)
            #expect(first["job_id"] == second["job_id"])
            #expect(try await client.post("/unique/other-\(token)").json()["existed"] == false)
        }
    }

    @Test func aFailingJobIsRetriedWithItsErrorsKept() async throws {
        let store = try TemporaryStore()
        let (app, system) = makeApp(store: store)
        let token = UUID().uuidString
        try await app.test { _ in
            let id = try await system.enqueue(FlakyJob(token: token, failures: 2))
            try await eventually { try await store.status(id)?.state == .succeeded }
            let status = try #require(try await store.status(id))
            #expect(status.attempt == 3 && status.failures == 2)
            #expect(status.errors.map(\.error) == ["failure on attempt 1", "failure on attempt 2"])
        }
        #expect(Effects.of(token) == ["succeeded on attempt 3"])
    }

    @Test func metricsAndLogLinesNameTheJobItsAttemptAndItsRequest() async throws {
        let store = try TemporaryStore()
        let metrics = TestMetrics()
        let logs = RecordedLogs()
        let app = App()
        let system = JobSystem(store: store, configuration: fast, logger: logs.logger, metricsFactory: metrics)
        system.register(FlakyJob.self)
        app.useJobs(system)
        let token = UUID().uuidString
        try await app.test { _ in
            let id = try await system.enqueue(FlakyJob(token: token, failures: 2))
            try await eventually { try await store.status(id)?.state == .succeeded }
            try await eventually { (try? metrics.expectCounter("peregrine_jobs_succeeded", [("queue", "default"), ("type", "FlakyJob")])) != nil }
            let dimensions = [("queue", "default"), ("type", "FlakyJob")]
            #expect(try metrics.expectCounter("peregrine_jobs_enqueued", dimensions).totalValue == 1)
            #expect(try metrics.expectCounter("peregrine_jobs_failed", dimensions).totalValue == 2)
            #expect(try metrics.expectCounter("peregrine_jobs_retried", dimensions).totalValue == 2)
            #expect(try metrics.expectCounter("peregrine_jobs_succeeded", dimensions).totalValue == 1)
            #expect(try metrics.expectTimer("peregrine_job_duration", dimensions).values.count == 3)
            #expect(try metrics.expectTimer("peregrine_job_queue_latency", dimensions).values.count == 3)
            #expect(try metrics.expectMeter("peregrine_jobs_running", [("queue", "default")]).values == [1, 0, 1, 0, 1, 0])
            let failures = logs.lines.withLock { $0.filter { $0.message == "job failed; it will be retried" } }
            #expect(failures.map(\.level) == [.warning, .warning])
            #expect(failures.map { $0.metadata["attempt"] } == ["1", "2"])
            #expect(failures.map { $0.metadata["error"] } == ["failure on attempt 1", "failure on attempt 2"])
            #expect(failures.allSatisfy { $0.metadata["job_id"] == id.rawValue && $0.metadata["job_type"] == "FlakyJob" })
        }
    }

    @Test func aJobEnqueuedByARequestLogsTheRequestsID() async throws {
        let store = try TemporaryStore()
        let logs = RecordedLogs()
        let app = App()
        let system = JobSystem(store: store, configuration: fast, logger: logs.logger)
        system.register(FlakyJob.self)
        system.register(RecordJob.self)
        app.useJobs(system)
        app.include(DurableRoutes())
        try await app.test { client in
            let response = try await client.post("/record/\(UUID().uuidString)")
            guard case .string(let id)? = try response.json()["job_id"] else {
                Issue.record("no job id")
                return
            }
            try await eventually { try await store.status(JobID(id)!)?.state == .succeeded }
            let stored = try await store.store.pool.read { db in
                try String.fetchOne(db, sql: "SELECT request_id FROM peregrine_jobs WHERE id = ?", arguments: [id])
            }
            #expect(stored?.isEmpty == false)
            try await eventually { logs.lines.withLock { $0.contains { $0.message == "job succeeded" } } }
            let succeeded = logs.lines.withLock { $0.first { $0.message == "job succeeded" } }
            #expect(succeeded?.metadata["request_id"] == stored)
            #expect(succeeded?.metadata["job_id"] == id)
            #expect(succeeded?.metadata["attempt"] == "1")
            #expect(succeeded?.level == .debug)
        }
    }

    @Test func aJobPastItsTimeoutIsCancelledAndFails() async throws {
        let store = try TemporaryStore()
        let (app, system) = makeApp(store: store)
        let token = UUID().uuidString
        try await app.test { _ in
            let id = try await system.enqueue(SlowJob(token: token, milliseconds: 5_000))
            try await eventually { try await store.status(id)?.state == .discarded }
            #expect(try await store.status(id)?.errors.map(\.error) == ["the job timed out after 0.3 seconds"])
        }
        #expect(Effects.of(token) == ["started", "cancelled"])
    }

    @Test func cancellingARunningJobCancelsItsTask() async throws {
        let store = try TemporaryStore()
        let (app, system) = makeApp(store: store)
        let token = UUID().uuidString
        try await app.test { client in
            let id = try await system.enqueue(UntilCancelledJob(token: token))
            try await eventually { Effects.of(token) == ["started"] }
            let response = try await client.post("/jobs/\(id)/cancel")
            #expect(response.status == .ok)
            #expect(try response.json()["cancel_requested"] == true)
            try await eventually { try await store.status(id)?.state == .cancelled }
        }
        #expect(Effects.of(token) == ["started", "cancelled"])
    }

    @Test func aSnoozedJobRunsAgainWithoutAFailure() async throws {
        let store = try TemporaryStore()
        let (app, system) = makeApp(store: store)
        let token = UUID().uuidString
        try await app.test { _ in
            let id = try await system.enqueue(SnoozeJob(token: token))
            try await eventually { try await store.status(id)?.state == .succeeded }
            let status = try #require(try await store.status(id))
            #expect(status.attempt == 2 && status.failures == 0 && status.errors.isEmpty)
        }
        #expect(Effects.of(token) == ["attempt 1", "attempt 2"])
    }

    @Test func aDeadWorkersJobIsRescuedWithinSecondsAndRunsAgain() async throws {
        let store = try TemporaryStore()
        let (app, system) = makeApp(store: store)
        let token = UUID().uuidString
        let id = try await system.enqueue(RecordJob(token: token, line: "rescued"))
        // A worker that claims the job and dies: its lease is never renewed.
        let now = Date()
        #expect(try await store.claim(queue: "default", limit: 1, worker: "dead", now: now, leaseUntil: now.addingTimeInterval(0.3)).count == 1)
        try await app.test { _ in
            try await eventually { try await store.status(id)?.state == .succeeded }
        }
        let status = try #require(try await store.status(id))
        #expect(status.attempt == 2 && status.failures == 1)
        #expect(Effects.of(token) == ["rescued attempt 2 request none"])
    }

    @Test func gracefulShutdownReleasesUnfinishedJobsWithoutAFailure() async throws {
        let store = try TemporaryStore()
        var configuration = fast
        configuration.shutdownDeadline = .milliseconds(100)
        let (app, system) = makeApp(store: store, configuration: configuration)
        let token = UUID().uuidString
        let id = try await app.test { _ in
            let id = try await system.enqueue(UntilCancelledJob(token: token))
            try await eventually { Effects.of(token) == ["started"] }
            return id
        }
        let status = try #require(try await store.status(id))
        #expect(status.state == .available && status.failures == 0 && status.attempt == 1)
        #expect(Effects.of(token) == ["started", "cancelled"])
    }

    @Test func gracefulShutdownLetsJobsFinishWithinTheDeadline() async throws {
        let store = try TemporaryStore()
        let (app, system) = makeApp(store: store)
        let token = UUID().uuidString
        let id = try await app.test { _ in
            let id = try await system.enqueue(SlowJob(token: token, milliseconds: 150))
            // Started, and usually still running when the app stops; on a loaded machine the
            // poll may first look after the job's 150 ms (waiting for exactly ["started"] then
            // waited forever), and the shutdown finds it done: the checks below hold either way.
            try await eventually { Effects.of(token).first == "started" }
            return id
        }
        #expect(try await store.status(id)?.state == .succeeded)
        #expect(Effects.of(token) == ["started", "finished"])
    }

    @Test func aPeriodIsEnqueuedOnceAcrossProcesses() async throws {
        let store = try TemporaryStore()
        let token = UUID().uuidString
        // Two job systems on one store, as two processes would be, each scheduling the same job.
        let systems = try (0..<2).map { _ in
            let system = JobSystem(store: store, configuration: fast)
            try system.schedule(RecordJob(token: token, line: "tick"), cron: "* * * * * *", name: "tick")
            return system
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for system in systems { group.addTask { try await JobWorkers(system: system).runUntilCancelled() } }
            try await eventually(.seconds(30)) {
                try await store.store.pool.read { db in
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM peregrine_periodic_runs WHERE name = 'tick'") ?? 0
                } >= 3
            }
            group.cancelAll()
        }
        let periods = try await store.store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM peregrine_periodic_runs WHERE name = 'tick'")
        }
        let jobs = try await store.store.pool.read { db in
            try String.fetchOne(db, sql: "SELECT count(DISTINCT run_at) || '/' || count(*) FROM peregrine_jobs WHERE type = 'RecordJob'")
        }
        #expect((periods ?? 0) >= 3)
        #expect(jobs == "\(periods ?? 0)/\(periods ?? 0)")
    }
}

extension JobWorkers {
    /// Runs the workers until the task is cancelled (a process killed without a graceful stop).
    func runUntilCancelled() async throws {
        try await run()
    }
}
