import Logging
import MetricsTestKit
@testable import Peregrine
import ServiceLifecycle
import Synchronization
import Testing

/// The runner bounds concurrency with back-pressure, drains on shutdown within its deadline, and
/// reports through swift-metrics.
@Suite("Background task runner")
struct TaskRunnerTests {
    static func job(_ tasks: [BackgroundTask], _ id: String = "request") -> RequestJob {
        RequestJob(tasks: tasks, cleanups: [], requestID: id, route: "/test")
    }

    static func task(_ label: String, _ work: @escaping @Sendable () async throws -> Void) -> BackgroundTask {
        BackgroundTask(label: label, work: .async(work))
    }

    /// Runs `runner` as a service while `body` runs, then shuts it down gracefully.
    static func running(
        _ runner: BackgroundTaskRunner, logger: Logger, _ body: @Sendable (ServiceGroup) async throws -> Void
    ) async throws {
        let group = ServiceGroup(configuration: .init(services: [runner], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await body(group)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test("at most N jobs run at once; a full queue makes submitters wait, and nothing is dropped")
    func boundedWithBackPressure() async throws {
        let logger = Logger(label: "runner")
        let runner = BackgroundTaskRunner(
            configuration: .init(maxConcurrentRequests: 2, queueCapacity: 1), logger: logger)
        let gate = Gate()
        let running = Tally()
        let finished = Tally()
        let submitted = Tally()
        try await Self.running(runner, logger: logger) { _ in
            try await withThrowingTaskGroup(of: Void.self) { submitters in
                for number in 0..<5 {
                    submitters.addTask {
                        runner.announce()
                        await runner.submit(Self.job([Self.task("job \(number)") {
                            running.add()
                            await gate.wait()
                            running.add(-1)
                            finished.add()
                        }]))
                        submitted.add()
                    }
                }
                // Two jobs run, one waits in the queue, and two submitters wait for room.
                #expect(await eventually { running.value == 2 && submitted.value == 3 })
                #expect(runner.queue.counts.waiting == 3)
                #expect(runner.queue.counts.running == 2)
                gate.open()
                try await submitters.waitForAll()
                await runner.waitUntilIdle()
            }
        }
        #expect(finished.value == 5)
        #expect(running.highest == 2)
    }

    @Test("by default thousands of waiting jobs run at once: tasks that wait do not throttle requests")
    func waitingJobsRunConcurrently() async throws {
        let logger = Logger(label: "runner")
        let runner = BackgroundTaskRunner(logger: logger)
        let gate = Gate()
        let running = Tally()
        try await Self.running(runner, logger: logger) { _ in
            for number in 0..<2_000 {
                runner.announce()
                await runner.submit(Self.job([Self.task("wait \(number)") {
                    running.add()
                    await gate.wait()
                }]))
            }
            // Every submission returned at once, and every job is running, none queued.
            #expect(await eventually { running.value == 2_000 })
            #expect(runner.queue.counts.waiting == 0)
            gate.open()
            await runner.waitUntilIdle()
        }
        #expect(runner.queue.counts.running == 0)
    }

    @Test("shutdown drains queued and running tasks before the deadline")
    func drainsOnShutdown() async throws {
        let capture = LogCapture()
        let runner = BackgroundTaskRunner(
            configuration: .init(maxConcurrentRequests: 1, shutdownDeadline: .seconds(30)), logger: capture.logger())
        let events = EventLog()
        try await Self.running(runner, logger: capture.logger()) { _ in
            for number in 0..<3 {
                runner.announce()
                await runner.submit(Self.job([Self.task("slow \(number)") {
                    try await Task.sleep(for: .milliseconds(50))
                    events.record("slow \(number)")
                }]))
            }
        }
        #expect(events.all == ["slow 0", "slow 1", "slow 2"])
        #expect(!capture.all.contains { $0.message.hasPrefix("Shutdown deadline") })
    }

    @Test("at the shutdown deadline what is left is cancelled and logged with its count, and shutdown completes")
    func deadline() async throws {
        let capture = LogCapture()
        let runner = BackgroundTaskRunner(
            configuration: .init(maxConcurrentRequests: 1, shutdownDeadline: .milliseconds(200)), logger: capture.logger())
        let events = EventLog()
        let never = Gate()
        try await Self.running(runner, logger: capture.logger()) { _ in
            runner.announce()
            await runner.submit(Self.job([Self.task("quick") { events.record("quick") }]))
            runner.announce()
            // Waiting at a gate that never opens ignores cancellation: a task that would hang shutdown.
            await runner.submit(Self.job([Self.task("stuck") { await never.wait() }, Self.task("after stuck") {}]))
            for number in 0..<2 {
                runner.announce()
                await runner.submit(Self.job([Self.task("queued \(number)") { events.record("queued \(number)") }]))
            }
            #expect(await eventually { runner.queue.counts.running == 1 && events.all == ["quick"] })
        }
        #expect(events.all == ["quick"])
        let report = capture.all.first { $0.message == "Shutdown deadline reached: cancelling background tasks" }
        #expect(report?.level == .warning)
        #expect(report?.metadata["count"] == "4")
        #expect(report?.metadata["running"] == "2")
        #expect(report?.metadata["queued"] == "2")
        #expect(report?.metadata["tasks"] == #"["stuck", "after stuck", "queued 0", "queued 1"]"#)
        never.open()
    }

    @Test("metrics count queued, running, succeeded and failed tasks and time them")
    func metrics() async throws {
        let metrics = TestMetrics()
        let logger = Logger(label: "runner")
        let runner = BackgroundTaskRunner(configuration: .init(), logger: logger, metricsFactory: metrics)
        try await Self.running(runner, logger: logger) { _ in
            runner.announce()
            await runner.submit(
                Self.job([Self.task("ok 1") {}, Self.task("fails") { throw TaskFailure() }, Self.task("ok 2") {}]))
            await runner.waitUntilIdle()
        }
        #expect(try metrics.expectCounter("peregrine_background_tasks_succeeded").totalValue == 2)
        #expect(try metrics.expectCounter("peregrine_background_tasks_failed").totalValue == 1)
        #expect(try metrics.expectTimer("peregrine_background_task_duration").values.count == 3)
        #expect(try metrics.expectGauge("peregrine_background_tasks_queued").values == [3, 0])
        #expect(try metrics.expectGauge("peregrine_background_tasks_running").values == [1, 0, 1, 0, 1, 0])
    }
}
