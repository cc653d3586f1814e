import Foundation
import Peregrine
import Synchronization

/// Where the background tasks write: `log.txt` in the working folder, or `PARITY_LOG`.
public enum NotificationLog {
    private static let location = Mutex(ProcessInfo.processInfo.environment["PARITY_LOG"] ?? "log.txt")

    /// The log file's path; tests point it elsewhere.
    public static var path: String {
        get { location.withLock { $0 } }
        set { location.withLock { $0 = newValue } }
    }
}

@Model
struct Message {
    var message: String
}

/// Replaces the log with one notification, like the seed's `write_notification`.
@Sendable
func writeNotification(_ email: String, _ message: String) throws {
    try "notification for \(email): \(message)".write(toFile: NotificationLog.path, atomically: false, encoding: .utf8)
}

/// Appends a line to the log. One `write` on a descriptor opened for appending puts every line
/// whole at the end, however many tasks append at once.
@Sendable
func writeLog(_ message: String) throws {
    let descriptor = open(NotificationLog.path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
    guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    defer { close(descriptor) }
    let bytes = Array(message.utf8)
    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    guard written == bytes.count else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
}

/// A dependency that schedules a task of its own: it runs before the endpoint's.
@Dependency
func getQuery(backgroundTasks: BackgroundTasks, q: String? = nil) -> String? {
    if let q, !q.isEmpty { backgroundTasks.addTask(writeLog, "found query: \(q)\n") }
    return q
}

/// Background tasks: work that runs after the response has been sent.
@Routes
struct Notifications {
    @POST("/send-notification/{email}")
    func sendNotification(email: String, backgroundTasks: BackgroundTasks) -> Message {
        backgroundTasks.addTask(writeNotification, email, "some notification")
        return Message(message: "Notification sent in the background")
    }

    @POST("/send-notification-dep/{email}")
    func sendNotificationDep(email: String, backgroundTasks: BackgroundTasks, @Depends(getQueryDependency) q: String?) -> Message {
        backgroundTasks.addTask(writeLog, "message to \(email)\n")
        return Message(message: "Message sent")
    }
}
