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

/// A bounded queue of jobs between the connections that submit them and the runner's workers.
///
/// When the queue is full a submitter waits for room (it is never dropped): that back-pressure
/// reaches the client, whose connection is busy submitting instead of reading its next request.
/// The queue also counts the work in flight, so that ``waitUntilIdle()`` can tell when everything
/// announced has finished.
final class JobQueue: Sendable {
    private struct State {
        var jobs = Deque<RequestJob>()
        var blockedProducers = Deque<(RequestJob, CheckedContinuation<Void, Never>)>()
        var idleConsumers = Deque<CheckedContinuation<RequestJob?, Never>>()
        var closed = false
        /// Jobs announced by a response that has not finished writing yet.
        var announced = 0
        var running = 0
        var idleWaiters: [CheckedContinuation<Void, Never>] = []

        var isIdle: Bool {
            announced == 0 && running == 0 && jobs.isEmpty && blockedProducers.isEmpty
        }
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
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

    /// Adds an announced job, waiting while the queue is full.
    func push(_ job: RequestJob) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let action = state.withLock { state -> (() -> Void) in
                state.announced -= 1
                if let consumer = state.idleConsumers.popFirst() {
                    state.running += 1
                    return {
                        consumer.resume(returning: job)
                        continuation.resume()
                    }
                }
                if state.jobs.count < self.capacity {
                    state.jobs.append(job)
                    return { continuation.resume() }
                }
                state.blockedProducers.append((job, continuation))
                return {}
            }
            action()
        }
    }

    /// The next job for a worker, waiting for one; nil once the queue is closed and empty.
    func pop() async -> RequestJob? {
        await withCheckedContinuation { (continuation: CheckedContinuation<RequestJob?, Never>) in
            let action = state.withLock { state -> (() -> Void) in
                if let job = state.jobs.popFirst() {
                    state.running += 1
                    if let (blocked, producer) = state.blockedProducers.popFirst() {
                        state.jobs.append(blocked)
                        return {
                            producer.resume()
                            continuation.resume(returning: job)
                        }
                    }
                    return { continuation.resume(returning: job) }
                }
                if let (blocked, producer) = state.blockedProducers.popFirst() {
                    state.running += 1
                    return {
                        producer.resume()
                        continuation.resume(returning: blocked)
                    }
                }
                if state.closed { return { continuation.resume(returning: nil) } }
                state.idleConsumers.append(continuation)
                return {}
            }
            action()
        }
    }

    /// Records that a job taken with ``pop()`` is finished.
    func finish() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.running -= 1
            return Self.takeIdleWaiters(&state)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Stops handing out work once the queue is empty: idle workers are released.
    func close() {
        let consumers = state.withLock { state -> [CheckedContinuation<RequestJob?, Never>] in
            state.closed = true
            guard state.jobs.isEmpty && state.blockedProducers.isEmpty else { return [] }
            defer { state.idleConsumers.removeAll() }
            return Array(state.idleConsumers)
        }
        for consumer in consumers { consumer.resume(returning: nil) }
    }

    /// Removes and returns every job still waiting, for the shutdown deadline.
    func drainWaiting() -> [RequestJob] {
        let (jobs, producers) = state.withLock { state in
            let jobs = Array(state.jobs)
            let producers = Array(state.blockedProducers)
            state.jobs.removeAll()
            state.blockedProducers.removeAll()
            return (jobs, producers)
        }
        for (_, producer) in producers { producer.resume() }
        return jobs + producers.map(\.0)
    }

    /// The numbers of jobs waiting and running.
    var counts: (waiting: Int, running: Int) {
        state.withLock { ($0.jobs.count + $0.blockedProducers.count, $0.running) }
    }

    /// Returns once nothing is announced, waiting or running.
    func waitUntilIdle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state -> Bool in
                if state.isIdle { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    private static func takeIdleWaiters(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        guard state.isIdle, !state.idleWaiters.isEmpty else { return [] }
        defer { state.idleWaiters.removeAll() }
        return state.idleWaiters
    }
}
