import Foundation
import Logging
import Metrics
import Synchronization

/// An app's durable jobs: the job types it knows, its store, the group commit every enqueue goes
/// through, and (when this process runs workers) the workers.
///
/// ```swift
/// let jobs = try JobSystem.sqlite()             // jobs.sqlite in the working folder
/// jobs.register(SendWelcomeEmail.self)
/// app.useJobs(jobs)                             // workers run as a service of the app
/// ```
///
/// Endpoints enqueue through an injected ``Jobs`` parameter, committed before their response;
/// anything else (a lifespan, a background task, another job) through ``enqueue(_:delay:at:priority:)``.
public final class JobSystem: Sendable {
    struct Registration: Sendable {
        let options: JobOptions
        let decode: @Sendable (Data) throws -> any Job
    }

    struct Periodic: Sendable {
        let name: String
        let schedule: CronSchedule
        let type: String
        let payload: Data
        let options: JobOptions
    }

    public let store: any JobStore
    public let configuration: JobsConfiguration
    let logger: Logger
    let metrics: JobMetrics
    private let registrations = Mutex<[String: Registration]>([:])
    /// Each job type's name and options, read once: the default name is the type's name as
    /// text, which the runtime demangles anew at every call.
    private let typeDescriptions = Mutex<[ObjectIdentifier: (name: String, options: JobOptions)]>([:])
    private let periodicJobs = Mutex<[Periodic]>([])
    /// The store's frequent writes (enqueues, workers' completions and claims), batched.
    let writer: GroupCommit<BatchedWrite, BatchedAnswer>
    /// What this process's workers, once started, let the rest of the process do to them.
    struct WorkerHooks: Sendable {
        /// Wakes a queue when this process enqueues into it.
        let wake: @Sendable (String) -> Void
        /// Cancels a job running here at once, rather than at the next heartbeat.
        let cancel: @Sendable (JobID) -> Void
    }

    /// The hooks of this process's workers while they run. Kept in a struct: a closure stored
    /// directly in a `Mutex` is reabstracted on every access to its generic storage, and each
    /// `withLock` wrapped it in two more thunks. In a class of its own, so that the group
    /// commit can hold it.
    final class WorkerHookSlot: Sendable {
        let hooks = Mutex<WorkerHooks?>(nil)
    }

    let workerHooks = WorkerHookSlot()

    /// A job system over `store`.
    public init(
        store: any JobStore, configuration: JobsConfiguration = JobsConfiguration(), logger: Logger = Logger(label: "PeregrineJobs"),
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        let metrics = JobMetrics(factory: metricsFactory ?? MetricsSystem.factory)
        let workerHooks = workerHooks
        self.metrics = metrics
        writer = GroupCommit { batch in
            let answers = try await store.write(batch, now: Date())
            // Enqueues are counted and announced once per transaction, not once per request.
            var queues: [String] = []
            for (write, answer) in zip(batch, answers) {
                guard case .enqueue(let job) = write, case .enqueued(let outcome) = answer else { continue }
                if !outcome.existed { metrics.count("enqueued", queue: job.queue, type: job.type) }
                if !queues.contains(job.queue) { queues.append(job.queue) }
            }
            if !queues.isEmpty, let hooks = workerHooks.hooks.withLock({ $0 }) {
                for queue in queues { hooks.wake(queue) }
            }
            return answers
        }
    }

    /// A job system on the embedded SQLite store at `path` (`jobs.sqlite` in the working folder
    /// by default), created if need be.
    public static func sqlite(
        path: String = "jobs.sqlite", durability: SQLiteJobStore.Durability = .powerLoss,
        configuration: JobsConfiguration = JobsConfiguration(), logger: Logger = Logger(label: "PeregrineJobs"),
        metricsFactory: (any MetricsFactory)? = nil
    ) throws -> JobSystem {
        let store = try SQLiteJobStore(path: path, configuration: .init(durability: durability))
        return JobSystem(store: store, configuration: configuration, logger: logger, metricsFactory: metricsFactory)
    }

    // MARK: Job types

    /// One encoder and decoder for every job: they are thread-safe, and making one per enqueue
    /// or run was a measurable part of each.
    static let encoder = JSONEncoder()
    static let decoder = JSONDecoder()

    /// Makes jobs of type `J` runnable by this process's workers. Register every type before the
    /// app starts; a process that only enqueues needs no registration.
    public func register<J: Job>(_ type: J.Type) {
        let registration = Registration(options: J.options) { data in try JobSystem.decoder.decode(J.self, from: data) }
        registrations.withLock { $0[J.name] = registration }
    }

    /// Enqueues `job` once per period of `cron` (``CronSchedule``, in UTC), once across every
    /// process sharing the store: the period's start is recorded with its job in one transaction.
    /// The job's type is registered too.
    ///
    /// - Parameter name: names the schedule in the store; the job type's name by default. Two
    ///   schedules of one type need two names.
    public func schedule<J: Job>(_ job: J, cron: String, name: String? = nil) throws {
        let schedule = try CronSchedule(cron)
        register(J.self)
        let periodic = Periodic(
            name: name ?? J.name, schedule: schedule, type: J.name, payload: try Self.encoder.encode(job), options: J.options)
        periodicJobs.withLock { $0.append(periodic) }
    }

    func description<J: Job>(of type: J.Type) -> (name: String, options: JobOptions) {
        typeDescriptions.withLock { descriptions in
            if let description = descriptions[ObjectIdentifier(type)] { return description }
            let description = (J.name, J.options)
            descriptions[ObjectIdentifier(type)] = description
            return description
        }
    }

    func registration(for type: String) -> Registration? {
        registrations.withLock { $0[type] }
    }

    var periodic: [Periodic] { periodicJobs.withLock { $0 } }

    /// The queues this process's workers serve: those configured and those registered types name.
    var queues: [String: Int] {
        var queues = configuration.queues
        for registration in registrations.withLock({ Array($0.values) }) where queues[registration.options.queue] == nil {
            queues[registration.options.queue] = configuration.defaultConcurrency
        }
        return queues
    }

    // MARK: Enqueueing

    /// The stored form of `job`, due after `delay` or at `date` (now when neither is given).
    func newJob<J: Job>(
        _ job: J, delay: Duration?, at date: Date?, priority: Int?, unique: UniqueJob?, requestID: String?, now: Date
    ) throws -> NewJob {
        let (name, options) = description(of: J.self)
        let runAt = date ?? now.addingTimeInterval(delay?.seconds ?? 0)
        return NewJob(
            type: name, queue: options.queue, payload: try Self.encoder.encode(job), priority: priority ?? options.priority,
            runAt: runAt, maxAttempts: options.maxAttempts, unique: unique, requestID: requestID)
    }

    /// Enqueues `job` and waits until it is committed (grouped with other enqueues of the moment);
    /// answers its id.
    @discardableResult
    public func enqueue<J: Job>(_ job: J, delay: Duration? = nil, at date: Date? = nil, priority: Int? = nil) async throws -> JobID {
        try await commit([newJob(job, delay: delay, at: date, priority: priority, unique: nil, requestID: nil, now: Date())])[0].id
    }

    /// Enqueues every job of `jobs` in one transaction, all or none; answers their ids in order.
    @discardableResult
    public func enqueue<J: Job>(
        contentsOf jobs: [J], delay: Duration? = nil, at date: Date? = nil, priority: Int? = nil
    ) async throws -> [JobID] {
        let now = Date()
        let stored = try jobs.map { try newJob($0, delay: delay, at: date, priority: priority, unique: nil, requestID: nil, now: now) }
        return try await commit(stored).map(\.id)
    }

    /// Enqueues `job` unless a job of its type with the same `unique` key exists (see
    /// ``UniqueJob``); answers the id of the job that will do the work, and whether it existed.
    public func enqueue<J: Job>(
        _ job: J, unique: UniqueJob, delay: Duration? = nil, at date: Date? = nil, priority: Int? = nil
    ) async throws -> EnqueuedJob {
        try await commit([newJob(job, delay: delay, at: date, priority: priority, unique: unique, requestID: nil, now: Date())])[0]
    }

    /// Commits stored jobs through the group commit.
    func commit(_ jobs: [NewJob]) async throws -> [EnqueuedJob] {
        try await writer.commit(jobs.map(BatchedWrite.enqueue)).enqueued
    }

    // MARK: Status

    /// The job's state, attempts, errors and timestamps; nil when there is no such job (or it
    /// finished longer ago than the retention).
    public func status(_ id: JobID) async throws -> JobStatus? {
        try await store.status(id)
    }

    /// Cancels a job: a waiting one at once, a running one at once when it runs in this process,
    /// else at its worker's next heartbeat (its task is cancelled). Answers the job's state afterwards; nil when there is no such job.
    @discardableResult
    public func cancel(_ id: JobID) async throws -> JobState? {
        let state = try await store.cancel(id, now: Date())
        if state == .cancelled { logger.info("job cancelled", metadata: ["job_id": "\(id)"]) }
        if state == .running, let hooks = workerHooks.hooks.withLock({ $0 }) { hooks.cancel(id) }
        return state
    }
}
