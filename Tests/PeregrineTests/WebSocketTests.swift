import Foundation
import Peregrine
import PeregrineTesting
import Testing

/// FastAPI's `get_cookie_or_token`: a session cookie or a token query parameter, or the
/// connection is refused with 1008.
@Dependency
func cookieOrToken(@Cookie session: String? = nil, token: String? = nil) throws -> String {
    guard let value = session ?? token else { throw WebSocketException(code: 1008) }
    return value
}

@Routes
struct SocketRoutes {
    @WebSocketRoute("/ws")
    func echo(websocket: WebSocket) async throws {
        try await websocket.accept()
        for try await text in websocket.texts() {
            try await websocket.sendText("Message text was: \(text)")
        }
        TestEvents.current.record("echo: client left")
    }

    @WebSocketRoute("/items/{item_id}/ws")
    func items(
        websocket: WebSocket, item_id: String, q: Int? = nil,
        @Depends(cookieOrTokenDependency) cookie_or_token: String
    ) async throws {
        try await websocket.accept()
        while true {
            let data = try await websocket.receiveText()
            try await websocket.sendText("Session cookie or query token value is: \(cookie_or_token)")
            if let q { try await websocket.sendText("Query parameter q is: \(q)") }
            try await websocket.sendText("Message text was: \(data), for item ID: \(item_id)")
        }
    }

    @WebSocketRoute("/json")
    func json(websocket: WebSocket, @Header x_client: String = "anonymous") async throws {
        try await websocket.accept()
        let value = try await websocket.receiveJSON()
        try await websocket.sendJSON(["got": value, "client": .string(x_client)] as JSONValue)
        let bytes = try await websocket.receiveBytes()
        try await websocket.sendBytes(bytes.reversed())
        try await websocket.close(code: 4001, reason: "done")
    }

    @WebSocketRoute("/fails")
    func fails(websocket: WebSocket) async throws {
        try await websocket.accept()
        struct Broken: Error {}
        throw Broken()
    }
}

@Suite("WebSockets")
struct WebSocketTests {
    static let app: App = {
        let app = App()
        app.include(SocketRoutes())
        return app
    }()

    @Test("echo: texts in, texts out, and the endpoint sees the client leave")
    func echo() async throws {
        let events = EventLog()
        try await TestEvents.$current.withValue(events) {
            try await Self.app.test(.live) { client in
                let close = try await client.websocket("/ws") { websocket in
                    try await websocket.sendText("hello")
                    #expect(try await websocket.receiveText() == "Message text was: hello")
                    try await websocket.sendText("again")
                    #expect(try await websocket.receiveText() == "Message text was: again")
                    try await websocket.close()
                }
                #expect(close == WebSocketClose(code: 1000))
            }
        }
        #expect(await eventually { events.all == ["echo: client left"] })
    }

    @Test("path, query and cookie parameters and a dependency, as in FastAPI's docs")
    func parameters() async throws {
        try await Self.app.test(.live) { client in
            try await client.websocket("/items/foo/ws?q=3", headers: ["Cookie": "session=fakesession"]) { websocket in
                try await websocket.sendText("Hello")
                #expect(try await websocket.receiveText() == "Session cookie or query token value is: fakesession")
                #expect(try await websocket.receiveText() == "Query parameter q is: 3")
                #expect(try await websocket.receiveText() == "Message text was: Hello, for item ID: foo")
                try await websocket.close()
            }
            try await client.websocket("/items/bar/ws?token=some-token") { websocket in
                try await websocket.sendText("Hi")
                #expect(try await websocket.receiveText() == "Session cookie or query token value is: some-token")
                #expect(try await websocket.receiveText() == "Message text was: Hi, for item ID: bar")
                try await websocket.close()
            }
        }
    }

    @Test("a dependency's WebSocketException closes with its code")
    func refusals() async throws {
        try await Self.app.test(.live) { client in
            let noToken = try await client.websocket("/items/foo/ws") { websocket in
                let message = try await websocket.receive()
                #expect(message == nil)
            }
            #expect(noToken == WebSocketClose(code: 1008))
        }
    }

    @Test("invalid parameters close with 1008 and the errors")
    func invalidParameters() async throws {
        try await Self.app.test(.live) { client in
            let badQuery = try await client.websocket("/items/foo/ws?q=x&token=t") { websocket in
                let message = try await websocket.receive()
                #expect(message == nil)
            }
            #expect(badQuery?.code == 1008)
            // FastAPI's reason is the errors as JSON; a close frame holds 123 bytes of it.
            let errors = #"[{"type":"int_parsing","loc":["query","q"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"x"}]"#
            #expect(badQuery?.reason == String(errors.prefix(123)))
        }
    }

    @Test("JSON and bytes both ways, a header parameter, and a custom close code")
    func jsonAndBytes() async throws {
        try await Self.app.test(.live) { client in
            let close = try await client.websocket("/json", headers: ["X-Client": "tests"]) { websocket in
                try await websocket.sendJSON(["a": [1, 2]] as JSONValue)
                #expect(try await websocket.receiveJSON() == ["got": ["a": [1, 2]], "client": "tests"])
                try await websocket.sendBytes([1, 2, 3])
                #expect(try await websocket.receiveBytes() == [3, 2, 1])
                let message = try await websocket.receive()
                #expect(message == nil)
            }
            #expect(close == WebSocketClose(code: 4001, reason: "done"))
        }
    }

    @Test("an endpoint that throws closes with 1011; an unknown path is not upgraded")
    func failures() async throws {
        try await Self.app.test(.live) { client in
            let close = try await client.websocket("/fails") { websocket in
                let message = try await websocket.receive()
                #expect(message == nil)
            }
            #expect(close?.code == 1011)
            await #expect(throws: (any Error).self) {
                try await client.websocket("/nowhere") { _ in }
            }
            // HTTP routes keep working beside WebSocket ones.
            let http = try await client.get("/ws")
            #expect(http.status == .notFound)
        }
    }

    @Test("in-process tests say WebSockets need a live server")
    func needsLive() async throws {
        _ = try await Self.app.test { client in
            await #expect(throws: TestClientError.self) {
                try await client.websocket("/ws") { _ in }
            }
        }
    }
}
