import Synchronization

/// Values shared by every request of an app: what FastAPI's lifespan yields into `request.state`
/// and what apps keep on `app.state`.
///
/// Values are stored by name and read back with their type:
/// ```swift
/// app.state["greeting"] = "hello"
/// let greeting = state["greeting", as: String.self]
/// ```
public final class AppState: Sendable, RequestInjectable {
    private let values = Mutex<[String: any Sendable]>([:])

    public init() {}

    /// The value stored under `key`, if there is one of type `Value`.
    public subscript<Value: Sendable>(_ key: String, as type: Value.Type = Value.self) -> Value? {
        values.withLock { $0[key] } as? Value
    }

    /// The value stored under `key`; setting nil removes it.
    public subscript(_ key: String) -> (any Sendable)? {
        get { values.withLock { $0[key] } }
        set { values.withLock { $0[key] = newValue } }
    }

    /// The names stored, sorted.
    public var keys: [String] { values.withLock { $0.keys.sorted() } }

    /// The app's state, injected into an endpoint that declares a parameter of this type.
    public static func inject(from input: inout RequestInput) -> AppState {
        input.services.state
    }
}
