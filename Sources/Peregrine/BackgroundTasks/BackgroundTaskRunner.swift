import Logging
import Metrics
import NIOPosix
import ServiceLifecycle
import Synchronization

/// Runs requests' background tasks off their connections: the app-owned runner FastAPI lacks.
///
/// A request's tasks (and its request-scoped cleanups) become one job, submitted once the
/// response's last byte has been handed to the connection, so the connection serves its next
/// request at once. At most ``Configuration/maxConcurrentRequests`` jobs run at a time, each in a
/// task of its own running its tasks in order; up to ``Configuration/queueCapacity`` more wait,
/// and beyond that a submitting connection waits for room (back-pressure; nothing is dropped). A
/// failing task is logged with its label, the request id and the route, counted, and the job goes
/// on.
///
/// The runner is a service of the app's Hummingbird application. On graceful shutdown it runs
/// after the server has stopped accepting and finished its requests: it finishes the queued and
/// running jobs, and at ``Configuration/shutdownDeadline`` cancels what is left and logs how many
/// tasks that was.
///
/// Metrics (through swift-metrics): `peregrine_background_tasks_queued` and
/// `peregrine_background_tasks_running` (gauges), `peregrine_background_tasks_succeeded` and
/// `peregrine_background_tasks_failed` (counters), `peregrine_background_task_duration` (timer).
public final class BackgroundTaskRunner: Service, Sendable {
    public struct Configuration: Sendable {
        /// How many requests' task lists run at once.
        ///
        /// High by default because most background work waits (on a network call, a file, a
        /// timer) rather than computes: at 10,000 requests a second, tasks that take 100 ms keep
        /// 1,000 jobs running, and a lower limit would throttle the requests themselves. Work
        /// that computes is bounded anyway by the threads that run it: the cooperative pool for
        /// async tasks, NIO's thread pool for blocking ones. An idle runner holds nothing.
        public var maxConcurrentRequests: Int
        /// How many requests' task lists wait beyond those; a full queue makes submitters wait.
        public var queueCapacity: Int
        /// How long graceful shutdown waits for queued and running tasks before cancelling them.
        public var shutdownDeadline: Duration

        public init(
            maxConcurrentRequests: Int = 10_000, queueCapacity: Int = 10_000, shutdownDeadline: Duration = .seconds(30)
        ) {
            self.maxConcurrentRequests = max(maxConcurrentRequests, 1)
            self.queueCapacity = queueCapacity
            self.shutdownDeadline = shutdownDeadline
        }
    }

    /// A running job: its task, and how many of its tasks have finished.
    private struct RunningJob {
        let job: RequestJob
        var execution: Task<Void, Never>?
        var finishedTasks = 0

        var remainingLabels: [String] { job.tasks[finishedTasks...].map(\.label) }
    }

    public let configuration: Configuration
    let logger: Logger
    let queue: JobQueue
    private let metrics: TaskMetrics
    /// The jobs running now, by number: cancelled and reported at the shutdown deadline.
    private let runningJobs = Mutex<[Int: RunningJob]>([:])
    private let nextJobNumber = Atomic<Int>(0)

    public init(configuration: Configuration = .init(), logger: Logger, metricsFactory: (any MetricsFactory)? = nil) {
        self.configuration = configuration
        self.logger = logger
        self.queue = JobQueue(maxRunning: configuration.maxConcurrentRequests, capacity: configuration.queueCapacity)
        self.metrics = TaskMetrics(factory: metricsFactory ?? MetricsSystem.factory)
    }

    /// Waits for graceful shutdown, then drains within the deadline.
    public func run() async throws {
        // Returns when shutdown begins; throws when the runner is cancelled instead, which
        // cancels the running jobs at once.
        if (try? await gracefulShutdown()) != nil {
            let drained = await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    await self.queue.waitUntilIdle()
                    return !Task.isCancelled
                }
                group.addTask {
                    try? await Task.sleep(for: self.configuration.shutdownDeadline)
                    return false
                }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
            if drained { return }
        }
        cancelUnfinishedWork()
    }

    /// Records that the response being built carries a job, so that ``waitUntilIdle()`` waits for it.
    func announce() {
        queue.announce()
    }

    /// Gives up an announced job that turned out to need no runner.
    func withdraw() {
        queue.withdraw()
    }

    /// Submits an announced job: it starts at once when fewer than the limit run, and otherwise
    /// waits its turn; while the queue is full this waits for room.
    func submit(_ job: RequestJob) async {
        metrics.queued.record(metrics.queuedCount.add(job.tasks.count, ordering: .relaxed).newValue)
        if await queue.push(job) { start(job) }
    }

    /// Returns once every submitted or announced job has finished: what the TestClient waits for.
    public func waitUntilIdle() async {
        await queue.waitUntilIdle()
    }

    /// Runs a job in a task of its own, so that at the shutdown deadline a task that ignores
    /// cancellation cannot hold the shutdown: the runner stops waiting for it. When it ends, the
    /// next waiting job starts.
    private func start(_ job: RequestJob) {
        metrics.queued.record(metrics.queuedCount.subtract(job.tasks.count, ordering: .relaxed).newValue)
        let number = nextJobNumber.add(1, ordering: .relaxed).newValue
        runningJobs.withLock { $0[number] = RunningJob(job: job) }
        let execution = Task {
            await self.execute(job, number: number)
            self.runningJobs.withLock { _ = $0.removeValue(forKey: number) }
            if let next = self.queue.finish() { self.start(next) }
        }
        runningJobs.withLock { jobs in
            // The job may have finished already; then there is nothing to keep.
            if jobs[number] != nil { jobs[number]?.execution = execution }
        }
    }

    private func execute(_ job: RequestJob, number: Int) async {
        for (index, task) in job.tasks.enumerated() {
            if Task.isCancelled { break }
            metrics.running.record(metrics.runningCount.add(1, ordering: .relaxed).newValue)
            let start = ContinuousClock.now
            do {
                switch task.work {
                case .async(let work): try await work()
                case .blocking(let work): try await NIOThreadPool.singleton.runIfActive { try work() }
                }
                metrics.succeeded.increment()
            } catch {
                metrics.failed.increment()
                logger.error(
                    "Background task failed",
                    metadata: [
                        "task": .string(task.label), "error": .string(String(describing: error)),
                        "hb.request.id": .string(job.requestID), "http.route": .string(job.route),
                    ])
            }
            metrics.duration.recordNanoseconds(Int64((ContinuousClock.now - start).nanoseconds))
            metrics.running.record(metrics.runningCount.subtract(1, ordering: .relaxed).newValue)
            runningJobs.withLock { $0[number]?.finishedTasks = index + 1 }
        }
        // Request-scoped cleanups come after the tasks, as in FastAPI, last registered first.
        for cleanup in job.cleanups.reversed() { await cleanup.run(nil) }
    }

    /// Cancels the running jobs and drops the waiting ones, logging how many tasks that was.
    private func cancelUnfinishedWork() {
        let running = runningJobs.withLock { jobs in
            defer { jobs.removeAll() }
            return jobs.sorted { $0.key < $1.key }.map(\.value)
        }
        for job in running { job.execution?.cancel() }
        let runningLabels = running.flatMap(\.remainingLabels)
        let waiting = queue.drainWaiting().flatMap { $0.tasks.map(\.label) }
        let cancelled = runningLabels + waiting
        guard !cancelled.isEmpty else { return }
        logger.warning(
            "Shutdown deadline reached: cancelling background tasks",
            metadata: [
                "count": .stringConvertible(cancelled.count),
                "running": .stringConvertible(runningLabels.count), "queued": .stringConvertible(waiting.count),
                "tasks": .array(cancelled.map { .string($0) }),
            ])
    }
}

/// The runner's metrics.
private final class TaskMetrics: Sendable {
    let queued: Gauge
    let running: Gauge
    let succeeded: Counter
    let failed: Counter
    let duration: Metrics.Timer
    let queuedCount = Atomic<Int>(0)
    let runningCount = Atomic<Int>(0)

    init(factory: any MetricsFactory) {
        queued = Gauge(label: "peregrine_background_tasks_queued", factory: factory)
        running = Gauge(label: "peregrine_background_tasks_running", factory: factory)
        succeeded = Counter(label: "peregrine_background_tasks_succeeded", factory: factory)
        failed = Counter(label: "peregrine_background_tasks_failed", factory: factory)
        duration = Metrics.Timer(label: "peregrine_background_task_duration", factory: factory)
    }
}

extension Duration {
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
