import Logging
import Metrics
import NIOPosix
import ServiceLifecycle
import Synchronization

/// Runs requests' background tasks off their connections: the app-owned runner FastAPI lacks.
///
/// A request's tasks (and its request-scoped cleanups) become one job, submitted once the
/// response's last byte has been handed to the connection, so the connection serves its next
/// request at once. At most ``Configuration/maxConcurrentRequests`` jobs run at a time, each
/// running its tasks in order; up to ``Configuration/queueCapacity`` more wait, and beyond that a
/// submitting connection waits for room (back-pressure; nothing is dropped). A failing task is
/// logged with its label, the request id and the route, counted, and the job goes on.
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
        public var maxConcurrentRequests: Int
        /// How many requests' task lists wait beyond those; a full queue makes submitters wait.
        public var queueCapacity: Int
        /// How long graceful shutdown waits for queued and running tasks before cancelling them.
        public var shutdownDeadline: Duration

        public init(maxConcurrentRequests: Int = 16, queueCapacity: Int = 1024, shutdownDeadline: Duration = .seconds(30)) {
            self.maxConcurrentRequests = max(maxConcurrentRequests, 1)
            self.queueCapacity = queueCapacity
            self.shutdownDeadline = shutdownDeadline
        }
    }

    public let configuration: Configuration
    let logger: Logger
    let queue: JobQueue
    private let metrics: TaskMetrics
    /// The tasks of the jobs running now, by job, for the shutdown report.
    private let unfinished = Mutex<[Int: [String]]>([:])
    private let nextJobNumber = Atomic<Int>(0)

    public init(configuration: Configuration = .init(), logger: Logger, metricsFactory: (any MetricsFactory)? = nil) {
        self.configuration = configuration
        self.logger = logger
        self.queue = JobQueue(capacity: configuration.queueCapacity)
        self.metrics = TaskMetrics(factory: metricsFactory ?? MetricsSystem.factory)
    }

    /// Runs the workers until graceful shutdown, then drains within the deadline.
    public func run() async throws {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withTaskGroup(of: Void.self) { workers in
                    for _ in 0..<self.configuration.maxConcurrentRequests {
                        workers.addTask { await self.work() }
                    }
                }
                return true
            }
            group.addTask {
                // Returns when shutdown begins, or throws when the runner is cancelled instead.
                guard (try? await gracefulShutdown()) != nil else { return false }
                self.queue.close()
                try? await Task.sleep(for: self.configuration.shutdownDeadline)
                return false
            }
            // Normally the workers finish first, having drained the queue; at the deadline the
            // timer does, and the workers are cancelled.
            let drained = await group.next() ?? true
            if !drained { self.reportCancelledWork() }
            group.cancelAll()
        }
    }

    /// Records that the response being built carries a job, so that ``waitUntilIdle()`` waits for it.
    func announce() {
        queue.announce()
    }

    /// Gives up an announced job that turned out to need no runner.
    func withdraw() {
        queue.withdraw()
    }

    /// Submits an announced job, waiting while the queue is full.
    func submit(_ job: RequestJob) async {
        metrics.queued.record(metrics.queuedCount.add(job.tasks.count, ordering: .relaxed).newValue)
        await queue.push(job)
    }

    /// Returns once every submitted or announced job has finished: what the TestClient waits for.
    public func waitUntilIdle() async {
        await queue.waitUntilIdle()
    }

    private func work() async {
        while !Task.isCancelled, let job = await queue.pop() {
            metrics.queued.record(metrics.queuedCount.subtract(job.tasks.count, ordering: .relaxed).newValue)
            let number = nextJobNumber.add(1, ordering: .relaxed).newValue
            unfinished.withLock { $0[number] = job.tasks.map(\.label) }
            // The job runs in its own task so that, at the shutdown deadline, a task that ignores
            // cancellation cannot hold the shutdown: the worker stops waiting for it.
            let done = OneShot()
            let execution = Task {
                await self.execute(job, number: number)
                done.fire()
            }
            await withTaskCancellationHandler {
                await done.wait()
            } onCancel: {
                execution.cancel()
                done.fire()
            }
            queue.finish()
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
            unfinished.withLock { $0[number] = Array(job.tasks[(index + 1)...].map(\.label)) }
        }
        // Request-scoped cleanups come after the tasks, as in FastAPI, last registered first.
        for cleanup in job.cleanups.reversed() { await cleanup.run(nil) }
        unfinished.withLock { $0[number] = nil }
    }

    /// Logs the tasks the shutdown deadline cancels: the rest of the running jobs and every
    /// waiting one.
    private func reportCancelledWork() {
        let running = unfinished.withLock { Array($0.values.joined()) }
        let waiting = queue.drainWaiting().flatMap { $0.tasks.map(\.label) }
        let cancelled = running + waiting
        logger.warning(
            "Shutdown deadline reached: cancelling background tasks",
            metadata: [
                "count": .stringConvertible(cancelled.count),
                "running": .stringConvertible(running.count), "queued": .stringConvertible(waiting.count),
                "tasks": .array(cancelled.map { .string($0) }),
            ])
    }
}

/// A signal fired once, which any number of waiters can await.
private final class OneShot: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func fire() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.fired else { return [] }
            state.fired = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let fired = state.withLock { state -> Bool in
                if state.fired { return true }
                state.waiters.append(continuation)
                return false
            }
            if fired { continuation.resume() }
        }
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
