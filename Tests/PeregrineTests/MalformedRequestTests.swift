import NIOCore
import Peregrine
import PeregrineTesting
import Testing

@Routes
struct LimitRoutes {
    @POST("/items/")
    func create(item: Gadget) -> Gadget { item }

    @GET("/search")
    func search(@Query tags: [String] = [], q: String? = nil) -> JSONValue {
        ["count": .int(tags.count), "q": JSONValue(q)]
    }
}

/// Malformed and abusive requests get a 4xx in FastAPI's shape, and the app keeps serving.
@Suite("Malformed requests")
struct MalformedRequestTests {
    static func makeApp() -> App {
        let app = App(maxBodySize: 64 * 1024)
        app.include(LimitRoutes())
        return app
    }

    @Test("invalid JSON is a json_invalid error at Python's position")
    func invalidJSON() async throws {
        try await Self.makeApp().test { client in
            let response = try await client.post("/items/", body: "{\"name\": \"é\", }", headers: ["content-type": "application/json"])
            #expect(response.statusCode == 422)
            #expect(try response.json() == ["detail": [[
                "type": "json_invalid", "loc": ["body", 14], "msg": "JSON decode error", "input": [:],
                "ctx": ["error": "Expecting property name enclosed in double quotes"],
            ]]])
        }
    }

    @Test("a body nested too deep is a 400; one that is not UTF-8 is the documented 422 json_invalid")
    func unreadableBodies() async throws {
        try await Self.makeApp().test { client in
            let notUTF8 = try await client.request(
                .post, "/items/", headers: ["content-type": "application/json"],
                bytes: ByteBuffer(bytes: Array(#"{"name": "é"#.utf8) + [0xFF, 0x22, 0x7D]))
            #expect(notUTF8.statusCode == 422)
            #expect(try notUTF8.json() == ["detail": [[
                "type": "json_invalid", "loc": ["body", 11], "msg": "JSON decode error", "input": [:],
                "ctx": ["error": "Invalid UTF-8"],
            ]]])
            let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
            let nested = try await client.post("/items/", body: deep, headers: ["content-type": "application/json"])
            #expect(nested.status == .badRequest)
            #expect(try nested.json() == ["detail": "There was an error parsing the body"])
            let response = try await client.request(.post, "/items/", headerList: [("content-type", "application/json")], body: nil)
            #expect(response.statusCode == 422)
        }
    }

    @Test("a body with another content type is not read as JSON")
    func wrongContentType() async throws {
        try await Self.makeApp().test { client in
            let response = try await client.post("/items/", body: #"{"name":"x","price":1}"#, headers: ["content-type": "text/plain"])
            #expect(try response.json() == ["detail": [[
                "type": "model_attributes_type", "loc": ["body"],
                "msg": "Input should be a valid dictionary or object to extract fields from", "input": #"{"name":"x","price":1}"#,
            ]]])
            let vendor = try await client.post("/items/", body: #"{"name":"x","price":1}"#, headers: ["content-type": "application/vnd.api+json; charset=utf-8"])
            #expect(vendor.status == .ok)
        }
    }

    @Test("a body over the limit is 413, whether its length is declared or not")
    func bodyTooLarge() async throws {
        try await Self.makeApp().test(.live) { client in
            let big = #"{"name": ""# + String(repeating: "x", count: 200 * 1024) + #"", "price": 1}"#
            let declared = try await client.post("/items/", body: big, headers: ["content-type": "application/json"])
            #expect(declared.statusCode == 413)
            #expect(try declared.json() == ["detail": "Content Too Large"])
            let after = try await client.post("/items/", json: ["name": "ok", "price": 1] as JSONValue)
            #expect(after.status == .ok)
        }
    }

    @Test("10,000 query keys are read, and lists of that size too")
    func manyQueryKeys() async throws {
        try await Self.makeApp().test { client in
            let keys = (0..<10_000).map { "k\($0)=\($0)" }.joined(separator: "&")
            let response = try await client.get("/search?\(keys)&q=last")
            #expect(try response.json() == ["count": 0, "q": "last"])
            let tags = Array(repeating: "tags=t", count: 10_000).joined(separator: "&")
            let list = try await client.get("/search?\(tags)")
            #expect(try list.json() == ["count": 10_000, "q": nil])
        }
    }

    @Test("a request line over the limit gets a 414, bytes that are not UTF-8 in the path a 400, and the server keeps serving")
    func unparsableRequests() async throws {
        try await Self.makeApp().test(.live) { client in
            let port = try #require(client.port)
            let keys = (0..<20_000).map { "key\($0)=\($0)" }.joined(separator: "&")
            let long = try await rawExchange(port: port, Array("GET /search?\(keys) HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            #expect(long.hasPrefix("HTTP/1.1 414 URI Too Long\r\n"))
            let binary = try await rawExchange(port: port, Array("GET /search/".utf8) + [0xFF, 0xFE] + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            #expect(binary.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
            let next = try await client.get("/search?q=still")
            #expect(try next.json() == ["count": 0, "q": "still"])
        }
    }

    @Test("percent-encoded bytes that are not UTF-8 become U+FFFD, as in FastAPI")
    func invalidPercentEncoding() async throws {
        try await Self.makeApp().test { client in
            let response = try await client.get("/search?q=%FF%FE")
            #expect(try response.json() == ["count": 0, "q": "\u{FFFD}\u{FFFD}"])
        }
    }
}
