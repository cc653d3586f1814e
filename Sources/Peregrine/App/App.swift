import Foundation
import Logging
import Metrics
import OpenAPIKit
import HummingbirdCore
import HummingbirdWebSocket
import ServiceLifecycle
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
public final class App: Sendable, RouteIncluding {
    public let title: String
    public let version: String
    /// The API's description in its OpenAPI document.
    public let description: String?
    /// Where the OpenAPI document is served (FastAPI's `openapi_url`); nil serves none, and no
    /// documentation pages either.
    public let openapiURL: String?
    /// The interactive documentation pages: Swagger UI at `/docs`, ReDoc at `/redoc`.
    public let docs: DocsOptions
    /// The servers the OpenAPI document lists.
    public let servers: [OpenAPIServer]
    /// The document's `info` beyond title, version and description: FastAPI's `summary`,
    /// `terms_of_service`, `contact` and `license_info`.
    public let summary: String?
    public let termsOfService: String?
    public let contact: OpenAPIContact?
    public let license: OpenAPILicense?
    /// The path prefix a proxy serves the app under (FastAPI's `root_path`, uvicorn's
    /// `--root-path`): requests arrive without it, but the document lists it as its server and
    /// the docs pages load the document through it.
    public let rootPath: String
    /// Makes each route's operation id when the route names none (FastAPI's
    /// `generate_unique_id_function`).
    public let generateUniqueID: (@Sendable (Route) -> String)?
    /// The tags the OpenAPI document describes, in order.
    public let openapiTags: [OpenAPITag]
    /// How the document writes optional values: pydantic's `anyOf` with null by default.
    public let openapiNullableStyle: OpenAPINullableStyle
    /// Whether the document gives integers their width (`int64`); pydantic does not.
    public let openapiIntegerFormats: Bool
    /// The largest request body read, in bytes; larger ones are answered with 413.
    public let maxBodySize: Int
    /// Limits on form bodies and uploads: the largest multipart body (413 past it), when uploads
    /// move to disk, how many fields and files a form may have.
    public let formLimits: FormLimits
    /// How routes without a response class of their own render returned values: FastAPI's
    /// `default_response_class`. Nil means JSON.
    public let defaultResponseClass: (any ResponseClass.Type)?
    /// The logger requests log to (each line carries the request's id); `run()` sets its level
    /// from `--log-level`.
    public let logger: Logger
    /// What one connection may cost: head sizes, timeouts, the number of connections (see
    /// ``HTTPLimits`` for the defaults).
    public let limits: HTTPLimits
    /// How background tasks run: concurrency, queue size, shutdown deadline.
    public let backgroundTasks: BackgroundTaskRunner.Configuration
    /// Values shared by every request, set up by the lifespan: FastAPI's `app.state`, and what
    /// its lifespan yields into `request.state`. Endpoints receive it as a parameter of type
    /// ``AppState``.
    public let state = AppState()
    /// Replacements for dependencies, for tests: FastAPI's `dependency_overrides`.
    public let dependencyOverrides = DependencyOverrides()
    let metricsFactory: (any MetricsFactory)?

    struct Setup {
        /// Routes and included collections, in order; collections are read when the app starts,
        /// so that routes added to a router after its inclusion are served too.
        var entries: [RouteEntry] = []
        var mounts: [Mount] = []
        var dependencies: [any RouteDependency] = []
        var handlers = ExceptionHandlers()
        var middleware: [any MiddlewareProtocol<Request, Response, AppRequestContext>] = []
        var hummingbirdRoutes: [@Sendable (HummingbirdRoutes) -> Void] = []
        var lifespans: [LifespanService.Body] = []
        var services: [any Service] = []
        var webSocketRoutes: [WebSocketEndpoint] = []
        var webhooks: [RouteEntry] = []
        var documentCustomization: (@Sendable (JSONValue) -> JSONValue)?

        /// Every route, the app's dependencies first.
        var routes: [Route] {
            entries.flatMap { entry -> [Route] in
                switch entry {
                case .route(let route): [route]
                case .collection(let collection, let options): collection.routes.map(options.apply(to:))
                }
            }.map { route in
                var route = route
                if !dependencies.isEmpty { route.dependencies = dependencies + route.dependencies }
                return route
            }
        }

        var allWebSocketRoutes: [WebSocketEndpoint] {
            (webSocketRoutes
                + entries.flatMap { entry -> [WebSocketEndpoint] in
                    guard case .collection(let collection, let options) = entry else { return [] }
                    return collection.webSocketRoutes.map(options.apply(to:))
                }).map { endpoint in
                    var endpoint = endpoint
                    if !dependencies.isEmpty { endpoint.dependencies = dependencies + endpoint.dependencies }
                    return endpoint
                }
        }
    }

    enum RouteEntry: Sendable {
        case route(Route)
        case collection(any RouteCollection, RouterOptions)
    }

    let setup = Mutex(Setup())

    /// - Parameters:
    ///   - dependencies: dependencies every route runs first, for their effect (FastAPI's
    ///     `FastAPI(dependencies=[...])`).
    ///   - metricsFactory: where background-task metrics go; swift-metrics' global system by default.
    public init(
        title: String = "Peregrine", version: String = "0.1.0", description: String? = nil,
        openapiURL: String? = "/openapi.json", docs: DocsOptions = DocsOptions(), servers: [OpenAPIServer] = [],
        openapiTags: [OpenAPITag] = [], openapiNullableStyle: OpenAPINullableStyle = .anyOf, openapiIntegerFormats: Bool = false, summary: String? = nil,
        termsOfService: String? = nil, contact: OpenAPIContact? = nil, license: OpenAPILicense? = nil, rootPath: String = "",
        generateUniqueID: (@Sendable (Route) -> String)? = nil, maxBodySize: Int = 1 << 20,
        formLimits: FormLimits = FormLimits(), limits: HTTPLimits = HTTPLimits(), defaultResponseClass: (any ResponseClass.Type)? = nil, dependencies: [any RouteDependency] = [], backgroundTasks: BackgroundTaskRunner.Configuration = .init(),
        logger: Logger? = nil, metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.title = title
        self.version = version
        self.description = description
        self.openapiURL = openapiURL
        self.docs = docs
        self.servers = servers
        self.summary = summary
        self.termsOfService = termsOfService
        self.contact = contact
        self.license = license
        self.rootPath = rootPath.hasSuffix("/") ? String(rootPath.dropLast()) : rootPath
        self.generateUniqueID = generateUniqueID
        self.openapiNullableStyle = openapiNullableStyle
        self.openapiIntegerFormats = openapiIntegerFormats
        self.openapiTags = openapiTags
        self.maxBodySize = maxBodySize
        self.formLimits = formLimits
        self.limits = limits
        self.defaultResponseClass = defaultResponseClass
        self.backgroundTasks = backgroundTasks
        self.logger = logger ?? Logger(label: title)
        self.metricsFactory = metricsFactory
        setup.withLock { $0.dependencies = dependencies }
    }

    /// Adds the routes of `collection` (a `@Routes` type or an ``APIRouter``) with `options`
    /// applied to each; they are read when the app starts.
    public func include(_ collection: some RouteCollection, options: RouterOptions) {
        setup.withLock { $0.entries.append(.collection(collection, options)) }
    }

    /// Adds one WebSocket endpoint; the app's dependencies run before its own.
    public func add(_ endpoint: WebSocketEndpoint) {
        setup.withLock { $0.webSocketRoutes.append(endpoint) }
    }

    /// Adds one route; the app's dependencies run before its own.
    public func add(_ route: Route) {
        setup.withLock { $0.entries.append(.route(route)) }
    }

    /// Serves `app` (``StaticFiles``, for instance) for every path under `path`: FastAPI's
    /// `app.mount`. `name` lets templates build URLs to it (`url_for("static", path: "/app.css")`).
    ///
    /// Routes are matched before mounts; a request for the mount point itself (`/static`) is
    /// redirected to `/static/`.
    /// - Precondition: `path` starts with `/`.
    public func mount(_ path: String, _ app: some MountedApp, name: String? = nil) {
        precondition(path.hasPrefix("/"), "a mount path must start with '/': \(path)")
        let prefix = path.hasSuffix("/") ? String(path.dropLast()) : path
        setup.withLock { $0.mounts.append(Mount(prefix: prefix, name: name, app: app)) }
    }

    /// Serves another app under `path`, with its own routes, middleware, error handlers, document
    /// and docs pages: FastAPI's `app.mount("/subapi", subapi)`. Its document lists `path` (after
    /// this app's root path) as its server; its background tasks run on this app's runner, and
    /// its lifespan does not run.
    public func mount(_ path: String, _ subApplication: App, name: String? = nil) {
        precondition(path.hasPrefix("/"), "a mount path must start with '/': \(path)")
        let prefix = path.hasSuffix("/") ? String(path.dropLast()) : path
        mount(path, SubApplication(app: subApplication, prefix: prefix), name: name)
    }

    /// Adds a lifespan function: set-up, then ``Lifespan/serve()`` while the app serves, then
    /// tear-down (FastAPI's `lifespan`). Several lifespans nest: the first added sets up first and
    /// tears down last.
    public func lifespan(_ body: @escaping @Sendable (Lifespan) async throws -> Void) {
        setup.withLock { $0.lifespans.append(body) }
    }

    /// Runs `body` at start-up, before the server accepts connections: FastAPI's
    /// `@app.on_event("startup")`.
    public func onStartup(_ body: @escaping @Sendable (AppState) async throws -> Void) {
        lifespan { lifespan in
            try await body(lifespan.state)
            await lifespan.serve()
        }
    }

    /// Runs `body` at shutdown, after the server has stopped and background tasks have drained:
    /// FastAPI's `@app.on_event("shutdown")`.
    public func onShutdown(_ body: @escaping @Sendable (AppState) async throws -> Void) {
        lifespan { lifespan in
            await lifespan.serve()
            try await body(lifespan.state)
        }
    }

    /// Runs `service` beside the server, as a service of the app's Hummingbird application: it
    /// starts with the app, after the lifespan has started, and on graceful shutdown it is told to
    /// stop once the server has finished its requests and the background tasks have drained, and
    /// before the lifespan tears down. Services added later are told first.
    public func addService(_ service: some Service) {
        setup.withLock { $0.services.append(service) }
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

    /// Answers every ``HTTPException`` with `status` (the router's 404 and 405 included) with
    /// `handler`'s response: FastAPI's `@app.exception_handler(404)`. It is chosen before a
    /// handler registered for the exception's type, as in Starlette.
    public func exceptionHandler<R: ResponseGenerator>(
        status: Int, _ handler: @escaping @Sendable (Request, HTTPException) async throws -> R
    ) {
        setup.withLock { $0.handlers.add(status: status, handler) }
    }

    /// Adds a Hummingbird middleware (``CORSMiddleware``, ``GZipMiddleware``,
    /// ``TrustedHostMiddleware``, ``HTTPSRedirectMiddleware`` or any other); the first added is
    /// the outermost. Errors thrown by routes reach it as the responses FastAPI would send.
    public func addMiddleware(_ middleware: some RouterMiddleware<AppRequestContext>) {
        setup.withLock { $0.middleware.append(middleware) }
    }

    /// Adds a middleware written as a function of the request and the rest of the chain:
    /// FastAPI's `@app.middleware("http")`.
    ///
    /// ```swift
    /// app.middleware { request, next in
    ///     let start = ContinuousClock.now
    ///     var response = try await next(request)
    ///     response.headers[HTTPField.Name("X-Process-Time")!] = "\(ContinuousClock.now - start)"
    ///     return response
    /// }
    /// ```
    public func middleware(_ body: @escaping @Sendable (Request, MiddlewareNext) async throws -> Response) {
        addMiddleware(FunctionMiddleware(body: body))
    }

    /// Adds plain Hummingbird routes, for what Peregrine routes do not cover. Their paths must
    /// differ from those of the app's Peregrine routes.
    public func hummingbirdRoutes(_ configure: @escaping @Sendable (HummingbirdRoutes) -> Void) {
        setup.withLock { $0.hummingbirdRoutes.append(configure) }
    }
}
