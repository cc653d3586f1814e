import Foundation
import Logging
import Metrics
import OpenAPIKit
import HummingbirdCore
import HummingbirdWebSocket
import ServiceLifecycle
import Synchronization

extension App {
    /// A runner for the app's background tasks; it must run as a service of the application that
    /// serves the responder built with it.
    public func makeTaskRunner(logger: Logger? = nil) -> BackgroundTaskRunner {
        BackgroundTaskRunner(configuration: backgroundTasks, logger: logger ?? self.logger, metricsFactory: metricsFactory)
    }

    /// Builds the Hummingbird responder that serves the app, handing background tasks to `taskRunner`.
    public func makeResponder(taskRunner: BackgroundTaskRunner) -> AppResponder {
        makeServing(taskRunner: taskRunner).responder
    }

    /// What the app's requests reach besides their route, and the responder that serves them,
    /// served under `rootPath` (the app's own when nil). The routes are assembled once for both:
    /// included routers assemble theirs each time they are read.
    func makeServing(taskRunner: BackgroundTaskRunner, rootPath: String? = nil) -> (services: AppServices, responder: AppResponder) {
        let setup = setup.withLock { $0 }
        let routes = setup.routes
        let services = AppServices(
            state: state, urls: URLBuilder(routes: routes, mounts: setup.mounts), maxBodySize: maxBodySize,
            formLimits: formLimits, defaultResponseClass: defaultResponseClass, taskRunner: taskRunner,
            overrides: dependencyOverrides, rootPath: rootPath ?? self.rootPath)
        return (services, makeResponder(services: services, setup: setup, routes: routes))
    }

    func makeResponder(services: AppServices, setup: Setup, routes: [Route]) -> AppResponder {
        let rootPath = services.rootPath
        for mount in setup.mounts {
            guard let subApplication = mount.app as? SubApplication else { continue }
            subApplication.prepare(
                subApplication.app.makeServing(taskRunner: services.taskRunner, rootPath: rootPath + mount.prefix).responder)
        }
        let plain = HummingbirdRoutes()
        if let openapiURL {
            let document = openAPIDocumentJSON(rootPath: rootPath, routes: routes)
            plain.get(RouterPath(openapiURL)) { _, _ in
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: document)))
            }
            if let docsURL = docs.docsURL {
                var options = docs
                options.oauth2RedirectURL = docs.oauth2RedirectURL.map { rootPath + $0 }
                let page = HTMLResponse(
                    DocsPages.swaggerUI(openapiURL: rootPath + openapiURL, title: title + " - Swagger UI", options: options))
                plain.get(RouterPath(docsURL)) { _, _ in page.response }
                if let redirectURL = docs.oauth2RedirectURL {
                    let redirect = HTMLResponse(DocsPages.oauth2Redirect)
                    plain.get(RouterPath(redirectURL)) { _, _ in redirect.response }
                }
            }
            if let redocURL = docs.redocURL {
                let page = HTMLResponse(DocsPages.redoc(openapiURL: rootPath + openapiURL, title: title + " - ReDoc", assets: docs.assets))
                plain.get(RouterPath(redocURL)) { _, _ in page.response }
            }
        }
        for configure in setup.hummingbirdRoutes { configure(plain) }
        let dispatcher = Dispatcher(
            table: RouteTable(routes: routes, mounts: setup.mounts), responders: plain.responders, services: services)
        // As in FastAPI, the app's middleware sits between two layers of error handling: the
        // inner one turns what routes throw into responses, so middleware sees every response
        // (CORS headers reach error responses too); the outer one answers what middleware throws.
        let errors = ExceptionMiddleware(handlers: setup.handlers)
        guard !setup.middleware.isEmpty else { return AppResponder(dispatcher: dispatcher, errors: errors, chain: nil) }
        let middlewares = Router(context: AppRequestContext.self).middlewares
        middlewares.add(errors)
        for middleware in setup.middleware { middlewares.add(middleware) }
        middlewares.add(errors)
        return AppResponder(dispatcher: dispatcher, errors: errors, chain: middlewares.constructResponder(finalResponder: dispatcher))
    }

    /// A Hummingbird application serving the app on `host` and `port`, with its background task
    /// runner as a service.
    public func makeApplication(
        host: String = "127.0.0.1", port: Int = 8000, logger: Logger? = nil
    ) -> some ApplicationProtocol {
        makeApplication(host: host, port: port, logger: logger, taskRunner: makeTaskRunner(logger: logger))
    }

    /// A Hummingbird application serving the app, handing background tasks to `taskRunner`.
    public func makeApplication(
        host: String = "127.0.0.1", port: Int = 8000, logger: Logger? = nil, taskRunner: BackgroundTaskRunner
    ) -> some ApplicationProtocol {
        // Services stop in reverse order, after the server (which Hummingbird adds last): the
        // server stops taking requests, the task runner drains, the app's own services stop
        // (durable-job workers: background tasks may still enqueue jobs while they drain), then
        // the lifespan tears down.
        let (lifespans, appServices) = setup.withLock { ($0.lifespans, $0.services) }
        var services: [any Service] = []
        let lifespan = lifespans.isEmpty ? nil : LifespanService(bodies: lifespans, state: state, logger: logger ?? self.logger)
        if let lifespan { services.append(lifespan) }
        services.append(contentsOf: appServices)
        services.append(taskRunner)
        let webSocketRoutes = setup.withLock { $0.allWebSocketRoutes }
        let (requestServices, responder) = makeServing(taskRunner: taskRunner)
        let server = makeServer(
            webSocketRouter: webSocketRoutes.isEmpty ? nil : WebSocketRunner.makeRouter(endpoints: webSocketRoutes, services: requestServices))
        var application = Application(
            responder: responder,
            server: server,
            configuration: .init(address: .hostname(host, port: port), backlog: limits.backlog),
            services: services,
            logger: logger ?? self.logger)
        if let lifespan {
            application.beforeServerStarts { try await lifespan.waitUntilStarted() }
        }
        return application
    }

    /// Hummingbird's HTTP/1 server inside Peregrine's connection guard. Connections upgrade to
    /// WebSocket only when the app has WebSocket endpoints; otherwise the channel is Hummingbird's
    /// plain HTTP/1.1 one.
    func makeServer(webSocketRouter: Router<WebSocketUpgradeContext>?) -> HTTPServerBuilder {
        ProcessMemory.keepLargeBuffersOutOfArenas()
        let limits = self.limits
        let connections = ConnectionCount()
        let http1 = HTTP1Channel.Configuration(
            idleTimeout: nil, httpDecoderConfiguration: HTTP1Channel.Configuration.DecoderConfiguration(limits))
        guard let webSocketRouter else {
            return HTTPServerBuilder { responder in
                GuardedHTTPChannel(
                    base: HTTP1Channel(responder: responder, configuration: http1), upgradable: false, limits: limits, connections: connections)
            }
        }
        let webSocket = WebSocketServerConfiguration(maxFrameSize: WebSocket.maxMessageSize, validateUTF8: true)
        let webSocketResponder = webSocketRouter.buildResponder()
        return HTTPServerBuilder { responder in
            GuardedHTTPChannel(
                base: HTTP1WebSocketUpgradeChannel(
                    responder: responder, webSocketResponder: webSocketResponder, configuration: .init(http1: http1, ws: webSocket)),
                upgradable: true, limits: limits, connections: connections)
        }
    }

    /// Serves the app until SIGINT or SIGTERM, then finishes in-flight requests and stops.
    ///
    /// The address is 127.0.0.1:8000 unless the command line (`--host`, `--port`) or the
    /// environment (`HOST`, `PORT`) says otherwise.
    public func run(
        arguments: [String] = Array(CommandLine.arguments.dropFirst()),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws {
        let settings = ServerSettings.resolveOrExit(arguments: arguments, environment: environment)
        var logger = self.logger
        logger.logLevel = settings.logLevel
        let application = makeApplication(host: settings.host, port: settings.port, logger: logger)
        try await application.runService()
    }
}
