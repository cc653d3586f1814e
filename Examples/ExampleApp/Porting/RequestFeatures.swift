import Peregrine

// `porting_app.py`, "optional authentication", "request state" and "an exception handler keyed
// by status code".

@Routes
struct RequestFeatures {
    static let optionalBearer = HTTPBearer()

    @GET("/whoami/")
    func whoami(@Depends(Self.optionalBearer.optionalDependency) credentials: HTTPAuthorizationCredentials?) -> JSONValue {
        guard let credentials else { return ["user": nil] }
        return ["user": .string(credentials.credentials), "scheme": .string(credentials.scheme)]
    }

    /// Reads what the `stamp` middleware set.
    @GET("/stamp/")
    func readStamp(request: Request) -> JSONValue {
        ["stamp": JSONValue(request.state.stamp as? String)]
    }

    @GET("/brew/{drink}")
    func brew(drink: String) throws -> JSONValue {
        if drink == "coffee" { throw HTTPException(418, detail: "I refuse to brew coffee") }
        return ["drink": .string(drink)]
    }

    static func install(on app: App) {
        app.middleware { request, next in
            request.state.stamp = request.headers[HTTPField.Name("x-stamp")!] ?? "none"
            return try await next(request)
        }
        app.exceptionHandler(status: 418) { _, error in
            JSONResponse(status: 418, content: ["teapot": true, "detail": error.detail] as JSONValue)
        }
    }
}
