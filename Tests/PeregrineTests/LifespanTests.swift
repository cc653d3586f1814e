import Foundation
import Peregrine
import PeregrineTesting
import Testing

@Routes
struct LifespanRoutes {
    @GET("/predict")
    func predict(state: AppState) -> JSONValue {
        ["result": JSONValue(state["answer", as: Int.self])]
    }

    @POST("/later")
    func later(tasks: BackgroundTasks) -> JSONValue {
        let events = TestEvents.current
        tasks.add {
            try await Task.sleep(for: .milliseconds(100))
            events.record("task finished")
        }
        return ["accepted": true]
    }
}

@Suite("Lifespan")
struct LifespanTests {
    @Test("set-up runs before the first request, tear-down after the last task, state reaches endpoints", arguments: [TestMode.inProcess, .live])
    func lifespan(mode: TestMode) async throws {
        let events = EventLog()
        let app = App()
        app.lifespan { lifespan in
            events.record("startup")
            lifespan.state["answer"] = 42
            await lifespan.serve()
            events.record("shutdown, answer \(lifespan.state["answer", as: Int.self] ?? 0)")
            lifespan.state["answer"] = nil
        }
        app.include(LifespanRoutes())
        try await TestEvents.$current.withValue(events) {
            try await app.test(mode) { client in
                events.record("request")
                let response = try await client.get("/predict")
                #expect(try response.json() == ["result": 42])
                _ = try await client.returningBeforeBackgroundTasks.post("/later")
            }
        }
        #expect(events.all == ["startup", "request", "task finished", "shutdown, answer 42"])
        #expect(app.state["answer"] == nil)
    }

    @Test("several lifespans and on-event hooks nest: first set up, last torn down")
    func nesting() async throws {
        let events = EventLog()
        let app = App()
        app.onStartup { _ in events.record("startup hook") }
        app.lifespan { lifespan in
            events.record("outer up")
            await lifespan.serve()
            events.record("outer down")
        }
        app.lifespan { lifespan in
            events.record("inner up")
            await lifespan.serve()
            events.record("inner down")
        }
        app.onShutdown { _ in events.record("shutdown hook") }
        app.include(LifespanRoutes())
        try await app.test { client in
            _ = try await client.get("/predict")
            events.record("served")
        }
        #expect(events.all == ["startup hook", "outer up", "inner up", "served", "shutdown hook", "inner down", "outer down"])
    }

    @Test("a failing start-up keeps the app from serving and reports the error")
    func failingStartup() async throws {
        struct NoDatabase: Error {}
        let app = App()
        app.lifespan { _ in throw NoDatabase() }
        app.include(LifespanRoutes())
        let application = app.makeApplication(host: "127.0.0.1", port: 0)
        await #expect(throws: NoDatabase.self) { try await application.run() }
    }

    @Test("a lifespan that never serves is an error")
    func neverServes() async throws {
        let app = App()
        app.lifespan { _ in }
        app.include(LifespanRoutes())
        let application = app.makeApplication(host: "127.0.0.1", port: 0)
        await #expect(throws: LifespanError.self) { try await application.run() }
    }
}
