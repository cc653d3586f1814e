/// Plain Hummingbird routes inside a Peregrine app, for what Peregrine routes do not cover.
///
/// It has the methods of Hummingbird's `Router` (`get`, `post`, `on`, `add(middleware:)`, …);
/// the routes it collects are placed in the app's ``Dispatcher`` beside the Peregrine ones, so
/// they pass through the app's middleware and error handling like any other route.
public final class HummingbirdRoutes: RouterMethods {
    public typealias Context = AppRequestContext

    /// Hummingbird's own middleware grouping; a `Router` is the public way to make one.
    private let middlewares = Router(context: AppRequestContext.self).middlewares
    private(set) var responders: [Dispatcher.PlainResponder] = []

    init() {}

    @discardableResult public func on<Responder: HTTPResponder>(
        _ path: RouterPath, method: HTTPRequest.Method, responder: Responder
    ) -> Self where Responder.Context == AppRequestContext {
        responders.append(
            Dispatcher.PlainResponder(path: path, method: method, responder: middlewares.constructResponder(finalResponder: responder)))
        return self
    }

    /// Adds middleware to the routes added after it.
    @discardableResult public func add(middleware: any MiddlewareProtocol<Request, Response, AppRequestContext>) -> Self {
        middlewares.add(middleware)
        return self
    }
}
