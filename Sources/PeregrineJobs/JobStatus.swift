import Foundation
import Peregrine

/// A job as its status endpoint shows it: its state, its attempts, every attempt's error and its
/// timestamps. The typed schema clients of a `202 Accepted` route poll.
@Model
public struct JobStatus {
    public var id: String
    /// The job type's ``Job/name``.
    public var type: String
    public var queue: String
    public var state: JobState
    /// Claims so far: the attempt running now, or the last one.
    public var attempt: Int
    /// Failed attempts so far.
    public var failures: Int
    @Field(alias: "max_attempts") public var maxAttempts: Int
    public var priority: Int
    /// Every failed attempt's error, oldest first.
    public var errors: [JobAttemptError]
    @Field(alias: "enqueued_at") public var enqueuedAt: Date
    /// When the job is or was due.
    @Field(alias: "run_at") public var runAt: Date
    /// When its last attempt started.
    @Field(alias: "started_at") public var startedAt: Date?
    /// When it succeeded, was discarded or was cancelled.
    @Field(alias: "finished_at") public var finishedAt: Date?
    /// Whether a cancellation was asked while it runs.
    @Field(alias: "cancel_requested") public var cancelRequested: Bool
}

/// One failed attempt: its number, when it ended and why.
@Model
public struct JobAttemptError {
    public var attempt: Int
    public var at: Date
    public var error: String
}

/// The body of a `202 Accepted` answer for an enqueued job: `{"job_id": "…"}`.
@Model
public struct JobAcceptance {
    @Field(alias: "job_id") public var jobID: String
}
