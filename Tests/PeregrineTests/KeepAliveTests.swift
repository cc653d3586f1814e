import Peregrine
import PeregrineTesting
import Testing

@Routes
struct SlowTaskRoutes {
    let events: EventLog

    @POST("/slow/{id}")
    func slow(id: Int, backgroundTasks: BackgroundTasks) -> Int {
        let events = self.events
        backgroundTasks.add {
            events.record("task \(id) started")
            try await Task.sleep(for: .seconds(2))
            events.record("task \(id) finished")
        }
        return id
    }

    @POST("/failing")
    func failing(backgroundTasks: BackgroundTasks) -> String {
        let events = self.events
        backgroundTasks.add { events.record("first") }
        backgroundTasks.add { throw TaskFailure() }
        backgroundTasks.add { events.record("third") }
        return "accepted"
    }

    @GET("/ping")
    func ping() -> String { "pong" }
}

/// Background tasks run off the connection: a keep-alive client neither waits for them nor loses
/// its connection when one fails (FastAPI's failure modes).
@Suite("Background tasks and keep-alive connections")
struct KeepAliveTests {
    static func request(_ method: String, _ path: String) -> String {
        "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n"
    }

    @Test("a task that sleeps 2 s delays neither its response nor the next request on the connection")
    func slowTask() async throws {
        let events = EventLog()
        let app = App()
        app.include(SlowTaskRoutes(events: events))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await KeepAliveConnection.withConnection(port: port) { connection in
                try await connection.send(Self.request("POST", "/slow/1"))
                let first = try await connection.readResponse()
                events.record("response 1")
                try await connection.send(Self.request("GET", "/ping"))
                let second = try await connection.readResponse()
                events.record("response 2")
                #expect(first.status == "HTTP/1.1 200 OK")
                #expect(first.body == "1")
                #expect(second.body == "\"pong\"")
            }
            await client.backgroundTasksFinished()
        }
        // Both responses arrived while the task was still sleeping.
        #expect(events.order("response 1", before: "task 1 finished"))
        #expect(events.order("response 2", before: "task 1 finished"))
        #expect(events.all.contains("task 1 started"))
    }

    @Test("a throwing task between two others: both others run and the connection stays open")
    func failingTaskKeepsConnection() async throws {
        let events = EventLog()
        let app = App()
        app.include(SlowTaskRoutes(events: events))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await KeepAliveConnection.withConnection(port: port) { connection in
                try await connection.send(Self.request("POST", "/failing"))
                let first = try await connection.readResponse()
                #expect(first.body == "\"accepted\"")
                #expect(first.headers["connection"] != "close")
                await client.backgroundTasksFinished()
                try await connection.send(Self.request("GET", "/ping"))
                let second = try await connection.readResponse()
                #expect(second.status == "HTTP/1.1 200 OK")
                #expect(second.body == "\"pong\"")
            }
        }
        #expect(events.all == ["first", "third"])
    }
}

@Routes
struct ShutdownRoutes {
    let events: EventLog

    @POST("/later")
    func later(backgroundTasks: BackgroundTasks) -> String {
        let events = self.events
        backgroundTasks.add {
            // Still running when the test body ends (and the app starts shutting down), however
            // slowly the machine runs: a fixed sleep alone raced with a loaded CI.
            while !events.all.contains("test ends") { try await Task.sleep(for: .milliseconds(10)) }
            try await Task.sleep(for: .milliseconds(200))
            events.record("finished during shutdown")
        }
        return "accepted"
    }
}

/// Graceful shutdown stops the server, then lets the runner finish the tasks it holds.
@Suite("Graceful shutdown")
struct ShutdownTests {
    @Test("tasks still running when the app shuts down are finished before it stops")
    func drainsTasks() async throws {
        let events = EventLog()
        let app = App()
        app.include(ShutdownRoutes(events: events))
        try await app.test(.live) { client in
            let response = try await client.returningBeforeBackgroundTasks.post("/later")
            #expect(try response.json() == "accepted")
            events.record("test ends")
        }
        #expect(events.all == ["test ends", "finished during shutdown"])
    }
}
