/// The responder that serves a Peregrine app: its middleware and error handling around its
/// ``Dispatcher``, built once when the app starts.
public struct AppResponder: HTTPResponder {
    public typealias Context = AppRequestContext

    let chain: any HTTPResponder<AppRequestContext>

    public func respond(to request: Request, context: AppRequestContext) async throws -> Response {
        try await chain.respond(to: request, context: context)
    }
}
