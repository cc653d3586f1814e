import Foundation
import Logging
import Synchronization

/// A Peregrine application: FastAPI's `FastAPI()` object.
///
/// ```swift
/// let app = App(title: "Example")
/// app.include(Items())
/// try await app.run()   // 127.0.0.1:8000 unless --host/--port or HOST/PORT say otherwise
/// ```
///
/// The app collects routes, exception handlers and Hummingbird middleware while it is set up, then
/// builds a Hummingbird application: Hummingbird serves HTTP, routes through its trie, runs the
/// middleware and shuts down gracefully on SIGINT and SIGTERM.
public final class App: Sendable {
    public let title: String
    public let version: String
    /// The largest request body read, in bytes; larger ones are answered with 413.
    public let maxBodySize: Int
    /// The logger requests log to (each line carries the request's id); `run()` sets its level
    /// from `--log-level`.
    public let logger: Logger

    private struct Setup {
        var routes: [Route] = []
        var handlers = ExceptionHandlers()
        var middleware: [@Sendable (Router<AppRequestContext>) -> Void] = []
        var hummingbirdRoutes: [@Sendable (Router<AppRequestContext>) -> Void] = []
    }

    private let setup = Mutex(Setup())

    public init(title: String = "Peregrine", version: String = "0.1.0", maxBodySize: Int = 1 << 20, logger: Logger? = nil) {
        self.title = title
        self.version = version
        self.maxBodySize = maxBodySize
        self.logger = logger ?? Logger(label: title)
    }

    /// Adds the routes of `router`, with `prefix` before their paths and `tags` added to theirs:
    /// FastAPI's `include_router`.
    public func include(_ router: some APIRouter, prefix: String = "", tags: [String] = []) {
        for var route in router.routes {
            if !prefix.isEmpty { route.path = route.path.prefixed(by: prefix) }
            route.operation.tags = tags + route.operation.tags
            add(route)
        }
    }

    /// Adds one route.
    public func add(_ route: Route) {
        setup.withLock { $0.routes.append(route) }
    }

    /// The routes added so far, in order.
    public var routes: [Route] { setup.withLock { $0.routes } }

    /// Answers errors of type `E` with `handler`'s response: FastAPI's `exception_handler`.
    /// Registering one for ``HTTPException`` or ``RequestValidationError`` replaces the default.
    public func exceptionHandler<E: Error, R: ResponseGenerator>(
        _ type: E.Type, _ handler: @escaping @Sendable (Request, E) async throws -> R
    ) {
        setup.withLock { $0.handlers.add(type, handler) }
    }

    /// Adds a Hummingbird middleware; it runs, in the order added, inside Peregrine's error handling.
    public func addMiddleware(_ middleware: some RouterMiddleware<AppRequestContext>) {
        setup.withLock { $0.middleware.append { router in router.add(middleware: middleware) } }
    }

    /// Adds plain Hummingbird routes, for what Peregrine routes do not cover. Their paths must
    /// differ from those of the app's Peregrine routes.
    public func hummingbirdRoutes(_ configure: @escaping @Sendable (Router<AppRequestContext>) -> Void) {
        setup.withLock { $0.hummingbirdRoutes.append(configure) }
    }

    /// Builds the Hummingbird responder that serves the app.
    public func makeResponder() -> RouterResponder<AppRequestContext> {
        let setup = setup.withLock { $0 }
        let table = RouteTable(routes: setup.routes, maxBodySize: maxBodySize)
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: ExceptionMiddleware(handlers: setup.handlers, table: table))
        for addMiddleware in setup.middleware { addMiddleware(router) }
        // One trie entry per path shape and method; templates differing only in slashes share it.
        var groups: [String: [(index: Int, route: Route)]] = [:]
        var order: [String] = []
        for (index, route) in setup.routes.enumerated() {
            let key = "\(route.method.rawValue) \(route.path.trieKey)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append((index, route))
        }
        for key in order {
            let variants = groups[key]!
            let first = variants[0].route
            router.on(first.path.routerPath, method: first.method, responder: RouteResponder(variants: variants, table: table))
        }
        for configure in setup.hummingbirdRoutes { configure(router) }
        return router.buildResponder()
    }

    /// A Hummingbird application serving the app on `host` and `port`.
    public func makeApplication(
        host: String = "127.0.0.1", port: Int = 8000, logger: Logger? = nil
    ) -> some ApplicationProtocol {
        Application(
            responder: makeResponder(),
            configuration: .init(address: .hostname(host, port: port)),
            logger: logger ?? self.logger)
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
