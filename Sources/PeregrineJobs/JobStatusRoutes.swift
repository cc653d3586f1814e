import Peregrine

/// A job's status by id, as `202 Accepted` answers point to it: `GET {statusPath}/{job_id}`.
@Routes
struct JobStatusRoutes {
    @GET("/{job_id}", responses: [404: AdditionalResponse("No such job", model: JobNotFound.self)], summary: "Job status")
    func jobStatus(job_id: String, jobs: Jobs) async throws -> JobStatus {
        try await Self.status(job_id, jobs: jobs, cancelling: false)
    }

    static func status(_ text: String, jobs: Jobs, cancelling: Bool) async throws -> JobStatus {
        guard let system = jobs.system else { throw JobsNotConfigured() }
        guard let id = JobID(text) else { throw HTTPException(.notFound, detail: "Job not found") }
        if cancelling { try await system.cancel(id) }
        guard let status = try await system.status(id) else { throw HTTPException(.notFound, detail: "Job not found") }
        return status
    }
}

/// Cancelling a job by id: `POST {statusPath}/{job_id}/cancel`. An action rather than a `DELETE`:
/// the job stays, with its status, until the retention removes it.
@Routes
struct JobCancelRoutes {
    @POST("/{job_id}/cancel", responses: [404: AdditionalResponse("No such job", model: JobNotFound.self)], summary: "Cancel a job")
    func cancelJob(job_id: String, jobs: Jobs) async throws -> JobStatus {
        try await JobStatusRoutes.status(job_id, jobs: jobs, cancelling: true)
    }
}

/// The body of a 404 for an unknown job id.
@Model
struct JobNotFound {
    var detail: String
}

extension App {
    /// Serves each job's status at `GET {statusPath}/{job_id}` (``JobsConfiguration/statusPath``,
    /// where ``Jobs/accepted(_:)`` points `Location`), answering ``JobStatus`` or a 404; with
    /// `cancellation`, also `POST {statusPath}/{job_id}/cancel`, which cancels the job and answers
    /// its status. `dependencies` run before both, to guard them (an API key, HTTP Basic…).
    /// Call it after ``useJobs(_:workers:)``.
    public func includeJobStatusRoutes(
        tags: [String] = ["jobs"], dependencies: [any RouteDependency] = [], cancellation: Bool = false
    ) {
        let options = RouterOptions(prefix: jobs?.configuration.statusPath ?? "/jobs", tags: tags, dependencies: dependencies)
        include(JobStatusRoutes(), options: options)
        if cancellation { include(JobCancelRoutes(), options: options) }
    }
}
