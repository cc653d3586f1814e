import Dispatch
import Foundation
import Synchronization

/// Runs a server's async entry point while the main thread waits on a semaphore, exiting with
/// status 1 and the error on stderr if it throws.
///
/// The servers start this way instead of from an async `main` so that they run under callgrind
/// for the instruction counts: Debian 12's Valgrind (3.19) crashes on Swift's async `main`, whose
/// main thread parks in `dispatchMain`'s `sigsuspend`, and runs a semaphore-blocked main thread
/// fine. The three Swift servers share it, so they start alike.
public func runBlocking(_ body: @escaping @Sendable () async throws -> Void) {
    let done = DispatchSemaphore(value: 0)
    let failure = Mutex<(any Error)?>(nil)
    Task {
        do { try await body() } catch { failure.withLock { $0 = error } }
        done.signal()
    }
    done.wait()
    if let error = failure.withLock({ $0 }) {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
}
