/// The responder that serves a Peregrine app: its middleware and error handling around its
/// ``Dispatcher``, built once when the app starts.
public struct AppResponder: HTTPResponder {
    public typealias Context = AppRequestContext

    let chain: any HTTPResponder<AppRequestContext>

    public func respond(to request: Request, context: AppRequestContext) async throws -> Response {
        // A mounted app answers inside its parent's request, and shares its state.
        if RequestState.current != nil { return try await chain.respond(to: request, context: context) }
        return try await RequestState.$current.withValue(RequestState()) {
            try await chain.respond(to: request, context: context)
        }
    }
}
