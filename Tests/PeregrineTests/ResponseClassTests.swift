import Foundation
import NIOCore
import Peregrine
import PeregrineTesting
import Testing

enum Flavour: String, Codable, Sendable { case vanilla }

/// A plain `Encodable` value, not a `@Model`.
struct Flavours: Encodable, Sendable {
    var favourite: Flavour
}

struct Order: Encodable {
    var id: UUID
    var placed: Date
    var delivery: DateComponents
    var total: Decimal
    var flavour: Flavour
    var notes: [String: Decimal?]
    var link: URL
}

@Routes
struct ResponseClassRoutes {
    @GET("/page", responseClass: HTMLResponse.self)
    func page() -> String { "<h1>Hi</h1>" }

    @GET("/text", status: .accepted, responseClass: PlainTextResponse.self)
    func text() -> String { "plain" }

    @GET("/text-json", responseClass: PlainTextResponse.self)
    func textOfJSON() -> JSONValue { ["a": 1] }

    @GET("/default")
    func defaultClass() -> String { "hello" }

    @GET("/html-order", responseClass: HTMLResponse.self)
    func htmlOrder() -> Flavours { Flavours(favourite: .vanilla) }

    @GET("/html-nothing", responseClass: HTMLResponse.self)
    func htmlNothing() {}

    @GET("/vendor-json")
    func vendorJSON() -> JSONResponse {
        JSONResponse(content: ["a": 1] as JSONValue, headers: [.contentType: "application/vnd.api+json"])
    }

    @GET("/html-response")
    func htmlResponse() -> HTMLResponse {
        HTMLResponse("<p>made</p>", status: .created, headers: [.init("X-Made")!: "yes"])
    }

    @GET("/go")
    func go() -> RedirectResponse { RedirectResponse("/search?q=a b&lang=ü") }

    @GET("/moved")
    func moved() -> RedirectResponse { RedirectResponse("https://example.com/new", status: .movedPermanently) }

    @GET("/events")
    func events(tasks: BackgroundTasks) -> StreamingResponse {
        let events = TestEvents.current
        tasks.add { events.record("task") }
        return StreamingResponse(mediaType: "text/event-stream") { write in
            for index in 1...3 {
                events.record("chunk \(index)")
                try await write("data: \(index)\n\n")
            }
        }
    }

    @GET("/bytes")
    func bytes() -> StreamingResponse {
        StreamingResponse(Pieces(count: 4), mediaType: "application/octet-stream")
    }

    @GET("/endless")
    func endless() -> StreamingResponse {
        let events = TestEvents.current
        return StreamingResponse(mediaType: "text/plain") { write in
            defer { events.record("producer stopped") }
            while true { try await write(String(repeating: "x", count: 1024)) }
        }
    }

    @GET("/failing-stream")
    func failingStream() -> StreamingResponse {
        StreamingResponse(mediaType: "text/plain") { write in
            try await write("partial")
            throw HTTPException(.internalServerError)
        }
    }
}

/// Bytes produced one piece at a time.
struct Pieces: AsyncSequence, Sendable {
    let count: Int
    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: Int
        mutating func next() async -> [UInt8]? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            return [UInt8(65 + remaining)]
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: count) }
}

@Suite("Response classes")
struct ResponseClassTests {
    static let app: App = {
        let app = App()
        app.include(ResponseClassRoutes())
        return app
    }()

    @Test("HTML and plain-text classes send strings as they are, with Starlette's content types")
    func textClasses() async throws {
        try await Self.app.test { client in
            let page = try await client.get("/page")
            #expect(page.status == .ok)
            #expect(page.text == "<h1>Hi</h1>")
            #expect(page.header("content-type") == "text/html; charset=utf-8")
            #expect(page.header("content-length") == "11")

            let text = try await client.get("/text")
            #expect(text.status == .accepted)
            #expect(text.text == "plain")
            #expect(text.header("content-type") == "text/plain; charset=utf-8")

            let json = try await client.get("/text-json")
            #expect(json.text == #"{"a":1}"#)
            #expect(json.header("content-type") == "text/plain; charset=utf-8")

            let made = try await client.get("/html-response")
            #expect(made.status == .created)
            #expect(made.text == "<p>made</p>")
            #expect(made.header("x-made") == "yes")
        }
    }

    @Test("without a class a string is JSON; an app-wide default class changes that")
    func defaultClass() async throws {
        try await Self.app.test { client in
            let response = try await client.get("/default")
            #expect(response.text == #""hello""#)
            #expect(response.header("content-type") == "application/json")
        }
        let htmlApp = App(defaultResponseClass: HTMLResponse.self)
        htmlApp.include(ResponseClassRoutes())
        try await htmlApp.test { client in
            let response = try await client.get("/default")
            #expect(response.text == "hello")
            #expect(response.header("content-type") == "text/html; charset=utf-8")
            let own = try await client.get("/text")
            #expect(own.header("content-type") == "text/plain; charset=utf-8")
        }
    }

    @Test("the response class renders every kind of value: an Encodable one as its JSON text, nothing as an empty body")
    func classForEveryValue() async throws {
        try await Self.app.test { client in
            let order = try await client.get("/html-order")
            #expect(order.text == #"{"favourite":"vanilla"}"#)
            #expect(order.headers[values: .contentType] == ["text/html; charset=utf-8"])

            // FastAPI renders None with HTMLResponse as no bytes.
            let nothing = try await client.get("/html-nothing")
            #expect(nothing.status == .ok)
            #expect(nothing.text == "")
            #expect(nothing.header("content-length") == "0")
            #expect(nothing.headers[values: .contentType] == ["text/html; charset=utf-8"])
        }
        let htmlApp = App(defaultResponseClass: HTMLResponse.self)
        htmlApp.add(Route(.get, "/flavours") { Flavours(favourite: .vanilla) })
        try await htmlApp.test { client in
            let order = try await client.get("/flavours")
            #expect(order.text == #"{"favourite":"vanilla"}"#)
            #expect(order.headers[values: .contentType] == ["text/html; charset=utf-8"])
        }
    }

    @Test("a Content-Type given to a JSONResponse replaces the default one instead of adding a second")
    func jsonResponseContentType() async throws {
        try await Self.app.test { client in
            let response = try await client.get("/vendor-json")
            #expect(response.headers[values: .contentType] == ["application/vnd.api+json"])
            #expect(response.text == #"{"a":1}"#)
        }
    }

    @Test("redirects are 307 by default, with the location quoted as Starlette quotes it")
    func redirects() async throws {
        try await Self.app.test { client in
            let response = try await client.get("/go")
            #expect(response.status == .temporaryRedirect)
            #expect(response.header("location") == "/search?q=a%20b&lang=%C3%BC")
            #expect(response.header("content-length") == "0")
            #expect(response.text == "")
            let moved = try await client.get("/moved")
            #expect(moved.status == .movedPermanently)
            #expect(moved.header("location") == "https://example.com/new")
        }
    }

    @Test("a streaming response sends its pieces in order, and background tasks run after the last")
    func streaming() async throws {
        let events = EventLog()
        try await TestEvents.$current.withValue(events) {
            try await Self.app.test(.live) { client in
                let response = try await client.get("/events")
                #expect(response.text == "data: 1\n\ndata: 2\n\ndata: 3\n\n")
                #expect(response.header("content-type") == "text/event-stream; charset=utf-8")
                #expect(response.header("transfer-encoding") == "chunked")
            }
        }
        #expect(events.all == ["chunk 1", "chunk 2", "chunk 3", "task"])
    }

    @Test("a stream can be any async sequence of byte arrays")
    func byteStream() async throws {
        try await Self.app.test { client in
            let response = try await client.get("/bytes")
            #expect(response.text == "DCBA")
            #expect(response.header("content-type") == "application/octet-stream")
        }
    }

    @Test("an endless stream stops producing once the client has gone")
    func clientGone() async throws {
        let events = EventLog()
        try await TestEvents.$current.withValue(events) {
            try await Self.app.test(.live) { client in
                try await KeepAliveConnection.withConnection(port: client.port!) { connection in
                    try await connection.send(Array("GET /endless HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
                    _ = try await connection.readSome()
                }
                #expect(await eventually { events.all == ["producer stopped"] })
            }
        }
    }

    @Test("a stream that fails midway ends the connection instead of pretending to be complete")
    func failingStream() async throws {
        try await Self.app.test(.live) { client in
            let request = "GET /failing-stream HTTP/1.1\r\nHost: x\r\n\r\n"
            let answer = try await rawExchange(port: client.port!, Array(request.utf8))
            #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(answer.contains("partial"))
            // No terminating zero-length chunk: the client can tell the body is incomplete.
            #expect(!answer.hasSuffix("0\r\n\r\n"))
        }
    }
}

@Suite("jsonableEncoder")
struct JSONableEncoderTests {
    @Test("dates, UUIDs, decimals, enums, URLs and nested collections become pydantic's JSON")
    func encodesLikeFastAPI() {
        let order = Order(
            id: UUID(uuidString: "12345678-1234-5678-1234-567812345678")!,
            placed: Date(timeIntervalSince1970: 1_704_164_645),
            delivery: DateComponents(year: 2024, month: 1, day: 9),
            total: Decimal(string: "12.50")!,
            flavour: .vanilla,
            notes: ["tip": Decimal(2), "discount": nil],
            link: URL(string: "https://example.com/o/1")!)
        let encoded = jsonableEncoder(order)
        #expect(encoded["id"] == "12345678-1234-5678-1234-567812345678")
        #expect(encoded["placed"] == "2024-01-02T03:04:05+00:00")
        #expect(encoded["delivery"] == "2024-01-09")
        #expect(encoded["total"] == .double(12.5))
        #expect(encoded["flavour"] == "vanilla")
        #expect(encoded["notes"]?["tip"] == .int(2))
        #expect(encoded["notes"]?["discount"] == .null)
        #expect(encoded["link"] == "https://example.com/o/1")
    }

    @Test("a literal keeps its key order; naive date-times keep microseconds")
    func literal() {
        var moment = DateComponents(year: 2024, month: 1, day: 2, hour: 3, minute: 4, second: 5)
        moment.nanosecond = 123_456_000
        let encoded = jsonableEncoder(["b": 1, "a": [Decimal(string: "3")!], "when": moment])
        var writer = JSONWriter()
        encoded.writeJSON(to: &writer)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"b":1,"a":[3],"when":"2024-01-02T03:04:05.123456"}"#)
    }
}
