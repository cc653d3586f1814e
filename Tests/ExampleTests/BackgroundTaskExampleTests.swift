import ExampleApp
import Foundation
import Peregrine
import PeregrineTesting
import Testing

/// The seed examples: the notification endpoints answer like FastAPI, and their background tasks
/// leave the same log.
@Suite("Example background tasks", .serialized)
struct BackgroundTaskExampleTests {
    static func withLog(_ body: (String) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("peregrine-log-\(UUID()).txt").path
        let previous = NotificationLog.path
        NotificationLog.path = path
        defer {
            NotificationLog.path = previous
            try? FileManager.default.removeItem(atPath: path)
        }
        try await body(path)
    }

    @Test("send-notification writes the notification after answering")
    func sendNotification() async throws {
        try await Self.withLog { path in
            try await makeExampleApp().test { client in
                let response = try await client.post("/send-notification/foo@example.com")
                #expect(try response.json() == ["message": "Notification sent in the background"])
            }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "notification for foo@example.com: some notification")
        }
    }

    @Test("send-notification-dep logs the dependency's line first, and only with a query")
    func sendNotificationDependency() async throws {
        try await Self.withLog { path in
            try await makeExampleApp().test { client in
                let first = try await client.post("/send-notification-dep/bar@example.com?q=hello")
                #expect(try first.json() == ["message": "Message sent"])
                let second = try await client.post("/send-notification-dep/baz@example.com")
                #expect(try second.json() == ["message": "Message sent"])
            }
            #expect(
                try String(contentsOfFile: path, encoding: .utf8)
                    == "found query: hello\nmessage to bar@example.com\nmessage to baz@example.com\n")
        }
    }

    @Test("the scoped dependency closes after each response")
    func yieldDependency() async throws {
        try await makeExampleApp().test { client in
            let first = try await client.get("/dep/yield/")
            let before = try #require(first.json()["before"])
            let log = try await client.get("/dep/yield-log/")
            guard case .array(let entries) = before, case .array(let after)? = try log.json()["log"] else {
                Issue.record("unexpected answers")
                return
            }
            #expect(entries.last == "open")
            #expect(Array(after.suffix(2)) == ["open", "close"])
        }
    }
}
