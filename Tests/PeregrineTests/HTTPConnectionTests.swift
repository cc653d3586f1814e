import Foundation
import Peregrine
import PeregrineTesting
import Testing

@Routes
struct ConnectionRoutes {
    @POST("/inspect/{item_id}")
    func inspect(item_id: String, connection: HTTPConnection) async throws -> JSONValue {
        let body = try await connection.body()
        let again = try await connection.body()
        return [
            "method": .string(connection.method.rawValue), "url": .string(connection.url),
            "path": JSONValue(connection.pathParameters), "q": JSONValue(connection.query.values(for: "q")),
            "cookie": JSONValue(connection.cookies["session"]), "agent": JSONValue(connection.headers[.userAgent]),
            "body": .string(String(buffer: body)), "same": .bool(body == again),
            "client": JSONValue(connection.client?.host),
        ]
    }

    @POST("/json")
    func json(connection: HTTPConnection) async throws -> JSONValue {
        let value = try await connection.json()
        return ["received": value, "twice": .bool(try await connection.json() == value)]
    }

    @POST("/form")
    func form(connection: HTTPConnection) async throws -> JSONValue {
        let form = try await connection.form()
        return JSONValue(form.textValues(for: "name"))
    }

    @POST("/declared")
    func declared(item: JSONValue, connection: HTTPConnection) async throws -> JSONValue {
        ["item": item, "raw": .string(String(buffer: try await connection.body()))]
    }

    @POST("/upload-then-body")
    func uploadThenBody(file: UploadFile, connection: HTTPConnection) async throws -> JSONValue {
        let form = try await connection.form()
        do {
            _ = try await connection.body()
            return ["body": "read"]
        } catch {
            return ["files": .int(form.fields.count), "error": .string("\(error)")]
        }
    }
}

@Suite("The request object")
struct HTTPConnectionTests {
    static let app: App = {
        let app = App()
        app.include(ConnectionRoutes())
        return app
    }()

    @Test("method, URL, path parameters, query, cookies, headers, client and body")
    func everything() async throws {
        try await Self.app.test(.live) { client in
            let response = try await client.request(
                .post, "/inspect/a%20b?q=1&q=2", headers: ["User-Agent": "tests", "Host": "example.com"],
                cookies: ["session": "abc"], body: "raw text")
            #expect(
                try response.json()
                    == [
                        "method": "POST", "url": "http://example.com/inspect/a%20b?q=1&q=2", "path": ["item_id": "a b"],
                        "q": ["1", "2"], "cookie": "abc", "agent": "tests", "body": "raw text", "same": true,
                        "client": "127.0.0.1",
                    ])
        }
    }

    @Test("json() parses any body once and reports invalid JSON as FastAPI does")
    func json() async throws {
        try await Self.app.test { client in
            let ok = try await client.post("/json", body: #"{"a":[1,2]}"#)
            #expect(try ok.json() == ["received": ["a": [1, 2]], "twice": true])
            let bad = try await client.post("/json", body: "{nope")
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.json()["detail"]?[0]?["type"] == "json_invalid")
        }
    }

    @Test("form() parses url-encoded and multipart bodies; a body already read is handed over")
    func form() async throws {
        try await Self.app.test { client in
            let encoded = try await client.post("/form", form: [("name", "a"), ("name", "b")])
            #expect(try encoded.json() == ["a", "b"])
            let multipart = try await client.post("/form", form: [("name", "c")], files: [FormFile(name: "f", filename: "f", text: "x")])
            #expect(try multipart.json() == ["c"])
            let declared = try await client.post("/declared", json: ["x": 1] as JSONValue)
            #expect(try declared.json() == ["item": ["x": 1], "raw": #"{"x":1}"#])
            let streamed = try await client.post("/upload-then-body", form: [], files: [FormFile(name: "file", filename: "f", text: "x")])
            #expect(
                try streamed.json()
                    == ["files": 1, "error": "the multipart body was consumed while it was parsed; use form()"])
        }
    }
}
