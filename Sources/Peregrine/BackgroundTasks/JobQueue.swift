import DequeModule
import Synchronization

/// What one request leaves to do after its response: its background tasks, in order, then the
/// cleanups of its request-scoped dependencies, last registered first.
struct RequestJob: Sendable {
    let tasks: [BackgroundTask]
    let cleanups: [Cleanup]
    let requestID: String
    let route: String
}

/// Admission of jobs to the runner: up to `maxRunning` run at once, up to `capacity` more wait in
/// order, and beyond that a submitter waits for room (it is never dropped). That back-pressure
/// reaches the client, whose connection is busy submitting instead of reading its next request.
///
/// There are no worker tasks: a job admitted while there is room is handed back to its submitter
/// to start, and a finishing job hands over the next waiting one. So an idle runner holds nothing,
/// and the limit can be in the thousands, which I/O-bound tasks (a sleep, an HTTP call) need to
/// keep up with the request rate. The queue also counts the work in flight, so that
/// ``waitUntilIdle()`` can tell when everything announced has finished.
final class JobQueue: Sendable {
    private struct State {
        var waiting = Deque<RequestJob>()
        /// Submitters waiting for room, resumed (with false) once their job is queued or started.
        var blockedProducers = Deque<(RequestJob, CheckedContinuation<Bool, Never>)>()
        /// Jobs announced by a response that has not finished writing yet.
        var announced = 0
        var running = 0
        var idleWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0

        var isIdle: Bool {
            announced == 0 && running == 0 && waiting.isEmpty && blockedProducers.isEmpty
        }
    }

    let maxRunning: Int
    let capacity: Int
    private let state = Mutex(State())

    init(maxRunning: Int, capacity: Int) {
        self.maxRunning = max(maxRunning, 1)
        self.capacity = max(capacity, 0)
    }

    /// Records that a job will be submitted, once the response carrying it has been written.
    func announce() {
        state.withLock { $0.announced += 1 }
    }

    /// Withdraws an announcement whose job turned out to need no runner.
    func withdraw() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.announced -= 1
            return Self.takeIdleWaiters(&state)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Adds an announced job. Returns true when the caller is to start it now; otherwise the job
    /// waits for a running one to finish, and when the queue is full this waits for room first.
    func push(_ job: RequestJob) async -> Bool {
        // Most jobs are admitted at once, without the cost of a continuation.
        if let admitted = state.withLock({ admit(job, &$0) }) { return admitted }
        // Checked again under the lock, since a job may have finished in between.
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let admitted = state.withLock { state -> Bool? in
                if let admitted = admit(job, &state) { return admitted }
                state.announced -= 1
                state.blockedProducers.append((job, continuation))
                return nil
            }
            if let admitted { continuation.resume(returning: admitted) }
        }
    }

    /// Admits an announced job if there is room: true when it is to start now, false when it is
    /// queued, nil (leaving the state as it was) when the queue is full.
    private func admit(_ job: RequestJob, _ state: inout State) -> Bool? {
        if state.running < maxRunning {
            state.announced -= 1
            state.running += 1
            return true
        }
        if state.waiting.count < capacity {
            state.announced -= 1
            state.waiting.append(job)
            return false
        }
        return nil
    }

    /// Records that a running job is finished, and returns the next one for the caller to start.
    func finish() -> RequestJob? {
        let (next, producer, waiters) = state.withLock {
            state -> (RequestJob?, CheckedContinuation<Bool, Never>?, [CheckedContinuation<Void, Never>]) in
            var next = state.waiting.popFirst()
            var producer: CheckedContinuation<Bool, Never>?
            if let (blocked, continuation) = state.blockedProducers.popFirst() {
                producer = continuation
                if next == nil { next = blocked } else { state.waiting.append(blocked) }
            }
            if next == nil { state.running -= 1 }
            return (next, producer, Self.takeIdleWaiters(&state))
        }
        producer?.resume(returning: false)
        for waiter in waiters { waiter.resume() }
        return next
    }

    /// Removes and returns every job still waiting, for the shutdown deadline.
    func drainWaiting() -> [RequestJob] {
        let (jobs, producers) = state.withLock { state in
            let jobs = Array(state.waiting)
            let producers = Array(state.blockedProducers)
            state.waiting.removeAll()
            state.blockedProducers.removeAll()
            return (jobs, producers)
        }
        for (_, producer) in producers { producer.resume(returning: false) }
        return jobs + producers.map(\.0)
    }

    /// The numbers of jobs waiting and running.
    var counts: (waiting: Int, running: Int) {
        state.withLock { ($0.waiting.count + $0.blockedProducers.count, $0.running) }
    }

    /// Returns once nothing is announced, waiting or running, or once the calling task is cancelled.
    func waitUntilIdle() async {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.isIdle || Task.isCancelled { return true }
                    state.idleWaiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.idleWaiters.removeValue(forKey: id) }?.resume()
        }
    }

    private static func takeIdleWaiters(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        guard state.isIdle, !state.idleWaiters.isEmpty else { return [] }
        defer { state.idleWaiters.removeAll() }
        return Array(state.idleWaiters.values)
    }
}
