import HummingbirdWebSocket
import Logging
import NIOWebSocket

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
    static func makeRouter(endpoints: [WebSocketEndpoint], services: AppServices) -> Router<WebSocketUpgradeContext> {
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
                    services: services, webSocket: webSocket)
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
        await Cleanup.runAll(input.effects.cleanups, error: failure)
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
