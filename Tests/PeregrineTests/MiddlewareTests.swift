import CompressNIO
import Foundation
import NIOCore
import Peregrine
import PeregrineTesting
import Testing

@Routes
struct MiddlewareRoutes {
    @GET("/hello")
    func hello() -> JSONValue { ["message": "hello"] }

    @GET("/large", responseClass: PlainTextResponse.self)
    func large() -> String { String(repeating: "x", count: 4000) }

    @GET("/small", responseClass: PlainTextResponse.self)
    func small() -> String { "tiny" }

    @GET("/image")
    func image() -> StreamingResponse {
        StreamingResponse(mediaType: "image/png") { write in try await write([UInt8](repeating: 1, count: 2000)) }
    }

    @GET("/stream")
    func stream() -> StreamingResponse {
        StreamingResponse(mediaType: "text/plain") { write in
            for _ in 0..<3 { try await write(String(repeating: "y", count: 1000)) }
        }
    }

    @POST("/items/")
    func create() -> JSONValue { ["created": true] }
}

func gunzip(_ buffer: ByteBuffer) throws -> String {
    var input = buffer
    let output = try input.decompress(with: .gzip())
    return String(buffer: output)
}

@Suite("CORS middleware")
struct CORSMiddlewareTests {
    static func app(_ cors: CORSMiddleware) -> App {
        let app = App()
        app.addMiddleware(cors)
        app.include(MiddlewareRoutes())
        return app
    }

    static let specific = app(
        CORSMiddleware(
            allowOrigins: ["https://example.org"], allowMethods: ["GET", "POST"], allowHeaders: ["X-Example"],
            exposeHeaders: ["X-Status"], maxAge: 60))

    @Test("an allowed preflight gets 200 with every Access-Control header")
    func allowedPreflight() async throws {
        try await Self.specific.test { client in
            let response = try await client.options(
                "/hello",
                headers: [
                    "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
                    "Access-Control-Request-Headers": "X-Example, content-type",
                ])
            #expect(response.status == .ok)
            #expect(response.text == "OK")
            #expect(response.header("access-control-allow-origin") == "https://example.org")
            #expect(response.header("access-control-allow-methods") == "GET, POST")
            #expect(
                response.header("access-control-allow-headers")
                    == "Accept, Accept-Language, Content-Language, Content-Type, X-Example")
            #expect(response.header("access-control-max-age") == "60")
            #expect(
                response.header("vary")
                    == "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network")
        }
    }

    @Test("a refused preflight gets 400 naming what failed")
    func refusedPreflight() async throws {
        try await Self.specific.test { client in
            let response = try await client.options(
                "/hello",
                headers: [
                    "Origin": "https://evil.org", "Access-Control-Request-Method": "DELETE",
                    "Access-Control-Request-Headers": "X-Nope",
                ])
            #expect(response.status == .badRequest)
            #expect(response.text == "Disallowed CORS origin, method, headers")
            #expect(response.header("access-control-allow-origin") == nil)
            let network = try await client.options(
                "/hello",
                headers: [
                    "Origin": "https://example.org", "Access-Control-Request-Method": "GET",
                    "Access-Control-Request-Private-Network": "true",
                ])
            #expect(network.text == "Disallowed CORS private-network")
        }
    }

    @Test("simple requests: the allowed origin is echoed, exposed headers listed, Vary always set")
    func simpleRequests() async throws {
        try await Self.specific.test { client in
            let allowed = try await client.get("/hello", headers: ["Origin": "https://example.org"])
            #expect(allowed.header("access-control-allow-origin") == "https://example.org")
            #expect(allowed.header("access-control-expose-headers") == "X-Status")
            #expect(allowed.header("vary") == "Origin")
            let other = try await client.get("/hello", headers: ["Origin": "https://evil.org"])
            #expect(other.status == .ok)
            #expect(other.header("access-control-allow-origin") == nil)
            #expect(other.header("vary") == "Origin")
            let none = try await client.get("/hello")
            #expect(none.header("access-control-allow-origin") == nil)
            #expect(none.header("vary") == "Origin")
            // Error responses pass through the middleware too.
            let missing = try await client.get("/nowhere", headers: ["Origin": "https://example.org"])
            #expect(missing.status == .notFound)
            #expect(missing.header("access-control-allow-origin") == "https://example.org")
        }
    }

    @Test("any origin: '*' without credentials, the origin itself with them; a regex matches whole origins")
    func wildcards() async throws {
        try await Self.app(CORSMiddleware(allowOrigins: ["*"], allowMethods: ["*"], allowHeaders: ["*"])).test { client in
            let simple = try await client.get("/hello", headers: ["Origin": "https://any.org"])
            #expect(simple.header("access-control-allow-origin") == "*")
            let preflight = try await client.options(
                "/hello",
                headers: [
                    "Origin": "https://any.org", "Access-Control-Request-Method": "PATCH",
                    "Access-Control-Request-Headers": "X-Anything",
                ])
            #expect(preflight.status == .ok)
            #expect(preflight.header("access-control-allow-origin") == "*")
            #expect(preflight.header("access-control-allow-headers") == "X-Anything")
            #expect(preflight.header("access-control-allow-methods") == "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, QUERY")
        }
        try await Self.app(CORSMiddleware(allowOrigins: ["*"], allowCredentials: true)).test { client in
            let simple = try await client.get("/hello", headers: ["Origin": "https://any.org"])
            #expect(simple.header("access-control-allow-origin") == "https://any.org")
            #expect(simple.header("access-control-allow-credentials") == "true")
        }
        try await Self.app(CORSMiddleware(allowOriginRegex: "https://.*\\.example\\.org")).test { client in
            let match = try await client.get("/hello", headers: ["Origin": "https://api.example.org"])
            #expect(match.header("access-control-allow-origin") == "https://api.example.org")
            let partial = try await client.get("/hello", headers: ["Origin": "https://api.example.org.evil.com"])
            #expect(partial.header("access-control-allow-origin") == nil)
        }
    }
}

@Suite("GZip middleware")
struct GZipMiddlewareTests {
    static let app: App = {
        let app = App()
        app.addMiddleware(GZipMiddleware(minimumSize: 500))
        app.include(MiddlewareRoutes())
        return app
    }()

    @Test("large bodies are compressed for clients that accept gzip, with Vary")
    func compresses() async throws {
        try await Self.app.test { client in
            let response = try await client.get("/large", headers: ["Accept-Encoding": "gzip, deflate"])
            #expect(response.header("content-encoding") == "gzip")
            #expect(response.header("vary") == "Accept-Encoding")
            #expect(response.body.readableBytes < 200)
            #expect(try gunzip(response.body) == String(repeating: "x", count: 4000))
            let streamed = try await client.get("/stream", headers: ["Accept-Encoding": "gzip"])
            #expect(streamed.header("content-encoding") == "gzip")
            #expect(try gunzip(streamed.body) == String(repeating: "y", count: 3000))
        }
    }

    @Test("small bodies, clients without gzip, and already-compressed types are left alone")
    func leavesAlone() async throws {
        try await Self.app.test { client in
            let small = try await client.get("/small", headers: ["Accept-Encoding": "gzip"])
            #expect(small.header("content-encoding") == nil)
            #expect(small.text == "tiny")
            let identity = try await client.get("/large")
            #expect(identity.header("content-encoding") == nil)
            #expect(identity.text.count == 4000)
            let image = try await client.get("/image", headers: ["Accept-Encoding": "gzip"])
            #expect(image.header("content-encoding") == nil)
            #expect(image.body.readableBytes == 2000)
        }
    }
}

@Suite("Host and scheme middleware")
struct HostMiddlewareTests {
    @Test("TrustedHost: listed and wildcard hosts pass, others get 400, a bare domain goes to www")
    func trustedHost() async throws {
        let app = App()
        app.addMiddleware(TrustedHostMiddleware(allowedHosts: ["testserver", "*.example.com", "www.example.org"]))
        app.include(MiddlewareRoutes())
        try await app.test { client in
            let listed = try await client.get("/hello", headers: ["Host": "testserver"])
            #expect(listed.status == .ok)
            let wildcard = try await client.get("/hello", headers: ["Host": "api.example.com:8000"])
            #expect(wildcard.status == .ok)
            let bad = try await client.get("/hello", headers: ["Host": "evil.com"])
            #expect(bad.status == .badRequest)
            #expect(bad.text == "Invalid host header")
            let bare = try await client.get("/hello?x=1", headers: ["Host": "example.org"])
            #expect(bare.status == .temporaryRedirect)
            #expect(bare.header("location") == "http://www.example.org/hello?x=1")
        }
    }

    @Test("HTTPSRedirect: plain HTTP goes to https with the same path and query, port 80 dropped")
    func httpsRedirect() async throws {
        let app = App()
        app.addMiddleware(HTTPSRedirectMiddleware(trustForwardedProto: true))
        app.include(MiddlewareRoutes())
        try await app.test { client in
            let plain = try await client.get("/hello?a=b", headers: ["Host": "example.com:80"])
            #expect(plain.status == .temporaryRedirect)
            #expect(plain.header("location") == "https://example.com/hello?a=b")
            let port = try await client.get("/hello", headers: ["Host": "example.com:8080"])
            #expect(port.header("location") == "https://example.com:8080/hello")
            let proxied = try await client.get("/hello", headers: ["Host": "example.com", "X-Forwarded-Proto": "https"])
            #expect(proxied.status == .ok)
        }
    }
}

@Suite("Middleware functions")
struct FunctionMiddlewareTests {
    @Test("app.middleware wraps every request, first added outermost, and sees error responses")
    func ordering() async throws {
        let app = App()
        let log = EventLog()
        app.middleware { request, next in
            log.record("outer in \(request.uri.path)")
            var response = try await next(request)
            response.headers[HTTPField.Name("X-Process-Time")!] = "0"
            log.record("outer out \(response.status.code)")
            return response
        }
        app.middleware { request, next in
            log.record("inner in")
            let response = try await next(request)
            log.record("inner out")
            return response
        }
        app.include(MiddlewareRoutes())
        try await app.test { client in
            let response = try await client.get("/hello")
            #expect(response.header("x-process-time") == "0")
            let missing = try await client.get("/nowhere")
            #expect(missing.status == .notFound)
            #expect(missing.header("x-process-time") == "0")
        }
        #expect(
            log.all == [
                "outer in /hello", "inner in", "inner out", "outer out 200", "outer in /nowhere", "inner in", "inner out",
                "outer out 404",
            ])
    }

    @Test("a middleware can answer by itself, and what it throws becomes FastAPI's answer")
    func shortCircuit() async throws {
        let app = App()
        app.middleware { request, next in
            if request.headers[HTTPField.Name("X-Block")!] != nil { throw HTTPException(.forbidden, detail: "blocked") }
            if request.uri.path == "/teapot" { return PlainTextResponse("short", status: .init(code: 418)).response }
            return try await next(request)
        }
        app.include(MiddlewareRoutes())
        try await app.test { client in
            let blocked = try await client.get("/hello", headers: ["X-Block": "1"])
            #expect(blocked.status == .forbidden)
            #expect(blocked.text == #"{"detail":"blocked"}"#)
            let teapot = try await client.get("/teapot")
            #expect(teapot.statusCode == 418)
            #expect(teapot.text == "short")
        }
    }
}
