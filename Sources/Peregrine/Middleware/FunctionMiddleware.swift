/// The rest of the middleware chain and the route, as a middleware function calls it.
public struct MiddlewareNext {
    let call: (Request) async throws -> Response

    /// Passes `request` on and returns the response the rest of the chain produced.
    public func callAsFunction(_ request: Request) async throws -> Response {
        try await call(request)
    }
}

/// A middleware written as a plain async function of the request and the rest of the chain:
/// FastAPI's `@app.middleware("http")`. Added with ``App/middleware(_:)``.
struct FunctionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let body: @Sendable (Request, MiddlewareNext) async throws -> Response

    func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        try await withoutActuallyEscaping(next) { next in
            try await body(request, MiddlewareNext { try await next($0, context) })
        }
    }
}
