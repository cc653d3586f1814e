import Foundation

/// One write a job system sends through its group commit: a request's enqueue, a worker's
/// completion or claim. Whatever arrives while a transaction is being written goes into the
/// next one together, whatever its kind (``JobStore/write(_:now:)``).
enum BatchedWrite: Sendable {
    case enqueue(NewJob)
    case complete(JobClaim)
    case claim(ClaimRequest)
}

/// What became of one ``BatchedWrite``.
enum BatchedAnswer: Sendable {
    case enqueued(EnqueuedJob)
    case completed(Bool)
    case claimed([ClaimedJob])
}

extension JobStore {
    /// Writes a batch in one ``write(_:now:)`` and answers each write in the batch's order.
    func write(_ batch: [BatchedWrite], now: Date) async throws -> [BatchedAnswer] {
        var writes = JobWrites()
        for write in batch {
            switch write {
            case .enqueue(let job): writes.enqueues.append(job)
            case .complete(let claim): writes.completions.append(claim)
            case .claim(let request): writes.claims.append(request)
            }
        }
        let results = try await write(writes, now: now)
        guard results.completed.count == writes.completions.count, results.enqueued.count == writes.enqueues.count,
            results.claimed.count == writes.claims.count
        else { throw StoreAnswerMismatch() }
        var next = (completed: 0, enqueued: 0, claimed: 0)
        return batch.map { write in
            switch write {
            case .enqueue:
                defer { next.enqueued += 1 }
                return .enqueued(results.enqueued[next.enqueued])
            case .complete:
                defer { next.completed += 1 }
                return .completed(results.completed[next.completed])
            case .claim:
                defer { next.claimed += 1 }
                return .claimed(results.claimed[next.claimed])
            }
        }
    }
}

/// A store answered a batch of writes with a different number of results than it was given.
struct StoreAnswerMismatch: Error, CustomStringConvertible {
    var description: String { "the job store answered a batch of writes with the wrong number of results" }
}

extension Array where Element == BatchedAnswer {
    var enqueued: [EnqueuedJob] { compactMap { if case .enqueued(let job) = $0 { job } else { nil } } }
    var completed: [Bool] { compactMap { if case .completed(let held) = $0 { held } else { nil } } }
    var claimed: [ClaimedJob] { flatMap { answer -> [ClaimedJob] in if case .claimed(let jobs) = answer { jobs } else { [] } } }
}
