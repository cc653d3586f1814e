import Synchronization

/// Writes items in batches: while one batch is being written, the items that arrive wait, and
/// all of them go into the next write. No timer: a lone item is written at once, and under load
/// a write carries whatever arrived during the previous one, so the number of transactions
/// (and of `fsync`s) grows far slower than the number of items.
final class GroupCommit<Item: Sendable, Result: Sendable>: Sendable {
    private typealias Waiter = (items: [Item], continuation: CheckedContinuation<[Result], any Error>)

    private struct State {
        var waiting: [Waiter] = []
        var writing = false
    }

    private let write: @Sendable ([Item]) async throws -> [Result]
    private let state = Mutex(State())

    /// - Parameter write: writes a batch in one transaction and answers one result per item, in order.
    init(write: @escaping @Sendable ([Item]) async throws -> [Result]) {
        self.write = write
    }

    /// Writes `items` with whatever else is waiting, all in one transaction; answers their results.
    func commit(_ items: [Item]) async throws -> [Result] {
        guard !items.isEmpty else { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            let leads = state.withLock { state in
                state.waiting.append((items, continuation))
                if state.writing { return false }
                state.writing = true
                return true
            }
            // The write runs in a task of its own: a request that is cancelled while it waits
            // must not cancel the other requests' commit.
            if leads { Task { await self.writeUntilIdle() } }
        }
    }

    private func writeUntilIdle() async {
        while true {
            let batch: [Waiter]? = state.withLock { state in
                guard !state.waiting.isEmpty else {
                    state.writing = false
                    return nil
                }
                defer { state.waiting = [] }
                return state.waiting
            }
            guard let batch else { return }
            do {
                let results = try await write(batch.flatMap(\.items))
                var offset = 0
                for waiter in batch {
                    waiter.continuation.resume(returning: Array(results[offset..<offset + waiter.items.count]))
                    offset += waiter.items.count
                }
            } catch {
                for waiter in batch { waiter.continuation.resume(throwing: error) }
            }
        }
    }
}
