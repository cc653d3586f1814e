import Synchronization

/// Records events from anywhere, in the order they happen, so that tests assert ordering rather
/// than timing.
final class EventLog: Sendable {
    private let events = Mutex<[String]>([])

    func record(_ event: String) {
        events.withLock { $0.append(event) }
    }

    var all: [String] { events.withLock { $0 } }

    /// Whether `first` was recorded before `second` (both recorded).
    func order(_ first: String, before second: String) -> Bool {
        let all = self.all
        guard let a = all.firstIndex(of: first), let b = all.firstIndex(of: second) else { return false }
        return a < b
    }
}

/// A gate tasks wait at until the test opens it.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isOpen = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if isOpen { continuation.resume() }
        }
    }
}

/// Waits until `condition` holds, checking as often as the scheduler allows; fails the wait after
/// `limit` checks so that a broken test ends instead of hanging.
func eventually(_ limit: Int = 10_000, _ condition: () -> Bool) async -> Bool {
    for _ in 0..<limit {
        if condition() { return true }
        await Task.yield()
        try? await Task.sleep(for: .milliseconds(1))
    }
    return condition()
}

/// A shared number, and the largest value it has had.
final class Tally: Sendable {
    private let state = Mutex<(value: Int, highest: Int)>((0, 0))

    @discardableResult
    func add(_ amount: Int = 1) -> Int {
        state.withLock { state in
            state.value += amount
            state.highest = max(state.highest, state.value)
            return state.value
        }
    }

    var value: Int { state.withLock { $0.value } }
    var highest: Int { state.withLock { $0.highest } }
}
