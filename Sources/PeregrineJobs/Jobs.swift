import Foundation
import HTTPTypes
import Logging
import Peregrine
import Synchronization

/// Durable jobs a request enqueues: declare a parameter of this type, as for ``BackgroundTasks``.
///
/// ```swift
/// @POST("/send-notification/{email}", status: 202)
/// func sendNotification(email: String, jobs: Jobs) throws -> JobAcceptance {
///     jobs.accepted(try jobs.enqueue(Notification(email: email)))
/// }
/// ```
///
/// Accepted means durable: the request's jobs are committed (together with other requests' jobs
/// of the moment, in one transaction) after the endpoint returns and before the response leaves.
/// If the store cannot commit them, the request answers `503` and none of them exists; if the
/// endpoint throws, none is committed. One instance exists per request, shared by its
/// dependencies and endpoint.
public final class Jobs: Sendable, RequestInjectable, ResponseGate {
    /// The app's job system; nil when the app has none (``App/useJobs(_:workers:)`` was not called).
    public let system: JobSystem?
    private let requestID: String
    private let head: ResponseHead
    private let pending = Mutex<[NewJob]>([])

    init(system: JobSystem?, requestID: String, head: ResponseHead) {
        self.system = system
        self.requestID = requestID
        self.head = head
    }

    public static func inject(from input: inout RequestInput) -> Jobs {
        let system = AppState.inject(from: &input)[JobSystem.stateKey, as: JobSystem.self]
        let head = ResponseHead.inject(from: &input)
        let requestID = input.context.requestID
        return input.gate { Jobs(system: system, requestID: requestID, head: head) }
    }

    /// Adds `job` to the request's jobs, committed before the response; answers the id it will
    /// have. Due after `delay`, or at `date`, or now.
    @discardableResult
    public func enqueue<J: Job>(_ job: J, delay: Duration? = nil, at date: Date? = nil, priority: Int? = nil) throws -> JobID {
        guard let system else { throw JobsNotConfigured() }
        let stored = try system.newJob(job, delay: delay, at: date, priority: priority, unique: nil, requestID: requestID, now: Date())
        pending.withLock { $0.append(stored) }
        return stored.id
    }

    /// Enqueues `job` at once, unless a job of its type with the same `unique` key exists;
    /// answers the id of the job that will do the work and whether it existed. Committed now,
    /// not with the response, because the answer depends on what the store holds.
    public func enqueue<J: Job>(
        _ job: J, unique: UniqueJob, delay: Duration? = nil, at date: Date? = nil, priority: Int? = nil
    ) async throws -> EnqueuedJob {
        guard let system else { throw JobsNotConfigured() }
        let stored = try system.newJob(job, delay: delay, at: date, priority: priority, unique: unique, requestID: requestID, now: Date())
        do {
            return try await system.commit([stored])[0]
        } catch {
            throw Self.unavailable(error, system: system)
        }
    }

    /// Makes the response a `202 Accepted` whose `Location` is the job's status
    /// (``JobsConfiguration/statusPath``), and answers its body, `{"job_id": "…"}`.
    public func accepted(_ id: JobID) -> JobAcceptance {
        head.status = .accepted
        if let system {
            var headers = head.headers
            headers[.location] = "\(system.configuration.statusPath)/\(id)"
            head.headers = headers
        }
        return JobAcceptance(jobID: id.rawValue)
    }

    /// Commits the request's jobs; a store that cannot makes the response a 503.
    public func passResponse() async throws {
        let jobs = pending.withLock { jobs in
            defer { jobs = [] }
            return jobs
        }
        guard !jobs.isEmpty, let system else { return }
        do {
            _ = try await system.commit(jobs)
        } catch {
            throw Self.unavailable(error, system: system)
        }
    }

    private static func unavailable(_ error: any Error, system: JobSystem) -> HTTPException {
        system.logger.error("jobs could not be committed", metadata: ["error": "\(error)"])
        return HTTPException(.serviceUnavailable, detail: "The job could not be stored; nothing was enqueued. Try again later.")
    }
}

/// An endpoint enqueued a job in an app without a job system.
public struct JobsNotConfigured: Error, CustomStringConvertible {
    public var description: String { "this app has no job system: call app.useJobs(_:) before it starts" }
}
