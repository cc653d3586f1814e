import Peregrine
import PeregrineTesting
import Testing

@Routes
struct EchoRoutes {
    @POST("/echo/{name}")
    func echo(name: String, @Header x_trace: String? = nil, @Cookie session: String? = nil, payload: JSONValue) -> JSONValue {
        ["name": .string(name), "trace": JSONValue(x_trace), "session": JSONValue(session), "payload": payload]
    }
}

/// The TestClient is as convenient as FastAPI's: methods, JSON, headers, cookies, decoding; in
/// process or over a real connection.
@Suite("TestClient")
struct TestClientTests {
    static let app: App = {
        let app = App()
        app.include(EchoRoutes())
        return app
    }()

    @Test("JSON bodies, headers and cookies are sent; answers are decoded", arguments: [TestMode.inProcess, .live])
    func roundTrip(_ mode: TestMode) async throws {
        try await Self.app.test(mode) { client in
            let response = try await client.post(
                "/echo/ann", json: ["n": [1, 2]] as JSONValue, headers: ["X-Trace": "t-1"], cookies: ["session": "s", "other": "o"])
            #expect(response.statusCode == 200)
            #expect(response.header("Content-Type") == "application/json")
            #expect(try response.json() == ["name": "ann", "trace": "t-1", "session": "s", "payload": ["n": [1, 2]]])
            #expect(try response.decode([String: JSONValue].self)["name"] == "ann")
            #expect(throws: TestClientError.self) { try response.decode(Int.self) }
        }
    }

    @Test("a body that is not JSON is reported as such")
    func notJSON() async throws {
        let app = App()
        app.hummingbirdRoutes { router in router.get("/text") { _, _ in "plain" } }
        try await app.test { client in
            let response = try await client.get("/text")
            #expect(response.text == "plain")
            #expect(throws: TestClientError.self) { try response.json() }
        }
    }
}
