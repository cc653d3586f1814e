import Foundation

/// A job on its way into a store: the encoded value and how it is to be run.
public struct NewJob: Sendable {
    public var id: JobID
    /// The job type's ``Job/name``.
    public var type: String
    public var queue: String
    /// The job's value, JSON-encoded.
    public var payload: Data
    public var priority: Int
    /// When it is due; now unless delayed.
    public var runAt: Date
    public var maxAttempts: Int
    /// Present for a unique job: no job is inserted while another of its type and key is in
    /// one of the states, enqueued within the period.
    public var unique: UniqueJob?
    /// The id of the request that enqueued the job, for logs.
    public var requestID: String?

    public init(
        id: JobID = JobID(), type: String, queue: String, payload: Data, priority: Int = 0, runAt: Date, maxAttempts: Int,
        unique: UniqueJob? = nil, requestID: String? = nil
    ) {
        self.id = id
        self.type = type
        self.queue = queue
        self.payload = payload
        self.priority = priority
        self.runAt = runAt
        self.maxAttempts = maxAttempts
        self.unique = unique
        self.requestID = requestID
    }
}

/// What makes a job unique: while another job of its type with the same key is in one of
/// `states` and was enqueued within `period` (any time, when nil), enqueueing it again adds
/// nothing and answers the existing job's id.
public struct UniqueJob: Sendable, Hashable {
    public var key: String
    public var states: Set<JobState>
    public var period: Duration?

    /// - Parameters:
    ///   - states: the states in which an existing job counts; waiting and running ones by default,
    ///     so a job may be enqueued again once the previous one has finished.
    public init(key: String, states: Set<JobState> = [.available, .running], period: Duration? = nil) {
        self.key = key
        self.states = states
        self.period = period
    }
}

/// The outcome of enqueueing one job.
public struct EnqueuedJob: Sendable, Hashable {
    /// The job that will do the work: the new one, or for a unique job the one already there.
    public let id: JobID
    /// Whether a unique job's key matched an existing job, so nothing was added.
    public let existed: Bool
}

/// What a store remembers of one claim, enough to renew, complete or fail it: the attempt
/// number is the fencing token, so a worker whose lease was taken over changes nothing.
public struct JobClaim: Sendable, Hashable {
    public let id: JobID
    public let attempt: Int
}

/// A job a worker has claimed, with what it needs to run it.
public struct ClaimedJob: Sendable {
    public let id: JobID
    public let type: String
    public let queue: String
    public let payload: Data
    /// The claim's number, starting at 1: every claim of the job gets the next one.
    public let attempt: Int
    /// How many attempts have failed before this one.
    public let failures: Int
    public let maxAttempts: Int
    public let enqueuedAt: Date
    /// When the job was due: the claim's latency is measured from there.
    public let runAt: Date
    public let requestID: String?

    public var claim: JobClaim { JobClaim(id: id, attempt: attempt) }
}

/// A job whose lease expired, made available again (or discarded) by a rescue.
public struct RescuedJob: Sendable, Hashable {
    public let claim: JobClaim
    public let queue: String
    public let type: String
    /// The state the rescue left it in: available, or discarded (out of attempts) or cancelled.
    public let state: JobState

    public init(claim: JobClaim, queue: String, type: String, state: JobState) {
        self.claim = claim
        self.queue = queue
        self.type = type
        self.state = state
    }
}

/// What a heartbeat learned about the claims it renewed.
public struct HeartbeatResult: Sendable, Equatable {
    /// Claims no longer held: the lease expired and the job was rescued, or it was cancelled.
    public var lost: [JobClaim] = []
    /// Claims whose job was asked to cancel: its worker is to cancel the running task.
    public var cancelRequested: [JobClaim] = []

    public init(lost: [JobClaim] = [], cancelRequested: [JobClaim] = []) {
        self.lost = lost
        self.cancelRequested = cancelRequested
    }
}

/// What became of a failed attempt.
public enum FailureOutcome: Sendable, Equatable {
    /// Due again at this date.
    case retrying(at: Date)
    /// Out of attempts: kept as `discarded`.
    case discarded
    /// The claim was no longer held: nothing changed.
    case notHeld
}

/// A worker asking for up to `limit` due jobs of `queue`, leased until `leaseUntil`.
public struct ClaimRequest: Sendable, Hashable {
    public var queue: String
    public var limit: Int
    public var worker: String
    public var leaseUntil: Date

    public init(queue: String, limit: Int, worker: String, leaseUntil: Date) {
        self.queue = queue
        self.limit = limit
        self.worker = worker
        self.leaseUntil = leaseUntil
    }
}

/// The frequent writes of a busy job system, gathered so that a store can make them one
/// transaction (``JobStore/write(_:now:)``): requests' enqueues, workers' completions and claims.
public struct JobWrites: Sendable {
    public var completions: [JobClaim]
    public var enqueues: [NewJob]
    public var claims: [ClaimRequest]

    public init(completions: [JobClaim] = [], enqueues: [NewJob] = [], claims: [ClaimRequest] = []) {
        self.completions = completions
        self.enqueues = enqueues
        self.claims = claims
    }
}

/// What ``JobWrites`` did, in the order of each list.
public struct JobWriteResults: Sendable {
    /// For each completion, whether its claim was still held.
    public var completed: [Bool]
    public var enqueued: [EnqueuedJob]
    /// For each claim request, the jobs it claimed.
    public var claimed: [[ClaimedJob]]

    public init(completed: [Bool] = [], enqueued: [EnqueuedJob] = [], claimed: [[ClaimedJob]] = []) {
        self.completed = completed
        self.enqueued = enqueued
        self.claimed = claimed
    }
}
