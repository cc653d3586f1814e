import Metrics
import Synchronization

/// The jobs' metrics, through swift-metrics, each with the job's queue and type as dimensions:
/// counters `peregrine_jobs_enqueued`, `_succeeded`, `_failed` (every failed attempt),
/// `_retried`, `_discarded`, `_rescued`, `_cancelled`, `_snoozed`; the gauge
/// `peregrine_jobs_running`; timers `peregrine_job_queue_latency` (from due to started) and
/// `peregrine_job_duration`.
///
/// Each series' handle is made once and kept: several are touched per job, and making a
/// handle asks the factory (a registry lookup for most backends) and allocates.
final class JobMetrics: Sendable {
    private struct Key: Hashable {
        /// The event for a counter (`succeeded`), the whole label for a timer.
        let name: String
        let queue: String
        let type: String
    }

    private struct Handles {
        var counters: [Key: Counter] = [:]
        var timers: [Key: Metrics.Timer] = [:]
        var meters: [String: Meter] = [:]
    }

    let factory: any MetricsFactory
    private let handles = Mutex(Handles())

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func count(_ event: String, queue: String, type: String, by amount: Int = 1) {
        let key = Key(name: event, queue: queue, type: type)
        let counter = handles.withLock { handles in
            if let counter = handles.counters[key] { return counter }
            let counter = Counter(label: "peregrine_jobs_\(event)", dimensions: [("queue", queue), ("type", type)], factory: factory)
            handles.counters[key] = counter
            return counter
        }
        counter.increment(by: amount)
    }

    func running(queue: String, _ change: Double) {
        let meter = handles.withLock { handles in
            if let meter = handles.meters[queue] { return meter }
            let meter = Meter(label: "peregrine_jobs_running", dimensions: [("queue", queue)], factory: factory)
            handles.meters[queue] = meter
            return meter
        }
        if change >= 0 { meter.increment(by: change) } else { meter.decrement(by: -change) }
    }

    func queueLatency(_ duration: Duration, queue: String, type: String) {
        timer("peregrine_job_queue_latency", queue: queue, type: type).recordNanoseconds(Self.nanoseconds(duration))
    }

    func duration(_ duration: Duration, queue: String, type: String) {
        timer("peregrine_job_duration", queue: queue, type: type).recordNanoseconds(Self.nanoseconds(duration))
    }

    private func timer(_ label: String, queue: String, type: String) -> Metrics.Timer {
        let key = Key(name: label, queue: queue, type: type)
        return handles.withLock { handles in
            if let timer = handles.timers[key] { return timer }
            let timer = Metrics.Timer(label: label, dimensions: [("queue", queue), ("type", type)], factory: factory)
            handles.timers[key] = timer
            return timer
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
