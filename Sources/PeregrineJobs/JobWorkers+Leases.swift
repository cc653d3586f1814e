import Foundation
import Logging
import Synchronization

/// What keeps claims honest while jobs run here: one heartbeat renewing every running job's
/// lease (and stopping those whose lease was lost or whose cancellation was asked), the sweep
/// rescuing other workers' expired leases, and the watcher enforcing job types' timeouts.
extension JobWorkers {
    func heartbeatLoop() async {
        while !isFinished {
            await loopSignal.wait(upTo: configuration.heartbeat)
            if isFinished { break }
            let claims = running.withLock { Array($0.jobs.keys) }
            guard !claims.isEmpty else { continue }
            do {
                let result = try await system.store.heartbeat(
                    claims, leaseUntil: Date().addingTimeInterval(configuration.lease.seconds))
                for claim in result.lost { stop(claim, .lost) }
                for claim in result.cancelRequested { stop(claim, .cancelRequested) }
            } catch {
                logger.error("could not renew the running jobs' leases", metadata: ["error": "\(error)"])
            }
        }
    }

    func rescueLoop() async {
        var lastPrune = Date.distantPast
        while !isFinished {
            do {
                let rescued = try await system.store.rescue(now: Date())
                for job in rescued {
                    logger.warning(
                        "job rescued: its worker stopped renewing its lease",
                        metadata: [
                            "job_id": "\(job.claim.id)", "job_type": "\(job.type)", "attempt": "\(job.claim.attempt)",
                            "state": "\(job.state.rawValue)",
                        ])
                    system.metrics.count("rescued", queue: job.queue, type: job.type)
                    if job.state == .discarded { system.metrics.count("discarded", queue: job.queue, type: job.type) }
                    signals.withLock { $0[job.queue] }?.signal()
                }
                if -lastPrune.timeIntervalSinceNow > 3600 {
                    lastPrune = Date()
                    let pruned = try await system.store.prune(finishedBefore: Date().addingTimeInterval(-configuration.retention.seconds))
                    if pruned > 0 { logger.info("finished jobs pruned", metadata: ["count": "\(pruned)"]) }
                }
            } catch {
                logger.error("could not rescue expired leases", metadata: ["error": "\(error)"])
            }
            await loopSignal.wait(upTo: configuration.rescueInterval)
        }
    }

    /// Cancels the tasks of jobs whose type's timeout ran out. One watcher for all running jobs,
    /// sleeping until the earliest deadline: a timer per job (a task group racing the job against
    /// a sleep) cost each job two tasks and a timer armed and cancelled.
    func timeoutLoop() async {
        while !isFinished {
            let now = ContinuousClock.now
            let (expired, next) = running.withLock { running -> ([(JobClaim, Duration)], ContinuousClock.Instant) in
                var expired: [(JobClaim, Duration)] = []
                var next = now + .seconds(60)
                for (claim, entry) in running.jobs where entry.stopReason == nil {
                    guard let deadline = entry.deadline, let timeout = entry.timeout else { continue }
                    if deadline <= now { expired.append((claim, timeout)) } else { next = min(next, deadline) }
                }
                running.watcherSleepsUntil = next
                return (expired, next)
            }
            for (claim, timeout) in expired { stop(claim, .timedOut(timeout)) }
            await deadlineSignal.wait(upTo: next - now)
            running.withLock { $0.watcherSleepsUntil = nil }
        }
    }
}
