import Peregrine

extension JobSystem {
    /// Where an app keeps its job system in its ``AppState``.
    static let stateKey = "PeregrineJobs.JobSystem"
}

extension App {
    /// Gives the app durable jobs: endpoints' ``Jobs`` parameters enqueue into `system`, and, when
    /// `workers` is true, this process runs them (``JobWorkers``, a service of the app that
    /// starts with it and drains on graceful shutdown). A process that serves requests only
    /// passes `workers: false`, and a process that runs jobs only serves no routes of its own.
    public func useJobs(_ system: JobSystem, workers: Bool = true) {
        state[JobSystem.stateKey] = system
        if workers { addService(JobWorkers(system: system)) }
    }

    /// The app's job system, for enqueueing from a lifespan, a background task or a job; nil
    /// until ``useJobs(_:workers:)``.
    public var jobs: JobSystem? {
        state[JobSystem.stateKey, as: JobSystem.self]
    }
}
