import Synchronization

/// Wakes waiting loops early: a queue's loop sleeps until its next job is due, and an enqueue in
/// this process, a finished job or shutdown wakes it at once. A signal wakes every task waiting
/// at that moment, or, when none is, the next one to wait.
final class WakeSignal: Sendable {
    private struct State {
        var signalled = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        /// Waits whose time ran out before they had registered.
        var expired: Set<Int> = []
        var nextID = 0
    }

    private let state = Mutex(State())

    /// Wakes every waiter, or the next one to wait.
    func signal() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.waiters.isEmpty else {
                state.signalled = true
                return []
            }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Ends one wait whose time is up (or whose task was cancelled).
    private func expire(_ id: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
            state.expired.insert(id)
            return nil
        }
        waiter?.resume()
    }

    /// Returns at the next signal (or at once if one came since the last wait), after
    /// `timeout`, or when the task is cancelled.
    func wait(upTo timeout: Duration) async {
        let id: Int? = state.withLock { state in
            if state.signalled {
                state.signalled = false
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.expire(id)
            }
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.expired.remove(id) != nil { return true }
                    if state.signalled {
                        state.signalled = false
                        return true
                    }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
            group.cancelAll()
        }
        // The timer ran to its end after the wake-up: forget that its wait expired.
        state.withLock { _ = $0.expired.remove(id) }
    }
}
