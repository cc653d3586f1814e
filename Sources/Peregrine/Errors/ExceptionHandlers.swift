/// The app's exception handlers: FastAPI's `@app.exception_handler(SomeError)` and
/// `@app.exception_handler(404)`.
///
/// An ``HTTPException`` goes to the handler registered for its status, if there is one, as
/// Starlette looks status handlers up first; any other error, or an `HTTPException` without one,
/// goes to a handler chosen by the thrown error's type. Handlers for ``HTTPException`` and
/// ``RequestValidationError`` replace FastAPI's defaults for those.
struct ExceptionHandlers: Sendable {
    typealias Handler = @Sendable (any Error, Request, AppRequestContext) async throws -> Response?
    typealias StatusHandler = @Sendable (HTTPException, Request, AppRequestContext) async throws -> Response

    private(set) var handlers: [Handler] = []
    private(set) var statusHandlers: [Int: StatusHandler] = [:]

    mutating func add<R: ResponseGenerator>(
        status: Int, _ handler: @escaping @Sendable (Request, HTTPException) async throws -> R
    ) {
        statusHandlers[status] = { error, request, context in
            try await handler(request, error).response(from: request, context: context)
        }
    }

    mutating func add<E: Error, R: ResponseGenerator>(
        _ type: E.Type, _ handler: @escaping @Sendable (Request, E) async throws -> R
    ) {
        handlers.append { error, request, context in
            guard let error = error as? E else { return nil }
            return try await handler(request, error).response(from: request, context: context)
        }
    }

    /// The response of the most recently registered handler that accepts `error`, if any.
    func response(for error: any Error, request: Request, context: AppRequestContext) async throws -> Response? {
        if let error = error as? HTTPException, let handler = statusHandlers[Int(error.status.code)] {
            return try await handler(error, request, context)
        }
        for handler in handlers.reversed() {
            if let response = try await handler(error, request, context) { return response }
        }
        return nil
    }
}
