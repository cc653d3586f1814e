import Synchronization

/// Values attached to one request by the code that handles it: Starlette's `request.state`.
///
/// A middleware sets a value and the endpoint (or a dependency, or a later middleware) reads it:
///
/// ```swift
/// app.middleware { request, next in
///     request.state.stamp = request.headers[HTTPField.Name("X-Stamp")!] ?? "none"
///     return try await next(request)
/// }
///
/// @GET("/stamp/")
/// func readStamp(request: Request) -> JSONValue { ["stamp": .string(request.state.stamp as? String ?? "")] }
/// ```
///
/// Each request gets its own, for as long as it is handled; background tasks it schedules run
/// later and do not see it. For values shared by every request, use ``AppState``.
@dynamicMemberLookup
public final class RequestState: Sendable {
    private let values = Mutex<[String: any Sendable]>([:])

    public init() {}

    /// The value stored under `key`, nil when there is none; setting nil removes it.
    public subscript(key: String) -> (any Sendable)? {
        get { values.withLock { $0[key] } }
        set { values.withLock { $0[key] = newValue } }
    }

    /// The value stored under `key` when it is a `Value`.
    public subscript<Value: Sendable>(key: String, as type: Value.Type) -> Value? {
        self[key] as? Value
    }

    public subscript(dynamicMember key: String) -> (any Sendable)? {
        get { self[key] }
        set { self[key] = newValue }
    }

    /// The state of the request the current task is handling.
    @TaskLocal static var current: RequestState?
}

extension Request {
    /// The state of this request (Starlette's `request.state`), shared by its middleware, its
    /// dependencies and its endpoint. Outside of an app's request handling it is a fresh, empty one.
    public var state: RequestState { RequestState.current ?? RequestState() }
}
