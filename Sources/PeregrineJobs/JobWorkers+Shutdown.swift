import Foundation
import Logging
import Synchronization
import ServiceLifecycle
import UnixSignals

extension JobWorkers {
    /// Lets running jobs finish until the deadline, then cancels and releases the rest.
    func drain() async {
        let deadline = ContinuousClock.now + configuration.shutdownDeadline
        while !running.withLock({ $0.isIdle }), ContinuousClock.now < deadline, !Task.isCancelled {
            await jobFinished.wait(upTo: min(deadline - ContinuousClock.now, .milliseconds(250)))
        }
        let remaining = running.withLock { Array($0.jobs.keys) }
        if !remaining.isEmpty {
            logger.warning("shutdown deadline reached: cancelling and releasing running jobs", metadata: ["count": "\(remaining.count)"])
            for claim in remaining { stop(claim, .shutdown) }
        }
        if running.withLock({ $0.isIdle }) { return }
        // Jobs that ignore cancellation are released without waiting for them; completions
        // still being committed get the same grace.
        let grace = ContinuousClock.now + .seconds(2)
        while !running.withLock({ $0.isIdle }), ContinuousClock.now < grace {
            await jobFinished.wait(upTo: .milliseconds(100))
        }
        let stuck = running.withLock { Array($0.jobs.keys) }
        if !stuck.isEmpty {
            try? await system.store.release(stuck, now: Date())
        }
    }
}

extension JobSystem {
    /// Runs this process as workers only, with no HTTP server: until SIGINT or SIGTERM, then a
    /// graceful drain.
    public func runWorkers(logger: Logger? = nil) async throws {
        let group = ServiceGroup(
            services: [JobWorkers(system: self)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger ?? self.logger)
        try await group.run()
    }
}
