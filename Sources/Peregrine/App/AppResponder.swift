/// The responder that serves a Peregrine app: its middleware and error handling around its
/// ``Dispatcher``, built once when the app starts.
public struct AppResponder: HTTPResponder {
    public typealias Context = AppRequestContext

    let dispatcher: Dispatcher
    let errors: ExceptionMiddleware
    /// The app's middleware between two layers of error handling, around the dispatcher; nil
    /// when the app has no middleware.
    let chain: (any HTTPResponder<AppRequestContext>)?

    public func respond(to request: Request, context: AppRequestContext) async throws -> Response {
        // A mounted app answers inside its parent's request, and shares its state.
        if RequestState.current != nil { return try await respondInState(to: request, context: context) }
        return try await RequestState.$current.withValue(RequestState()) {
            try await respondInState(to: request, context: context)
        }
    }

    private func respondInState(to request: Request, context: AppRequestContext) async throws -> Response {
        if let chain { return try await chain.respond(to: request, context: context) }
        // Without middleware, errors are handled here rather than by a one-link middleware chain,
        // which would cost each request a few asynchronous calls.
        do {
            return try await dispatcher.respond(to: request, context: context)
        } catch {
            return try await errors.respond(to: error, request: request, context: context)
        }
    }
}
