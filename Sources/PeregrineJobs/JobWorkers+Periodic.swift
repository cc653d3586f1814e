import Foundation
import Logging
import Synchronization

/// Periodic jobs: each schedule's next period is enqueued once across every process sharing the
/// store (see ``JobSystem/schedule(_:cron:name:)``).
extension JobWorkers {
    func periodicLoop() async {
        let periodic = system.periodic
        guard !periodic.isEmpty else { return }
        var due: [Date?] = []
        let now = Date()
        for schedule in periodic where !isStopping {
            if let missed = schedule.schedule.previous(atOrBefore: now, within: configuration.periodicCatchUp) {
                await enqueue(schedule, period: missed)
            }
            due.append(schedule.schedule.next(after: now))
        }
        // Periods stop with claiming: a process shutting down leaves the next period to the others.
        while !isStopping {
            guard let earliest = due.compactMap({ $0 }).min() else { return }
            let wait = max(0, earliest.timeIntervalSinceNow)
            if wait > 0 {
                await loopSignal.wait(upTo: .seconds(min(wait, 60)))
                continue
            }
            for (index, schedule) in periodic.enumerated() {
                guard let period = due[index], period <= Date() else { continue }
                await enqueue(schedule, period: period)
                due[index] = schedule.schedule.next(after: period)
            }
        }
    }

    func enqueue(_ periodic: JobSystem.Periodic, period: Date) async {
        let job = NewJob(
            type: periodic.type, queue: periodic.options.queue, payload: periodic.payload, priority: periodic.options.priority,
            runAt: period, maxAttempts: periodic.options.maxAttempts)
        do {
            if try await system.store.enqueuePeriodic(name: periodic.name, periodStart: period, job: job, now: Date()) {
                system.metrics.count("enqueued", queue: job.queue, type: job.type)
                logger.debug("periodic job enqueued", metadata: ["schedule": "\(periodic.name)", "period": "\(period)"])
                signals.withLock { $0[job.queue] }?.signal()
            }
        } catch {
            logger.error("could not enqueue a periodic job", metadata: ["schedule": "\(periodic.name)", "error": "\(error)"])
        }
    }
}
