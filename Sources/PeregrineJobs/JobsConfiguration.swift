/// How an app's durable jobs are run: its queues' concurrency and the periods of leases,
/// heartbeats and sweeps (see `docs/durable-jobs.md` for why these defaults).
public struct JobsConfiguration: Sendable {
    /// How many jobs of each queue run at once in this process. A queue a registered job type
    /// names but this does not gets ``defaultConcurrency``.
    public var queues: [String: Int]
    public var defaultConcurrency: Int
    /// How long a claim holds its job without a heartbeat: a worker that dies loses its jobs to
    /// other workers (or to itself after a restart) this long after its last heartbeat.
    public var lease: Duration
    /// How often running jobs' leases are renewed: a third of the lease, so that two missed
    /// heartbeats do not lose it.
    public var heartbeat: Duration
    /// How often expired leases are looked for.
    public var rescueInterval: Duration
    /// How long an idle queue waits before looking for due jobs again, when nothing in this
    /// process wakes it (jobs enqueued by another process, delayed jobs falling due).
    public var pollInterval: Duration
    /// How long graceful shutdown lets running jobs finish; those still running are then
    /// cancelled and released for another worker, without counting a failure.
    public var shutdownDeadline: Duration
    /// How long finished jobs (succeeded, discarded, cancelled) are kept for their status.
    public var retention: Duration
    /// How a late periodic run is made up for at start-up: a period that began this recently
    /// and was not enqueued by any process (because none was running) is enqueued.
    public var periodicCatchUp: Duration
    /// The path of the status router (``JobStatusRouter``), which `202 Accepted` answers point
    /// their `Location` to.
    public var statusPath: String

    public init(
        queues: [String: Int] = ["default": 10], defaultConcurrency: Int = 10, lease: Duration = .seconds(30),
        heartbeat: Duration = .seconds(10), rescueInterval: Duration = .seconds(1), pollInterval: Duration = .seconds(1),
        shutdownDeadline: Duration = .seconds(30), retention: Duration = .seconds(7 * 86_400),
        periodicCatchUp: Duration = .seconds(60), statusPath: String = "/jobs"
    ) {
        precondition(heartbeat < lease, "the heartbeat must be shorter than the lease it renews")
        self.queues = queues
        self.defaultConcurrency = max(defaultConcurrency, 1)
        self.lease = lease
        self.heartbeat = heartbeat
        self.rescueInterval = rescueInterval
        self.pollInterval = pollInterval
        self.shutdownDeadline = shutdownDeadline
        self.retention = retention
        self.periodicCatchUp = periodicCatchUp
        self.statusPath = statusPath.hasSuffix("/") ? String(statusPath.dropLast()) : statusPath
    }
}
