import Metrics

/// The jobs' metrics, through swift-metrics, each with the job's queue and type as dimensions:
/// counters `peregrine_jobs_enqueued`, `_succeeded`, `_failed` (every failed attempt),
/// `_retried`, `_discarded`, `_rescued`, `_cancelled`, `_snoozed`; the gauge
/// `peregrine_jobs_running`; timers `peregrine_job_queue_latency` (from due to started) and
/// `peregrine_job_duration`.
struct JobMetrics: Sendable {
    let factory: any MetricsFactory

    func count(_ event: String, queue: String, type: String, by amount: Int = 1) {
        Counter(label: "peregrine_jobs_\(event)", dimensions: [("queue", queue), ("type", type)], factory: factory)
            .increment(by: amount)
    }

    func running(queue: String, _ change: Double) {
        let meter = Meter(label: "peregrine_jobs_running", dimensions: [("queue", queue)], factory: factory)
        if change >= 0 { meter.increment(by: change) } else { meter.decrement(by: -change) }
    }

    func queueLatency(_ duration: Duration, queue: String, type: String) {
        Metrics.Timer(label: "peregrine_job_queue_latency", dimensions: [("queue", queue), ("type", type)], factory: factory)
            .recordNanoseconds(Self.nanoseconds(duration))
    }

    func duration(_ duration: Duration, queue: String, type: String) {
        Metrics.Timer(label: "peregrine_job_duration", dimensions: [("queue", queue), ("type", type)], factory: factory)
            .recordNanoseconds(Self.nanoseconds(duration))
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
