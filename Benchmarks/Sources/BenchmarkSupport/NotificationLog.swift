import Foundation

/// Where the notification tasks append: `BENCH_LOG`, or `bench-log.txt` in the working folder.
public let notificationLogPath = ProcessInfo.processInfo.environment["BENCH_LOG"] ?? "bench-log.txt"

/// Appends one line with one `write` on a descriptor opened for appending, as every server's
/// notification task does.
public func appendLine(_ line: String) throws {
    let descriptor = open(notificationLogPath, O_WRONLY | O_APPEND | O_CREAT, 0o644)
    guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    defer { close(descriptor) }
    let bytes = Array(line.utf8)
    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    guard written == bytes.count else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
}
