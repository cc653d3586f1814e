import Foundation
import NIOCore
import Peregrine
import PeregrineTesting
import Synchronization
import Testing

@Model
private struct Step {
    var n: Int
}

/// Whether the producer of the abandoned stream was stopped.
private final class ProducerLog: Sendable {
    let events = Mutex<[String]>([])
    func add(_ event: String) { events.withLock { $0.append(event) } }
    var all: [String] { events.withLock { $0 } }
}

@Routes
private struct Streams {
    static let log = ProducerLog()

    @GET("/lines/")
    func lines(count: Int = 2) -> ItemStream<Step> {
        ItemStream { yield in
            for n in 0..<count { try await yield(Step(n: n)) }
        }
    }

    @GET("/events/", responseClass: EventSourceResponse.self)
    func events() -> ItemStream<ServerSentEvent> {
        ItemStream(keepAliveInterval: .milliseconds(150)) { yield in
            try await yield(ServerSentEvent(data: ["a": 1], event: "first", id: "1"))
            try await Task.sleep(for: .milliseconds(400))
            try await yield(ServerSentEvent(rawData: "two\nlines", comment: "note"))
        }
    }

    @GET("/endless/", responseClass: EventSourceResponse.self)
    func endless() -> ItemStream<Step> {
        ItemStream { yield in
            do {
                for n in 0... {
                    try await yield(Step(n: n))
                    try await Task.sleep(for: .milliseconds(20))
                }
            } catch {
                Self.log.add("stopped")
                throw error
            }
        }
    }
}

/// Generator endpoints: JSON Lines by default, Server-Sent Events with `EventSourceResponse`,
/// written as FastAPI writes them, kept alive while idle, stopped when the client goes.
@Suite("Streamed items: JSON Lines and Server-Sent Events")
struct StreamingItemsTests {
    func makeApp() -> App {
        let app = App()
        app.include(Streams())
        return app
    }

    @Test("JSON Lines: one JSON text per line, with Python's separators")
    func jsonLines() async throws {
        try await makeApp().test { client in
            let response = try await client.get("/lines/?count=3")
            #expect(response.header("content-type") == "application/jsonl")
            #expect(response.text == "{\"n\": 0}\n{\"n\": 1}\n{\"n\": 2}\n")
        }
    }

    @Test("events in FastAPI's line order, with no-cache headers and a ping while idle")
    func serverSentEvents() async throws {
        try await makeApp().test { client in
            let response = try await client.get("/events/")
            #expect(response.header("content-type") == "text/event-stream; charset=utf-8")
            #expect(response.header("cache-control") == "no-cache")
            #expect(response.header("x-accel-buffering") == "no")
            let text = response.text
            #expect(text.hasPrefix("event: first\ndata: {\"a\": 1}\nid: 1\n\n: ping\n\n"))
            // A ping decided just as the last event goes out may follow it: both are valid streams.
            #expect(
                text.replacingOccurrences(of: ": ping\n\n", with: "")
                    == "event: first\ndata: {\"a\": 1}\nid: 1\n\n: note\ndata: two\ndata: lines\n\n")
        }
    }

    @Test("a client that goes away stops the producer")
    func disconnect() async throws {
        try await makeApp().test(.live) { client in
            let port = try #require(client.port)
            try await KeepAliveConnection.withConnection(port: port) { connection in
                try await connection.send("GET /endless/ HTTP/1.1\r\nHost: x\r\n\r\n")
                try await connection.waitFor("data: {\"n\": 2}")
            }
            for _ in 0..<100 where Streams.log.all.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            #expect(Streams.log.all == ["stopped"])
        }
    }

    @Test("the document gives each stream's items with itemSchema")
    func documented() {
        let document = makeApp().openAPIJSON
        #expect(
            document["paths"]?["/lines/"]?["get"]?["responses"]?["200"]?["content"]
                == ["application/jsonl": ["itemSchema": ["$ref": "#/components/schemas/Step"]]])
        let events = document["paths"]?["/events/"]?["get"]?["responses"]?["200"]?["content"]?["text/event-stream"]
        #expect(events?["itemSchema"]?["properties"]?["retry"] == (["type": "integer", "minimum": 0] as JSONValue).sortingKeys())
    }
}
