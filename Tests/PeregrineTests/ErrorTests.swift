import Logging
import Peregrine
import PeregrineTesting
import Testing

struct TeapotError: Error {
    let name: String
}

struct SecretFailure: Error, CustomStringConvertible {
    var description: String { "database password is hunter2" }
}

@Routes
struct ErrorRoutes {
    @GET("/http/{code}")
    func http(code: Int) throws -> String {
        switch code {
        case 404: throw HTTPException(404, detail: "Item not found", headers: ["X-Error": "There goes my error"])
        case 400: throw HTTPException(400)
        case 409: throw HTTPException(409, detail: ["code": 7, "reasons": ["a", "b"]] as JSONValue)
        case 204: throw HTTPException(204)
        default: return "fine"
        }
    }

    @GET("/teapot/{name}")
    func teapot(name: String) throws -> String {
        throw TeapotError(name: name)
    }

    @GET("/crash")
    func crash() throws -> String {
        throw SecretFailure()
    }

    @GET("/hummingbird-error")
    func hummingbirdError() throws -> String {
        throw HTTPError(.forbidden, message: "no entry")
    }

    @GET("/validated")
    func validated(count: Int) -> Int { count }
}

/// Errors become FastAPI's answers; unexpected ones are logged and answered without details.
@Suite("Errors")
struct ErrorTests {
    @Test("HTTPException: status, detail, headers; the reason phrase when there is no detail")
    func httpException() async throws {
        let app = App()
        app.include(ErrorRoutes())
        try await app.test { client in
            let notFound = try await client.get("/http/404")
            #expect(notFound.status == .notFound)
            #expect(try notFound.json() == ["detail": "Item not found"])
            #expect(notFound.header("x-error") == "There goes my error")
            let bare = try await client.get("/http/400")
            #expect(try bare.json() == ["detail": "Bad Request"])
            let structured = try await client.get("/http/409")
            #expect(try structured.json() == ["detail": ["code": 7, "reasons": ["a", "b"]]])
            let empty = try await client.get("/http/204")
            #expect(empty.status == .noContent)
            #expect(empty.body.readableBytes == 0)
        }
    }

    @Test("a handler registered for an error type answers it")
    func customHandler() async throws {
        let app = App()
        app.include(ErrorRoutes())
        app.exceptionHandler(TeapotError.self) { request, error in
            JSONResponse(status: 418, content: ["message": "Oops! \(error.name) did something.", "path": "\(request.uri.path)"] as JSONValue)
        }
        try await app.test { client in
            let response = try await client.get("/teapot/yolo")
            #expect(response.statusCode == 418)
            #expect(try response.json() == ["message": "Oops! yolo did something.", "path": "/teapot/yolo"])
        }
    }

    @Test("a handler keyed by status answers HTTPExceptions of that status, the router's 404 and 405 too, before a type handler")
    func statusHandlers() async throws {
        let app = App()
        app.include(ErrorRoutes())
        app.exceptionHandler(HTTPException.self) { _, error in
            JSONResponse(status: error.status, content: ["by type": error.detail] as JSONValue)
        }
        app.exceptionHandler(status: 404) { request, error in
            JSONResponse(status: 404, content: ["missing": .string(request.uri.path), "detail": error.detail] as JSONValue)
        }
        app.exceptionHandler(status: 405) { _, error in
            JSONResponse(status: 405, content: ["allow": JSONValue(error.headers[.allow])] as JSONValue, headers: error.headers)
        }
        try await app.test { client in
            let raised = try await client.get("/http/404")
            #expect(try raised.json() == ["missing": "/http/404", "detail": "Item not found"])
            let unrouted = try await client.get("/nope")
            #expect(try unrouted.json() == ["missing": "/nope", "detail": "Not Found"])
            let wrongMethod = try await client.request(.delete, "/http/404")
            #expect(wrongMethod.statusCode == 405)
            #expect(try wrongMethod.json() == ["allow": "GET"])
            #expect(wrongMethod.header("allow") == "GET")
            let other = try await client.get("/http/409")
            #expect(try other.json() == ["by type": ["code": 7, "reasons": ["a", "b"]]])
        }
    }

    @Test("handlers can replace the defaults for HTTPException and validation errors")
    func overriddenDefaults() async throws {
        let app = App()
        app.include(ErrorRoutes())
        app.exceptionHandler(HTTPException.self) { _, error in
            JSONResponse(status: error.status, content: ["error": error.detail] as JSONValue)
        }
        app.exceptionHandler(RequestValidationError.self) { _, error in
            JSONResponse(status: 400, content: ["problems": .int(error.issues.count)] as JSONValue)
        }
        try await app.test { client in
            let http = try await client.get("/http/404")
            #expect(try http.json() == ["error": "Item not found"])
            let invalid = try await client.get("/validated?count=x")
            #expect(invalid.statusCode == 400)
            #expect(try invalid.json() == ["problems": 1])
            let unknown = try await client.get("/nope")
            #expect(try unknown.json() == ["error": "Not Found"])
        }
    }

    @Test("an unexpected error is a generic 500, logged with the request id and the route")
    func unexpectedError() async throws {
        let capture = LogCapture()
        let app = App(logger: capture.logger())
        app.include(ErrorRoutes())
        try await app.test { client in
            let response = try await client.get("/crash")
            #expect(response.status == .internalServerError)
            #expect(response.text == "Internal Server Error")
            #expect(response.header("content-type") == "text/plain; charset=utf-8")
            #expect(!response.text.contains("hunter2"))
            let next = try await client.get("/http/200")
            #expect(try next.json() == "fine")
        }
        let errors = capture.all.filter { $0.level == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.message == "Unhandled error in endpoint")
        #expect(errors.first?.metadata["error"] == "database password is hunter2")
        #expect(errors.first?.metadata["http.route"] == "/crash")
        #expect(errors.first?.metadata["http.method"] == "GET")
        #expect(errors.first?.metadata["hb.request.id"]?.isEmpty == false)
    }

    @Test("Hummingbird's HTTPError gets FastAPI's shape")
    func hummingbirdHTTPError() async throws {
        let app = App()
        app.include(ErrorRoutes())
        try await app.test { client in
            let response = try await client.get("/hummingbird-error")
            #expect(response.status == .forbidden)
            #expect(try response.json() == ["detail": "no entry"])
        }
    }
}
