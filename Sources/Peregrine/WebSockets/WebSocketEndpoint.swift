import HummingbirdWebSocket
import Logging
import NIOWebSocket

/// A WebSocket endpoint: a path template, the extractors of its parameters (path, query, header,
/// cookie, dependencies, and the ``WebSocket`` itself), and the function that runs the
/// conversation. FastAPI's `@app.websocket(path)`.
///
/// `@WebSocketRoute` builds these from methods of a `@Routes` type; they can also be built at run
/// time, like ``Route``:
///
/// ```swift
/// app.add(WebSocketEndpoint("/echo", Injected<WebSocket>()) { websocket in
///     for try await text in websocket.texts() { try await websocket.sendText(text) }
/// })
/// ```
///
/// Parameters are validated once the connection is open; when they do not validate, the
/// connection closes with 1008 (policy violation) and the errors as JSON in the reason, as
/// FastAPI closes it. A ``WebSocketException`` closes with its code; any other error closes with
/// 1011 and is logged.
///
/// Upgrade requests go to a router of their own, so the app's HTTP middleware (CORS, trusted
/// hosts, middleware functions) does not see them; check what must be checked in a dependency.
public struct WebSocketEndpoint: Sendable {
    typealias Handler = @Sendable (inout RequestInput) async throws -> Void

    public var path: PathTemplate
    public var operation: OperationInfo
    /// The request parameters, those of dependencies included.
    public let parameters: [ParameterDescriptor]
    /// Dependencies run first, for their effect.
    public var dependencies: [any RouteDependency]
    let handler: Handler

    public init<each Extractor: RequestExtractor>(
        _ path: String, operation: OperationInfo? = nil, dependencies: [any RouteDependency] = [],
        _ extractors: repeat each Extractor,
        handler: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Void
    ) {
        do {
            self.path = try PathTemplate(path)
        } catch {
            preconditionFailure("\(error)")
        }
        self.operation = operation ?? OperationInfo(name: Route.defaultName(.get, path) + "_websocket")
        self.dependencies = dependencies
        let list = ExtractorList(repeat each extractors)
        self.parameters = list.parameters
        self.handler = { input in
            guard try await list.call(handler, from: &input, requiring: .validRequest) != nil else {
                throw RequestValidationError(input.validation.issues)
            }
        }
    }
}
