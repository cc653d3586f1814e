import Foundation
import Peregrine
import PeregrineTesting
import Testing

@Model
struct Account {
    var username: String
    var password: String
    var email: String
    var full_name: String? = nil
}

@Model
struct PublicAccount {
    var username: String
    var email: String
    var full_name: String? = nil
}

/// A plain Codable type: Content through Codable, without the macro.
struct Note: Content {
    var title: String
    var body: String?
    var stars: Int
}

struct EncodableOnly: Encodable {
    var value: Int
    var missing: String?
}

@Routes
struct ResponseRoutes {
    @POST("/accounts/", status: .created, responseModel: PublicAccount.self)
    func create(account: Account) -> Account { account }

    @GET("/bad-response", responseModel: PublicAccount.self)
    func badResponse() -> JSONValue { ["username": "u"] }

    @GET("/head")
    func head(response: ResponseHead) -> String {
        response.status = .accepted
        response.headers[HTTPField.Name("X-Cat-Dog")!] = "alone in the world"
        response.setCookie("session", "abc")
        response.setCookie("theme", "dark", maxAge: 60, httpOnly: true)
        return "body"
    }

    @GET("/raw")
    func raw() -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv"], body: .init(byteBuffer: ByteBuffer(string: "a,b\n")))
    }

    @GET("/nothing")
    func nothing() {}

    @DELETE("/gone", status: .noContent)
    func gone() {}

    @POST("/notes")
    func note(note: Note) -> Note { note }

    @GET("/encodable")
    func encodable() -> EncodableOnly { EncodableOnly(value: 3, missing: nil) }

    @GET("/string")
    func string() -> String { "hello" }

    @GET("/request")
    func request(request: Request, context: AppRequestContext) -> JSONValue {
        ["method": .string(request.method.rawValue), "path": .string(request.uri.path), "id": .bool(!context.requestID.isEmpty)]
    }
}

/// Return values become responses: JSON with the route's status, filtered by a response model,
/// adjusted by the response head, or passed through.
@Suite("Responses")
struct ResponseTests {
    static let app: App = {
        let app = App()
        app.include(ResponseRoutes())
        return app
    }()

    @Test("a response model drops what it does not declare, and the route's status applies")
    func responseModel() async throws {
        try await Self.app.test { client in
            let response = try await client.post(
                "/accounts/", json: ["username": "u", "password": "secret", "email": "u@example.com"] as JSONValue)
            #expect(response.status == .created)
            #expect(try response.json() == ["username": "u", "email": "u@example.com", "full_name": nil])
        }
    }

    @Test("a return value that does not fit the response model is a server error")
    func invalidResponse() async throws {
        try await Self.app.test { client in
            let response = try await client.get("/bad-response")
            #expect(response.status == .internalServerError)
            #expect(response.text == "Internal Server Error")
        }
    }

    @Test("the response head sets status, headers and cookies")
    func responseHead() async throws {
        try await Self.app.test { client in
            let response = try await client.get("/head")
            #expect(response.status == .accepted)
            #expect(try response.json() == "body")
            #expect(response.header("x-cat-dog") == "alone in the world")
            #expect(response.headers[values: .setCookie] == [
                "session=abc; Path=/; SameSite=lax", "theme=dark; HttpOnly; Max-Age=60; Path=/; SameSite=lax",
            ])
            #expect(response.cookies == ["session": "abc", "theme": "dark"])
        }
    }

    @Test("a Hummingbird Response passes through untouched")
    func passthrough() async throws {
        try await Self.app.test { client in
            let response = try await client.get("/raw")
            #expect(response.text == "a,b\n")
            #expect(response.header("content-type") == "text/csv")
        }
    }

    @Test("no return value is null; a 204 has no body")
    func voidEndpoints() async throws {
        try await Self.app.test { client in
            let nothing = try await client.get("/nothing")
            #expect(nothing.text == "null")
            let gone = try await client.delete("/gone")
            #expect(gone.status == .noContent)
            #expect(gone.body.readableBytes == 0)
        }
    }

    @Test("plain Codable content, Encodable values and strings are JSON")
    func codable() async throws {
        try await Self.app.test { client in
            let note = try await client.post("/notes", json: ["title": "t", "stars": "4"] as JSONValue)
            #expect(try note.json() == ["title": "t", "body": nil, "stars": 4])
            let invalid = try await client.post("/notes", json: ["title": 1, "stars": 2] as JSONValue)
            #expect(try invalid.json() == ["detail": [
                ["type": "string_type", "loc": ["body", "title"], "msg": "Input should be a valid string", "input": 1],
            ]])
            let encodable = try await client.get("/encodable")
            #expect(try encodable.json() == ["value": 3, "missing": nil])
            let string = try await client.get("/string")
            #expect(string.text == "\"hello\"")
            #expect(string.header("content-type") == "application/json")
        }
    }

    @Test("the request and its context can be injected")
    func injection() async throws {
        try await Self.app.test { client in
            let response = try await client.get("/request?x=1")
            #expect(try response.json() == ["method": "GET", "path": "/request", "id": true])
        }
    }

    @Test("models are Codable through their validation")
    func modelCodable() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(PublicAccount(username: "u", email: "e"))
        #expect(String(decoding: data, as: UTF8.self) == #"{"email":"e","full_name":null,"username":"u"}"#)
        let decoded = try JSONDecoder().decode(PublicAccount.self, from: Data(#"{"username":"u","email":"e"}"#.utf8))
        #expect(decoded.username == "u" && decoded.full_name == nil)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PublicAccount.self, from: Data(#"{"username":1}"#.utf8)) }
    }
}
