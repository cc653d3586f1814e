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
    public typealias Handler = @Sendable (inout RequestInput) async throws -> Void

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
        self.parameters = Route.descriptors(repeat each extractors)
        let hasDependencies = containsDependency(repeat each extractors)
        self.handler = { input in
            let values = try await extractInOrder(repeat each extractors, hasDependencies: hasDependencies, from: &input)
            guard input.validation.isValid else { throw RequestValidationError(input.validation.issues) }
            try await handler(repeat try unwrapExtracted(each values))
        }
    }
}

/// The Hummingbird request context of WebSocket upgrades: Peregrine's context, plus the slot
/// Hummingbird keeps the connection's handler in. A separate type, so that plain HTTP requests
/// do not pay for that slot.
struct WebSocketUpgradeContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<WebSocketUpgradeContext>
    let app: AppRequestContext

    init(source: ApplicationRequestContextSource) {
        app = AppRequestContext(source: source)
        coreContext = app.coreContext
        webSocket = .init()
    }
}

/// Runs WebSocket endpoints on upgraded connections.
enum WebSocketRunner {
    /// The router that decides upgrades: a path matching an endpoint's template upgrades.
    static func makeRouter(endpoints: [WebSocketEndpoint], table: RouteTable) -> Router<WebSocketUpgradeContext> {
        let router = Router(context: WebSocketUpgradeContext.self)
        var registered = Set<String>()
        for endpoint in endpoints where registered.insert(endpoint.path.trieKey).inserted {
            let variants = endpoints.filter { $0.path.trieKey == endpoint.path.trieKey }
            router.ws(endpoint.path.routerPath) { request, _ in
                variants.contains { $0.path.match(request.uri.path[...]) != nil } ? .upgrade([:]) : .dontUpgrade
            } onUpgrade: { inbound, outbound, context in
                let rawPath = context.request.uri.path[...]
                guard let endpoint = variants.first(where: { $0.path.match(rawPath) != nil }),
                    let parameters = endpoint.path.match(rawPath)
                else { return }
                let webSocket = WebSocket(inbound: inbound, outbound: outbound, request: context.request)
                var input = RequestInput(
                    request: context.request, context: context.requestContext.app, pathParameters: parameters,
                    overrides: table.overrides)
                input.webSocket = webSocket
                input.table = table
                try await run(endpoint, input: &input, webSocket: webSocket, logger: context.logger)
            }
        }
        return router
    }

    /// Runs the endpoint; rethrows a protocol violation, which swift-websocket answers with its close code.
    static func run(_ endpoint: WebSocketEndpoint, input: inout RequestInput, webSocket: WebSocket, logger: Logger) async throws {
        var failure: (any Error)?
        do {
            for dependency in endpoint.dependencies { try await dependency.run(in: &input) }
            try await endpoint.handler(&input)
        } catch {
            failure = error
        }
        await RouteRunner.runCleanups(input.cleanups, error: failure)
        switch failure {
        case nil, is WebSocketDisconnect:
            break
        case let error as RequestValidationError:
            try? await webSocket.close(code: 1008, reason: error.reasonText)
        case let error as WebSocketException:
            try? await webSocket.close(code: error.code, reason: error.reason)
        case let violation as WebSocketProtocolViolation:
            throw violation.underlying
        case let error?:
            logger.error(
                "Unhandled error in WebSocket endpoint",
                metadata: [
                    "error.type": .string(String(reflecting: type(of: error))), "error": .string(String(describing: error)),
                    "http.route": .string(endpoint.path.description),
                ])
            try? await webSocket.close(code: 1011)
        }
    }
}
