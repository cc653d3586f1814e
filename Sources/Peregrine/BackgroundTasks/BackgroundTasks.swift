import Synchronization

/// One piece of work to do after the response: FastAPI's `BackgroundTask`.
public struct BackgroundTask: Sendable {
    enum Work: Sendable {
        case async(@Sendable () async throws -> Void)
        /// Synchronous work that may block; it runs on a thread pool, off the event loops.
        case blocking(@Sendable () throws -> Void)
    }

    /// A name for logs and metrics: given explicitly, or the place the task was added.
    public let label: String
    let work: Work
}

/// Work a request schedules to run after its response has been sent: FastAPI's `BackgroundTasks`.
///
/// Declare a parameter of this type in an endpoint or a dependency; one instance exists per
/// request and all of them share it, dependencies' tasks first since dependencies run first.
///
/// ```swift
/// @POST("/send-notification/{email}")
/// func sendNotification(email: String, backgroundTasks: BackgroundTasks) -> Message {
///     backgroundTasks.addTask(writeNotification, email, "some notification")
///     return Message(message: "Notification sent in the background")
/// }
/// ```
///
/// Tasks run one after another, in the order added, once the response's last byte has been handed
/// to the connection, and only if the endpoint returned (not if it threw or validation failed).
/// They run on the app's ``BackgroundTaskRunner``, not on the connection: the connection serves
/// its next request at once. A failing task is logged and the next one still runs.
public final class BackgroundTasks: Sendable, RequestInjectable {
    private let tasks = Mutex<[BackgroundTask]>([])

    public init() {}

    public static func inject(from input: inout RequestInput) -> BackgroundTasks {
        if let tasks = input.effects.backgroundTasks { return tasks }
        let tasks = BackgroundTasks()
        input.effects.backgroundTasks = tasks
        return tasks
    }

    /// The tasks added so far, in order.
    public var all: [BackgroundTask] { tasks.withLock { $0 } }

    public var isEmpty: Bool { tasks.withLock { $0.isEmpty } }

    /// Adds a task that runs as an asynchronous task, whether or not the closure awaits: it must
    /// not block. Work that blocks (file or database calls without `async`) goes to
    /// ``addBlocking(_:fileID:line:_:)``.
    public func add(
        _ label: String? = nil, fileID: String = #fileID, line: Int = #line,
        _ task: @escaping @Sendable () async throws -> Void
    ) {
        append(BackgroundTask(label: label ?? "\(fileID):\(line)", work: .async(task)))
    }

    /// Adds a task that may block: it runs on a thread pool, off the event loops and the
    /// concurrency pool, as FastAPI runs a `def` task in its thread pool.
    public func addBlocking(
        _ label: String? = nil, fileID: String = #fileID, line: Int = #line,
        _ task: @escaping @Sendable () throws -> Void
    ) {
        append(BackgroundTask(label: label ?? "\(fileID):\(line)", work: .blocking(task)))
    }

    /// Adds a call of `function` with `arguments`, like FastAPI's `add_task(func, *args)`. A
    /// synchronous function runs on a thread pool.
    public func addTask<each Argument: Sendable>(
        _ function: @escaping @Sendable (repeat each Argument) throws -> Void, _ arguments: repeat each Argument,
        label: String? = nil, fileID: String = #fileID, line: Int = #line
    ) {
        let call: @Sendable () throws -> Void = { try function(repeat each arguments) }
        append(BackgroundTask(label: label ?? "\(fileID):\(line)", work: .blocking(call)))
    }

    /// Adds a call of the asynchronous `function` with `arguments`.
    public func addTask<each Argument: Sendable>(
        _ function: @escaping @Sendable (repeat each Argument) async throws -> Void, _ arguments: repeat each Argument,
        label: String? = nil, fileID: String = #fileID, line: Int = #line
    ) {
        let call: @Sendable () async throws -> Void = { try await function(repeat each arguments) }
        append(BackgroundTask(label: label ?? "\(fileID):\(line)", work: .async(call)))
    }

    /// Appends tasks from another list (a response's own tasks after the injected ones).
    public func append(contentsOf other: BackgroundTasks) {
        let added = other.all
        tasks.withLock { $0.append(contentsOf: added) }
    }

    private func append(_ task: BackgroundTask) {
        tasks.withLock { $0.append(task) }
    }
}

/// A response that brings its own background tasks, like Starlette's `Response(background=...)`.
/// When an endpoint also has injected tasks, both sets run: the injected ones first.
public protocol BackgroundCarrying {
    var background: BackgroundTasks? { get }
}
