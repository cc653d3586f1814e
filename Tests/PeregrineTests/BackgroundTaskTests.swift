import Foundation
import Logging
import NIOPosix
import Peregrine
import PeregrineTesting
import Testing

/// The events of the test that is running, for endpoints and dependencies to record into.
enum TestEvents {
    @TaskLocal static var current = EventLog()
}

/// A dependency that schedules a task of its own and records when it runs.
@Dependency
func schedulingDependency(backgroundTasks: BackgroundTasks) -> String {
    let events = TestEvents.current
    events.record("dependency")
    backgroundTasks.add { events.record("dependency task") }
    return "scheduled"
}

struct TaskFailure: Error, CustomStringConvertible {
    var description: String { "the task failed on purpose" }
}

@Routes
struct TaskRoutes {
    @POST("/tasks/order")
    func order(@Depends(schedulingDependencyDependency) scheduled: String, backgroundTasks: BackgroundTasks) -> JSONResponse {
        let events = TestEvents.current
        events.record("endpoint")
        backgroundTasks.add { events.record("endpoint task 1") }
        backgroundTasks.add {
            await Task.yield()
            events.record("endpoint task 2")
        }
        let own = BackgroundTasks()
        own.add { events.record("response task") }
        return JSONResponse(status: .accepted, content: JSONValue.string(scheduled), background: own)
    }

    @POST("/tasks/forms")
    func forms(backgroundTasks: BackgroundTasks) -> String {
        let events = TestEvents.current
        backgroundTasks.addBlocking("blocking") {
            events.record(MultiThreadedEventLoopGroup.currentEventLoop == nil ? "blocking off the event loops" : "blocking on an event loop")
        }
        backgroundTasks.addTask(record, events, "function with arguments")
        backgroundTasks.addTask(recordAsync, events, "async function with arguments")
        return "ok"
    }

    @POST("/tasks/throws")
    func throwing(backgroundTasks: BackgroundTasks) throws -> String {
        let events = TestEvents.current
        backgroundTasks.add { events.record("task of a failed endpoint") }
        throw HTTPException(409, detail: "conflict")
    }

    @POST("/tasks/invalid")
    func invalid(count: Int, backgroundTasks: BackgroundTasks) -> Int {
        count
    }

    @POST("/tasks/not-found")
    func notFound(backgroundTasks: BackgroundTasks) -> JSONResponse {
        let events = TestEvents.current
        backgroundTasks.add { events.record("task of a 404") }
        return JSONResponse(status: .notFound, content: ["detail": "gone"] as JSONValue)
    }

    @POST("/tasks/failing")
    func failing(backgroundTasks: BackgroundTasks) -> String {
        let events = TestEvents.current
        backgroundTasks.add { events.record("before failure") }
        backgroundTasks.add("the failing one") { throw TaskFailure() }
        backgroundTasks.add { events.record("after failure") }
        return "ok"
    }

    @POST("/tasks/gated")
    func gated(backgroundTasks: BackgroundTasks) -> String {
        let (events, gate) = (TestEvents.current, TestEvents.gate)
        backgroundTasks.add {
            events.record("gated task started")
            await gate.wait()
            events.record("gated task finished")
        }
        return "ok"
    }
}

@Sendable func record(_ events: EventLog, _ event: String) {
    events.record(event)
}

@Sendable func recordAsync(_ events: EventLog, _ event: String) async {
    await Task.yield()
    events.record(event)
}

extension TestEvents {
    @TaskLocal static var gate = Gate()
}

/// Background tasks keep FastAPI's contract: shared by endpoint and dependencies, run after the
/// response in the order added, only when the endpoint returned.
@Suite("Background tasks")
struct BackgroundTaskTests {
    static func makeApp(logger: Logger? = nil) -> App {
        let app = App(logger: logger)
        app.include(TaskRoutes())
        return app
    }

    @Test("dependency tasks, endpoint tasks and the response's own tasks all run, in that order, after the response")
    func order() async throws {
        let events = EventLog()
        try await TestEvents.$current.withValue(events) {
            try await Self.makeApp().test { client in
                let response = try await client.post("/tasks/order")
                #expect(response.statusCode == 202)
                #expect(try response.json() == "scheduled")
            }
        }
        #expect(events.all == ["dependency", "endpoint", "dependency task", "endpoint task 1", "endpoint task 2", "response task"])
    }

    @Test("closures, blocking work off the event loops, and functions with arguments")
    func forms() async throws {
        let events = EventLog()
        try await TestEvents.$current.withValue(events) {
            try await Self.makeApp().test { client in
                _ = try await client.post("/tasks/forms")
            }
        }
        #expect(events.all == ["blocking off the event loops", "function with arguments", "async function with arguments"])
    }

    @Test("no task runs when the endpoint throws or validation fails; tasks run for a returned 404")
    func onlyAfterSuccess() async throws {
        let events = EventLog()
        try await TestEvents.$current.withValue(events) {
            try await Self.makeApp().test { client in
                let thrown = try await client.post("/tasks/throws")
                #expect(thrown.statusCode == 409)
                let invalid = try await client.post("/tasks/invalid?count=x")
                #expect(invalid.statusCode == 422)
                let notFound = try await client.post("/tasks/not-found")
                #expect(notFound.statusCode == 404)
            }
        }
        #expect(events.all == ["task of a 404"])
    }

    @Test("a failing task is logged with its label, request id and route, and the next tasks still run")
    func failingTask() async throws {
        let events = EventLog()
        let capture = LogCapture()
        try await TestEvents.$current.withValue(events) {
            try await Self.makeApp(logger: capture.logger()).test { client in
                let response = try await client.post("/tasks/failing")
                #expect(try response.json() == "ok")
            }
        }
        #expect(events.all == ["before failure", "after failure"])
        let failures = capture.all.filter { $0.message == "Background task failed" }
        #expect(failures.count == 1)
        #expect(failures.first?.level == .error)
        #expect(failures.first?.metadata["task"] == "the failing one")
        #expect(failures.first?.metadata["error"] == "the task failed on purpose")
        #expect(failures.first?.metadata["http.route"] == "/tasks/failing")
        #expect(failures.first?.metadata["hb.request.id"]?.isEmpty == false)
    }

    @Test("the TestClient waits for tasks, or returns first and awaits them on demand")
    func testClientWaiting() async throws {
        let events = EventLog()
        let gate = Gate()
        try await TestEvents.$current.withValue(events) {
            try await TestEvents.$gate.withValue(gate) {
                try await Self.makeApp().test { client in
                    let early = try await client.returningBeforeBackgroundTasks.post("/tasks/gated")
                    #expect(try early.json() == "ok")
                    #expect(await eventually { events.all == ["gated task started"] })
                    gate.open()
                    await client.backgroundTasksFinished()
                    #expect(events.all == ["gated task started", "gated task finished"])
                    _ = try await client.post("/tasks/gated")
                    #expect(events.all.suffix(2) == ["gated task started", "gated task finished"])
                }
            }
        }
    }
}

/// A middleware that replaces every response, dropping the body Peregrine built.
struct ReplacingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        _ = try await next(request, context)
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "replaced")))
    }
}

@Suite("Background tasks of dropped responses")
struct DroppedResponseTests {
    @Test("tasks run even when a middleware drops the response that carried them")
    func droppedResponse() async throws {
        let events = EventLog()
        let app = App()
        app.addMiddleware(ReplacingMiddleware<AppRequestContext>())
        app.include(TaskRoutes())
        try await TestEvents.$current.withValue(events) {
            try await app.test { client in
                let response = try await client.post("/tasks/failing")
                #expect(response.text == "replaced")
            }
        }
        #expect(events.all == ["before failure", "after failure"])
    }
}
