/// The app's exception handlers: FastAPI's `@app.exception_handler(SomeError)`.
///
/// A handler is chosen by the thrown error's type; handlers for ``HTTPException`` and
/// ``RequestValidationError`` replace FastAPI's defaults for those.
struct ExceptionHandlers: Sendable {
    typealias Handler = @Sendable (any Error, Request, AppRequestContext) async throws -> Response?

    private(set) var handlers: [Handler] = []

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
        for handler in handlers.reversed() {
            if let response = try await handler(error, request, context) { return response }
        }
        return nil
    }
}
