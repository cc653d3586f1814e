import Logging
import ServiceLifecycle
import Synchronization

/// What an app's lifespan function works with: FastAPI's `lifespan` context manager.
///
/// The function sets up what the app needs, calls ``serve()`` (FastAPI's `yield`), which returns
/// when the app shuts down, and then tears everything down:
///
/// ```swift
/// app.lifespan { lifespan in
///     let models = try await loadModels()
///     lifespan.state["models"] = models      // read by endpoints through `AppState`
///     await lifespan.serve()                 // requests are served while this waits
///     await models.unload()
/// }
/// ```
///
/// The server starts accepting connections only once the function has reached ``serve()``; an
/// error thrown before that stops the app from starting. Shutdown stops the server, drains the
/// background tasks, and only then lets ``serve()`` return, so tasks can still use what the
/// lifespan set up.
public struct Lifespan: Sendable {
    /// The app's shared state.
    public let state: AppState
    let next: @Sendable () async -> Void

    /// Marks start-up complete and waits until the app shuts down.
    public func serve() async {
        await next()
    }
}

/// Runs an app's lifespan function as a service of its Hummingbird application.
final class LifespanService: Service, Sendable {
    typealias Body = @Sendable (Lifespan) async throws -> Void

    private enum Startup {
        case waiting([CheckedContinuation<Void, any Error>])
        case done(Result<Void, any Error>)
    }

    private let bodies: [Body]
    private let state: AppState
    private let logger: Logger
    private let startup = Mutex(Startup.waiting([]))

    init(bodies: [Body], state: AppState, logger: Logger) {
        self.bodies = bodies
        self.state = state
        self.logger = logger
    }

    func run() async throws {
        do {
            try await runNested(bodies[...])
        } catch {
            finishStartup(.failure(error))
            throw error
        }
    }

    /// Each lifespan runs inside the previous one's ``Lifespan/serve()``: set up in order,
    /// torn down in reverse.
    private func runNested(_ remaining: ArraySlice<Body>) async throws {
        guard let body = remaining.first else {
            finishStartup(.success(()))
            try? await gracefulShutdown()
            return
        }
        let served = Mutex(false)
        let nestedError = Mutex<(any Error)?>(nil)
        try await body(
            Lifespan(state: state) {
                served.withLock { $0 = true }
                do {
                    try await self.runNested(remaining.dropFirst())
                } catch {
                    nestedError.withLock { $0 = error }
                }
            })
        if let error = nestedError.withLock({ $0 }) { throw error }
        if !served.withLock({ $0 }) { throw LifespanError.didNotServe }
    }

    /// Waits until every lifespan has reached ``Lifespan/serve()``; throws what stopped one.
    func waitUntilStarted() async throws {
        try await withCheckedThrowingContinuation { continuation in
            let result: Result<Void, any Error>? = startup.withLock { startup in
                switch startup {
                case .waiting(var waiters):
                    waiters.append(continuation)
                    startup = .waiting(waiters)
                    return nil
                case .done(let result):
                    return result
                }
            }
            if let result { continuation.resume(with: result) }
        }
    }

    private func finishStartup(_ result: Result<Void, any Error>) {
        let waiters: [CheckedContinuation<Void, any Error>] = startup.withLock { startup in
            guard case .waiting(let waiters) = startup else { return [] }
            startup = .done(result)
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }
}

/// A lifespan function that returned without calling ``Lifespan/serve()``.
public enum LifespanError: Error, CustomStringConvertible {
    case didNotServe

    public var description: String { "the lifespan function returned without calling serve()" }
}
