/// A dependency's value with the cleanup to run when the request is done with it: FastAPI's
/// dependencies with `yield`.
///
/// ```swift
/// @Dependency
/// func databaseSession() async throws -> Scoped<Session> {
///     let session = try await pool.open()
///     return Scoped(session) { error in await session.close(rollingBack: error != nil) }
/// }
/// ```
///
/// The endpoint receives the `Session`. The cleanup runs once per request, even when the endpoint
/// throws, and receives the error. With the default ``Scope/request`` scope it runs after the
/// response has been sent and after the request's background tasks, as FastAPI's default does;
/// with ``Scope/function`` it runs as soon as the endpoint has returned, before the response is
/// sent. Cleanups run in the reverse order of their dependencies' setup.
public struct Scoped<Value: Sendable>: Sendable {
    public typealias Scope = CleanupScope

    public let value: Value
    public let scope: Scope
    let cleanup: @Sendable ((any Error)?) async -> Void

    public init(_ value: Value, scope: Scope = .request, cleanup: @escaping @Sendable ((any Error)?) async -> Void) {
        self.value = value
        self.scope = scope
        self.cleanup = cleanup
    }
}

/// When a scoped dependency's cleanup runs.
public enum CleanupScope: Sendable {
    /// After the response and the background tasks (FastAPI's default "request" scope).
    case request
    /// Right after the endpoint, before the response is sent (FastAPI's "function" scope).
    case function
}

/// A cleanup registered by a scoped dependency during a request.
struct Cleanup: Sendable {
    let scope: CleanupScope
    let run: @Sendable ((any Error)?) async -> Void
}
