import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Runs an app's durable jobs in this process: a service of the app (``App/useJobs(_:workers:)``)
/// or of a workers-only process (``JobSystem/runWorkers(logger:)``).
///
/// Each queue claims due jobs up to its concurrency, in batches, as slots free up; an enqueue in
/// this process wakes it at once, and it looks again when its next job falls due or, for jobs
/// enqueued elsewhere, every ``JobsConfiguration/pollInterval``. While jobs run, one heartbeat
/// renews all their leases; a lease found lost cancels its job's task (another worker has the
/// job now), and a cancellation asked through ``JobSystem/cancel(_:)`` cancels it too. Every
/// ``JobsConfiguration/rescueInterval`` expired leases, of any process, are rescued.
///
/// On graceful shutdown the queues stop claiming, running jobs have
/// ``JobsConfiguration/shutdownDeadline`` to finish, and those still running are cancelled and
/// released for another worker at once, without counting a failure.
public final class JobWorkers: Service, Sendable {
    enum StopReason: Equatable { case lost, cancelRequested, shutdown, timedOut(Duration) }

    /// A running job's entry: a class, so that setting its task or stop reason does not copy
    /// the claimed job in and out of the dictionary. Touched only under `running`'s lock.
    final class Running {
        let job: ClaimedJob
        /// The job type's timeout, and when it runs out.
        let timeout: Duration?
        let deadline: ContinuousClock.Instant?
        var task: Task<Void, Never>?
        var stopReason: StopReason?

        init(job: ClaimedJob, timeout: Duration?, deadline: ContinuousClock.Instant?) {
            self.job = job
            self.timeout = timeout
            self.deadline = deadline
        }
    }

    private enum Outcome {
        case succeeded
        case snoozed(Duration)
        case failed(String, final: Bool)
    }

    let system: JobSystem
    /// This worker's name in the store: host, process id and a random suffix.
    public let workerID: String
    /// The jobs running here, how many of each queue's, how many finished jobs' completions
    /// are being committed, and until when the timeout watcher sleeps (nil while it looks).
    struct RunningJobs {
        var jobs: [JobClaim: Running] = [:]
        var perQueue: [String: Int] = [:]
        var completing = 0
        var watcherSleepsUntil: ContinuousClock.Instant?

        /// Nothing runs and nothing waits to be recorded: the workers may stop.
        var isIdle: Bool { jobs.isEmpty && completing == 0 }
    }

    let running = Mutex(RunningJobs())
    /// A queue's concurrency, and how many free slots make a claim worth its transaction.
    private struct QueueLimit {
        let concurrency: Int
        let refill: Int

        /// Whether a queue with `running` jobs claims: when a refill's worth of slots is free,
        /// or when it is idle.
        func claims(running: Int) -> Bool {
            let free = concurrency - running
            return free >= refill || (free > 0 && running == 0)
        }
    }

    private let limits = Mutex<[String: QueueLimit]>([:])
    let signals = Mutex<[String: WakeSignal]>([:])
    private let stopping = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)
    /// Wakes the heartbeat, rescue and periodic loops when the workers finish.
    let loopSignal = WakeSignal()
    /// Wakes the drain when a job finishes.
    let jobFinished = WakeSignal()
    /// Wakes the timeout watcher when a job's deadline comes before its next look.
    let deadlineSignal = WakeSignal()

    public init(system: JobSystem) {
        self.system = system
        workerID = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UInt16.random(in: 0...UInt16.max))"
    }

    var configuration: JobsConfiguration { system.configuration }
    var logger: Logger { system.logger }

    public func run() async throws {
        let queues = system.queues
        let signals = Dictionary(uniqueKeysWithValues: queues.keys.map { ($0, WakeSignal()) })
        self.signals.withLock { $0 = signals }
        // Under load, slots are refilled a quarter of the queue at a time: one claim transaction
        // for several jobs rather than one per finished job, which would compete with the
        // requests' enqueues for the store's one writer.
        limits.withLock { $0 = queues.mapValues { QueueLimit(concurrency: $0, refill: max(1, $0 / 4)) } }
        let hooks = JobSystem.WorkerHooks(
            wake: { [weak self] queue in
                // Only when the queue's loop would claim: under load most enqueues find every
                // slot taken, and a wake-up would cost the loop a timer for nothing.
                if self?.wouldClaim(queue: queue) ?? true { signals[queue]?.signal() }
            },
            cancel: { [weak self] id in
                guard let self else { return }
                for claim in running.withLock({ $0.jobs.keys.filter { $0.id == id } }) { stop(claim, .cancelRequested) }
            })
        system.workerHooks.hooks.withLock { $0 = hooks }
        logger.info(
            "job workers started",
            metadata: ["worker": "\(workerID)", "queues": "\(queues.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })"])
        await withDiscardingTaskGroup { group in
            group.addTask { await self.heartbeatLoop() }
            group.addTask { await self.rescueLoop() }
            group.addTask { await self.periodicLoop() }
            group.addTask { await self.timeoutLoop() }
            await withGracefulShutdownHandler {
                await withDiscardingTaskGroup { queueGroup in
                    for queue in queues.keys {
                        queueGroup.addTask { await self.serve(queue: queue) }
                    }
                }
            } onGracefulShutdown: {
                self.stopping.store(true, ordering: .relaxed)
                for signal in signals.values { signal.signal() }
            }
            await drain()
            finished.store(true, ordering: .relaxed)
            loopSignal.signal()
            loopSignal.signal()
            loopSignal.signal()
            deadlineSignal.signal()
        }
        system.workerHooks.hooks.withLock { $0 = nil }
        logger.info("job workers stopped", metadata: ["worker": "\(workerID)"])
    }

    var isStopping: Bool { stopping.load(ordering: .relaxed) || Task.isCancelled }
    var isFinished: Bool { finished.load(ordering: .relaxed) || Task.isCancelled }

    private func runningCount(queue: String) -> Int {
        running.withLock { $0.perQueue[queue] ?? 0 }
    }

    /// Whether the queue has enough free slots for its loop to claim (see `serve`).
    private func wouldClaim(queue: String) -> Bool {
        limits.withLock { $0[queue] }?.claims(running: runningCount(queue: queue)) ?? false
    }

    // MARK: Claiming

    private func serve(queue: String) async {
        guard let signal = signals.withLock({ $0[queue] }), let limit = limits.withLock({ $0[queue] }) else { return }
        while !isStopping {
            let running = runningCount(queue: queue)
            let free = limit.concurrency - running
            var wait = configuration.pollInterval
            if limit.claims(running: running) {
                do {
                    // Through the job system's group commit: written with whatever enqueues and
                    // completions are waiting, in one transaction.
                    let request = ClaimRequest(
                        queue: queue, limit: free, worker: workerID, leaseUntil: Date().addingTimeInterval(configuration.lease.seconds))
                    let claimed = try await system.writer.commit([.claim(request)]).claimed
                    for job in claimed { start(job) }
                    if claimed.count < free, let next = try await system.store.nextDue(queue: queue) {
                        wait = min(wait, .seconds(max(0, next.timeIntervalSinceNow)))
                    }
                } catch {
                    logger.error("could not claim jobs", metadata: ["queue": "\(queue)", "error": "\(error)"])
                }
            }
            if isStopping { break }
            await signal.wait(upTo: wait)
        }
    }

    private func start(_ job: ClaimedJob) {
        system.metrics.running(queue: job.queue, 1)
        system.metrics.queueLatency(.seconds(max(0, -job.runAt.timeIntervalSinceNow)), queue: job.queue, type: job.type)
        let registration = system.registration(for: job.type)
        let timeout = registration?.options.timeout
        let deadline = timeout.map { ContinuousClock.now + $0 }
        let wakeWatcher = running.withLock { running -> Bool in
            running.jobs[job.claim] = Running(job: job, timeout: timeout, deadline: deadline)
            running.perQueue[job.queue, default: 0] += 1
            guard let deadline else { return false }
            guard let sleepsUntil = running.watcherSleepsUntil else { return true }
            if deadline >= sleepsUntil { return false }
            running.watcherSleepsUntil = deadline
            return true
        }
        if wakeWatcher { deadlineSignal.signal() }
        // Below the requests' priority: a busy queue must not starve the requests that fill it.
        let task = Task(priority: .low) { await self.execute(job, registration: registration) }
        let cancelNow = running.withLock { running -> Bool in
            guard running.jobs[job.claim] != nil else { return false }
            running.jobs[job.claim]?.task = task
            return running.jobs[job.claim]?.stopReason != nil
        }
        if cancelNow { task.cancel() }
    }

    func stop(_ claim: JobClaim, _ reason: StopReason) {
        let task = running.withLock { running -> Task<Void, Never>? in
            guard running.jobs[claim] != nil else { return nil }
            if running.jobs[claim]?.stopReason == nil { running.jobs[claim]?.stopReason = reason }
            return running.jobs[claim]?.task
        }
        task?.cancel()
    }

    // MARK: Running one job

    private func execute(_ job: ClaimedJob, registration: JobSystem.Registration?) async {
        var logger = self.logger
        logger[metadataKey: "job_id"] = .string(job.id.rawValue)
        logger[metadataKey: "job_type"] = .string(job.type)
        logger[metadataKey: "attempt"] = .stringConvertible(job.attempt)
        if let requestID = job.requestID { logger[metadataKey: "request_id"] = .string(requestID) }
        let started = ContinuousClock.now
        let outcome = await outcome(of: job, registration: registration, logger: logger)
        let duration = ContinuousClock.now - started
        system.metrics.duration(duration, queue: job.queue, type: job.type)
        let reason = running.withLock { $0.jobs[job.claim]?.stopReason }
        if case .succeeded = outcome, reason == nil {
            // The slot is given back at once and the completion committed with others' in the
            // background: a job's slot held until its completion's commit made each batch of
            // jobs wait for the previous batch's commit, and the queue run in bursts. Until the
            // commit the job stays `running` under a lease that has at least two heartbeats
            // left; should the commit fail, the lease expires and the job runs again.
            complete(job, logger: logger, duration: duration)
        } else {
            // In a task of its own: the job's task may have been cancelled (a timeout, a
            // cancellation, shutdown), and the store refuses to start work for a cancelled task.
            await Task { await self.record(outcome, of: job, stopReason: reason, logger: logger, duration: duration) }.value
        }
        let running = running.withLock { running -> Int in
            _ = running.jobs.removeValue(forKey: job.claim)
            running.perQueue[job.queue, default: 1] -= 1
            return running.perQueue[job.queue] ?? 0
        }
        system.metrics.running(queue: job.queue, -1)
        // The queue's loop claims only once enough slots are free: waking it for each finished
        // job would cost a wake-up and a timer per job for nothing.
        if limits.withLock({ $0[job.queue] })?.claims(running: running) ?? false {
            signals.withLock { $0[job.queue] }?.signal()
        }
        jobFinished.signal()
    }

    private func outcome(of job: ClaimedJob, registration: JobSystem.Registration?, logger: Logger) async -> Outcome {
        guard let registration else {
            return .failed("no job type named '\(job.type)' is registered in worker \(workerID)", final: false)
        }
        let value: any Job
        do {
            value = try registration.decode(job.payload)
        } catch {
            return .failed("the stored job could not be decoded as \(job.type): \(error)", final: true)
        }
        let context = JobContext(
            id: job.id, attempt: job.attempt, failures: job.failures, maxAttempts: job.maxAttempts, queue: job.queue,
            enqueuedAt: job.enqueuedAt, scheduledAt: job.runAt, requestID: job.requestID, logger: logger, jobs: system)
        do {
            try await value.run(context: context)
            return .succeeded
        } catch let snooze as JobSnooze {
            return .snoozed(snooze.delay)
        } catch let discard as JobDiscard {
            return .failed(discard.reason, final: true)
        } catch {
            return .failed(String(describing: error), final: false)
        }
    }

    /// Commits a succeeded job's completion in the background (see `execute`).
    private func complete(_ job: ClaimedJob, logger: Logger, duration: Duration) {
        let metrics = system.metrics
        running.withLock { $0.completing += 1 }
        system.writer.submit([.complete(job.claim)]) { [self] result in
            switch result.map(\.completed) {
            case .success(let held) where held == [true]:
                metrics.count("succeeded", queue: job.queue, type: job.type)
                logger.debug("job succeeded", metadata: ["duration": "\(duration)"])
            case .success:
                logger.warning("job finished after its claim was lost; another attempt owns it")
            case .failure(let error):
                logger.error(
                    "could not record the job's outcome; its lease will expire and it will run again", metadata: ["error": "\(error)"])
            }
            running.withLock { $0.completing -= 1 }
            jobFinished.signal()
        }
    }

    private func record(_ outcome: Outcome, of job: ClaimedJob, stopReason: StopReason?, logger: Logger, duration: Duration) async {
        let store = system.store
        let metrics = system.metrics
        do {
            switch (outcome, stopReason) {
            // A job that finished its work as it was stopped has done it.
            case (.succeeded, _):
                if try await system.writer.commit([.complete(job.claim)]).completed == [true] {
                    metrics.count("succeeded", queue: job.queue, type: job.type)
                    logger.debug("job succeeded", metadata: ["duration": "\(duration)"])
                } else {
                    logger.warning("job finished after its claim was lost; another attempt owns it")
                }
            case (_, .cancelRequested?):
                if try await store.finishCancelled(job.claim, now: Date()) {
                    metrics.count("cancelled", queue: job.queue, type: job.type)
                    logger.info("running job cancelled")
                }
            case (_, .shutdown?):
                try await store.release([job.claim], now: Date())
                logger.info("job released at shutdown: it will run again")
            case (_, .lost?):
                logger.warning("job stopped: its lease was lost and another attempt owns it")
            case (.snoozed(let delay), nil):
                if try await store.snooze(job.claim, until: Date().addingTimeInterval(delay.seconds)) {
                    metrics.count("snoozed", queue: job.queue, type: job.type)
                    logger.debug("job snoozed", metadata: ["delay": "\(delay)"])
                }
            case (_, .timedOut(let timeout)?):
                // However the job ended once cancelled (a thrown cancellation, a snooze).
                try await recordFailure("the job timed out after \(timeout)", final: false, of: job, logger: logger)
            case (.failed(let error, let final), nil):
                try await recordFailure(error, final: final, of: job, logger: logger)
            }
        } catch {
            // The job stays `running` until its lease expires, then is rescued: at least once.
            logger.error("could not record the job's outcome; its lease will expire and it will run again", metadata: ["error": "\(error)"])
        }
    }

    private func recordFailure(_ error: String, final: Bool, of job: ClaimedJob, logger: Logger) async throws {
        let metrics = system.metrics
        let retryAt =
            final
            ? nil
            : Date().addingTimeInterval(
                (system.registration(for: job.type)?.options.backoff ?? .exponential()).delay(afterFailures: job.failures + 1)
                    .seconds)
        let result = try await system.store.fail(job.claim, error: error, now: Date(), retryAt: retryAt)
        switch result {
        case .retrying(let at):
            metrics.count("failed", queue: job.queue, type: job.type)
            metrics.count("retried", queue: job.queue, type: job.type)
            logger.warning("job failed; it will be retried", metadata: ["error": "\(error)", "retry_at": "\(at)"])
        case .discarded:
            metrics.count("failed", queue: job.queue, type: job.type)
            metrics.count("discarded", queue: job.queue, type: job.type)
            logger.error("job failed and was discarded", metadata: ["error": "\(error)"])
        case .notHeld:
            logger.warning("job failed after its claim was lost", metadata: ["error": "\(error)"])
        }
    }

}
