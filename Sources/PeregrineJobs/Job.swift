/// Work that survives a crash: a `Codable` value the app enqueues and a worker runs, at least
/// once, possibly in another process or after a restart.
///
/// ```swift
/// struct SendWelcomeEmail: Job {
///     var userID: Int
///     static let options = JobOptions(queue: "email", maxAttempts: 5, timeout: .seconds(30))
///
///     func run(context: JobContext) async throws {
///         try await mailer.send(to: userID, idempotencyKey: "\(context.id)-\(context.attempt)")
///     }
/// }
/// ```
///
/// A job may run more than once: when its worker dies mid-run, the job runs again once its lease
/// expires. Side effects that must happen once use ``JobContext/id`` and ``JobContext/attempt``
/// to recognise a repeat. Throwing fails the attempt: the job is retried after a backoff until
/// ``JobOptions/maxAttempts``, then kept as `discarded` with every attempt's error.
public protocol Job: Codable, Sendable {
    /// The name the job's rows are stored under; the type's name unless given. Keep it when a
    /// type is renamed, so that jobs already stored still run.
    static var name: String { get }
    /// The queue, attempts, timeout, backoff and priority jobs of this type get.
    static var options: JobOptions { get }

    /// Does the job's work; throwing fails the attempt, and ``JobContext/snooze(for:)`` asks to
    /// run again later without counting one.
    func run(context: JobContext) async throws
}

extension Job {
    public static var name: String { String(describing: Self.self) }
    public static var options: JobOptions { JobOptions() }
}
