import Foundation
import Peregrine
import PeregrineJobs
import Synchronization

/// Where the example's durable jobs write, in the working folder unless the environment says
/// otherwise: notifications to `durable-log.txt` (`DURABLE_LOG`), the other jobs' events to
/// `durable-events.txt` (`DURABLE_EVENTS`). The jobs store is `jobs.sqlite` (`JOBS_STORE`).
public enum DurableFiles {
    private static let locations = Mutex(
        (
            log: ProcessInfo.processInfo.environment["DURABLE_LOG"] ?? "durable-log.txt",
            events: ProcessInfo.processInfo.environment["DURABLE_EVENTS"] ?? "durable-events.txt"
        ))

    public static var log: String {
        get { locations.withLock { $0.log } }
        set { locations.withLock { $0.log = newValue } }
    }

    public static var events: String {
        get { locations.withLock { $0.events } }
        set { locations.withLock { $0.events = newValue } }
    }

    /// Appends `line` whole: one `write` on a descriptor opened for appending, so lines written by
    /// several jobs (or processes) at once never interleave.
    static func append(_ line: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        let bytes = Array(line.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }
}

/// The seed's notification, as a durable job: it survives a crash and runs at least once.
struct DurableNotification: Job {
    var email: String

    func run(context: JobContext) async throws {
        try DurableFiles.append("notification for \(email)\n", to: DurableFiles.log)
    }
}

/// A job that fails on its first two attempts and succeeds on the third: its status shows both
/// errors and the retries' backoff.
struct FlakyImport: Job {
    static let options = JobOptions(maxAttempts: 5, backoff: .exponential(base: .milliseconds(200), cap: .seconds(2)))
    var source: String

    struct SourceUnavailable: Error, CustomStringConvertible {
        let attempt: Int
        var description: String { "the source did not answer (attempt \(attempt))" }
    }

    func run(context: JobContext) async throws {
        if context.attempt <= 2 { throw SourceUnavailable(attempt: context.attempt) }
        try DurableFiles.append("import of \(source) succeeded on attempt \(context.attempt)\n", to: DurableFiles.events)
    }
}

/// A job that takes its time, on a queue of its own with two workers: cancel it, or stop the
/// server while it runs (it is released and runs again).
struct SlowReport: Job {
    static let options = JobOptions(queue: "slow", maxAttempts: 3, timeout: .seconds(60))
    var seconds: Int

    func run(context: JobContext) async throws {
        try await Task.sleep(for: .seconds(seconds))
        try DurableFiles.append("slow report of \(seconds) s finished (job \(context.id))\n", to: DurableFiles.events)
    }
}

/// A report enqueued at most once per key while one is waiting or running.
struct AccountReport: Job {
    var account: String

    func run(context: JobContext) async throws {
        try DurableFiles.append("report for account \(account)\n", to: DurableFiles.events)
    }
}

/// A periodic job: once per period of its cron schedule, across every process on the store.
struct PeriodicDigest: Job {
    func run(context: JobContext) async throws {
        let period = Int(context.scheduledAt.timeIntervalSince1970)
        try DurableFiles.append("digest for period \(period)\n", to: DurableFiles.events)
    }
}

/// The body of an answer for a unique job: its id, and whether it was already there.
@Model
struct UniqueAcceptance {
    var job_id: String
    var existed: Bool
}

/// Durable jobs: background work that survives a crash (see `docs/durable-jobs.md`).
@Routes
struct DurableJobRoutes {
    @POST("/durable/send-notification/{email}", status: 202, responses: [202: .accepted()], tags: ["jobs"])
    func sendDurableNotification(email: String, jobs: Jobs) throws -> JobAcceptance {
        jobs.accepted(try jobs.enqueue(DurableNotification(email: email)))
    }

    @POST("/durable/flaky-import", status: 202, responses: [202: .accepted()], tags: ["jobs"])
    func flakyImport(source: String = "inventory", jobs: Jobs) throws -> JobAcceptance {
        jobs.accepted(try jobs.enqueue(FlakyImport(source: source)))
    }

    @POST("/durable/slow-report", status: 202, responses: [202: .accepted()], tags: ["jobs"])
    func slowReport(@Query(ge: 0, le: 30) seconds: Int = 5, jobs: Jobs) throws -> JobAcceptance {
        jobs.accepted(try jobs.enqueue(SlowReport(seconds: seconds)))
    }

    @POST("/durable/account-report/{account}", status: 202, responses: [202: .accepted()], tags: ["jobs"])
    func accountReport(account: String, jobs: Jobs) async throws -> UniqueAcceptance {
        let enqueued = try await jobs.enqueue(AccountReport(account: account), unique: UniqueJob(key: account))
        _ = jobs.accepted(enqueued.id)
        return UniqueAcceptance(job_id: enqueued.id.rawValue, existed: enqueued.existed)
    }
}

/// What the example process does: serve requests, run jobs, or both (the default).
public enum ExampleRole: String, CaseIterable, Sendable {
    case both, server, workers

    /// `--role ROLE` (or `--role=ROLE`) taken out of `arguments`, else `ROLE` from the
    /// environment, else both. Nil for an unknown role.
    public static func take(from arguments: inout [String], environment: [String: String]) -> ExampleRole? {
        var name = environment["ROLE"] ?? "both"
        if let index = arguments.firstIndex(where: { $0 == "--role" || $0.hasPrefix("--role=") }) {
            if arguments[index] == "--role" {
                guard index + 1 < arguments.count else { return nil }
                name = arguments[index + 1]
                arguments.removeSubrange(index...index + 1)
            } else {
                name = String(arguments[index].dropFirst("--role=".count))
                arguments.remove(at: index)
            }
        }
        return ExampleRole(rawValue: name)
    }
}

/// The example's job system: its SQLite store (`jobs.sqlite` in the working folder, or
/// `JOBS_STORE`), its job types and its periodic digest (every minute, or `DIGEST_CRON`). The
/// lease is 30 seconds unless `JOBS_LEASE` (in seconds) says otherwise; the heartbeat is a third
/// of it. The crash harness shortens it, so that killed workers' jobs come back sooner.
public func makeExampleJobs(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> JobSystem {
    let lease = environment["JOBS_LEASE"].flatMap(Double.init).flatMap { $0 > 0 ? Duration.seconds($0) : nil } ?? .seconds(30)
    let jobs = try JobSystem.sqlite(
        path: environment["JOBS_STORE"] ?? "jobs.sqlite",
        configuration: JobsConfiguration(
            queues: ["default": 16, "slow": 2], lease: lease, heartbeat: lease / 3, shutdownDeadline: .seconds(10)))
    jobs.register(DurableNotification.self)
    jobs.register(FlakyImport.self)
    jobs.register(SlowReport.self)
    jobs.register(AccountReport.self)
    try jobs.schedule(PeriodicDigest(), cron: environment["DIGEST_CRON"] ?? "* * * * *")
    return jobs
}

/// Adds the durable-job routes and the job status routes to `app`, enqueueing into `jobs`, with
/// this process running the workers when `workers` is true.
func installDurableJobs(on app: App, jobs: JobSystem, workers: Bool) {
    app.useJobs(jobs, workers: workers)
    app.include(DurableJobRoutes())
    app.includeJobStatusRoutes(cancellation: true)
}
