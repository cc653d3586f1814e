import Foundation

/// Where durable jobs live: one interface for the embedded SQLite store and for a shared
/// database, so that workers, the HTTP layer and the tests work with either.
///
/// Each method is one transaction. Time is passed in: a store never reads a clock, so that tests
/// drive leases, backoff and schedules with a clock of their own. Every method that changes a
/// claimed job takes its ``JobClaim`` and changes nothing unless the job is still `running` under
/// that attempt: a worker whose lease was taken over cannot complete or fail the new attempt.
public protocol JobStore: Sendable {
    /// Inserts `jobs` in one transaction, all or none; a unique job whose key matches an existing
    /// job adds nothing and answers that job's id. Answers in the order given.
    func enqueue(_ jobs: [NewJob], now: Date) async throws -> [EnqueuedJob]

    /// Inserts `job` for the period starting at `periodStart` of the periodic schedule `name`,
    /// unless that period was recorded already (by this process or another): true when inserted.
    func enqueuePeriodic(name: String, periodStart: Date, job: NewJob, now: Date) async throws -> Bool

    /// Moves up to `limit` due jobs of `queue` (`available`, `run_at <= now`; highest priority,
    /// then earliest due, first) to `running` under the next attempt number, leased until
    /// `leaseUntil`.
    func claim(queue: String, limit: Int, worker: String, now: Date, leaseUntil: Date) async throws -> [ClaimedJob]

    /// Completes, enqueues and claims (in that order, so that a claim may take a job enqueued
    /// with it) in one transaction, all or none; a job system sends its requests' enqueues and
    /// its workers' completions and claims through here, batched together, so that a busy
    /// system makes one transaction where it would make three. The default makes one call of
    /// each kind, in the same order.
    func write(_ writes: JobWrites, now: Date) async throws -> JobWriteResults

    /// Renews the leases of `claims` still held; reports those no longer held and those whose
    /// job was asked to cancel.
    func heartbeat(_ claims: [JobClaim], leaseUntil: Date) async throws -> HeartbeatResult

    /// Marks the claimed jobs `succeeded`, in one transaction; answers, for each, whether its
    /// claim was still held (a job whose claim was lost is left as it is).
    func complete(_ claims: [JobClaim], now: Date) async throws -> [Bool]

    /// Records the attempt's `error`: the job is due again at `retryAt`, or, when this was its
    /// last attempt (or `retryAt` is nil: the failure is final), kept as `discarded`.
    func fail(_ claim: JobClaim, error: String, now: Date, retryAt: Date?) async throws -> FailureOutcome

    /// Puts the claimed job back, due at `until`, with no failure counted; false when not held.
    func snooze(_ claim: JobClaim, until: Date) async throws -> Bool

    /// Puts claimed jobs back, due now, with no failure counted: a worker shutting down.
    func release(_ claims: [JobClaim], now: Date) async throws

    /// Marks a claimed job whose cancellation was asked `cancelled`; false when not held.
    func finishCancelled(_ claim: JobClaim, now: Date) async throws -> Bool

    /// Makes jobs whose lease expired before `now` available again, recording the lost attempt
    /// as a failure (its worker died, perhaps because of the job), or discarding a job out of
    /// attempts; answers the jobs rescued.
    func rescue(now: Date) async throws -> [RescuedJob]

    /// Cancels a job: a waiting one at once; a running one is asked to, and stops when its
    /// worker's heartbeat sees it. Answers the job's state afterwards, nil when there is no such job.
    func cancel(_ id: JobID, now: Date) async throws -> JobState?

    /// The job's state, attempts, errors and timestamps; nil when there is no such job.
    func status(_ id: JobID) async throws -> JobStatus?

    /// When the next job of `queue` is due, if one is waiting: workers sleep until then.
    func nextDue(queue: String) async throws -> Date?

    /// How many jobs of each queue are in each state.
    func counts() async throws -> [String: [JobState: Int]]

    /// Deletes jobs that finished before `cutoff` and the records of periods that started
    /// before it; answers how many jobs were deleted.
    func prune(finishedBefore cutoff: Date) async throws -> Int
}

extension JobStore {
    public func write(_ writes: JobWrites, now: Date) async throws -> JobWriteResults {
        var results = JobWriteResults()
        results.completed = try await complete(writes.completions, now: now)
        results.enqueued = try await enqueue(writes.enqueues, now: now)
        for request in writes.claims {
            results.claimed.append(
                try await claim(queue: request.queue, limit: request.limit, worker: request.worker, now: now, leaseUntil: request.leaseUntil))
        }
        return results
    }
}
