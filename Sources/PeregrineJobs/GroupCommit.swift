import Synchronization

/// Writes items in batches: while one batch is being written, the items that arrive wait, and
/// all of them go into the next write. No timer: a lone item is written at once, and under load
/// a write carries whatever arrived during the previous one, so the number of transactions
/// (and of `fsync`s) grows far slower than the number of items.
final class GroupCommit<Item: Sendable, Answer: Sendable>: Sendable {
    /// Who is told a batch's outcome: a task waiting for it, or a function called with it.
    private enum Reply {
        case resume(CheckedContinuation<[Answer], any Error>)
        case call(@Sendable (Result<[Answer], any Error>) -> Void)

        func send(_ result: Result<[Answer], any Error>) {
            switch self {
            case .resume(let continuation): continuation.resume(with: result)
            case .call(let function): function(result)
            }
        }
    }

    private typealias Waiter = (items: [Item], reply: Reply)

    private struct State {
        var waiting: [Waiter] = []
        var writing = false
    }

    private let write: @Sendable ([Item]) async throws -> [Answer]
    private let state = Mutex(State())

    /// - Parameter write: writes a batch in one transaction and answers one answer per item, in order.
    init(write: @escaping @Sendable ([Item]) async throws -> [Answer]) {
        self.write = write
    }

    /// Writes `items` with whatever else is waiting, all in one transaction; answers their answers.
    func commit(_ items: [Item]) async throws -> [Answer] {
        guard !items.isEmpty else { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            add(items, .resume(continuation))
        }
    }

    /// Writes `items` with whatever else is waiting, without waiting for it: `then` is called
    /// with their answers (or the error) once the transaction has ended.
    func submit(_ items: [Item], then: @escaping @Sendable (Result<[Answer], any Error>) -> Void) {
        guard !items.isEmpty else { return then(.success([])) }
        add(items, .call(then))
    }

    private func add(_ items: [Item], _ reply: Reply) {
        let leads = state.withLock { state in
            state.waiting.append((items, reply))
            if state.writing { return false }
            state.writing = true
            return true
        }
        // The write runs in a task of its own: a request that is cancelled while it waits
        // must not cancel the other requests' commit.
        if leads { Task { await self.writeUntilIdle() } }
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
                let answers = try await write(batch.flatMap(\.items))
                var offset = 0
                for waiter in batch {
                    waiter.reply.send(.success(Array(answers[offset..<offset + waiter.items.count])))
                    offset += waiter.items.count
                }
            } catch {
                for waiter in batch { waiter.reply.send(.failure(error)) }
            }
        }
    }
}
