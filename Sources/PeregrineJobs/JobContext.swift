import Foundation
import Logging

/// What a running job knows about its run.
public struct JobContext: Sendable {
    public let id: JobID
    /// The claim's number, from 1: a fencing token for the job's own side effects, since a job
    /// whose worker was lost runs again under the next number.
    public let attempt: Int
    /// How many attempts have failed before this one.
    public let failures: Int
    public let maxAttempts: Int
    public let queue: String
    public let enqueuedAt: Date
    /// When the job was due: its delay's end, or for a periodic job the start of its period.
    public let scheduledAt: Date
    /// The id of the request that enqueued the job, if one did.
    public let requestID: String?
    /// A logger whose lines carry the job's id, type and attempt, and the request's id.
    public let logger: Logger
    /// Enqueues further jobs.
    public let jobs: JobSystem

    /// Ends this attempt and runs the job again after `delay`, without counting a failure:
    /// for a resource that is not ready yet. Call it as `throw context.snooze(for: .seconds(30))`.
    public func snooze(for delay: Duration) -> JobSnooze {
        JobSnooze(delay: delay)
    }
}

/// Thrown by a job to run again later without counting a failure (``JobContext/snooze(for:)``).
public struct JobSnooze: Error, Sendable {
    public let delay: Duration

    public init(delay: Duration) { self.delay = delay }
}

/// Thrown by a job whose failure retrying cannot fix: it is discarded at once, with its error.
public struct JobDiscard: Error, Sendable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}
