import Synchronization

/// Something that provides routes to an app or a router: a `@Routes` type, an ``APIRouter``,
/// a ``RouteList``.
///
/// The `@Routes` macro makes a type a route collection whose routes are its annotated methods:
///
/// ```swift
/// @Routes
/// struct Users {
///     @GET("/users/me")
///     func readUserMe() -> CurrentUser { ... }
/// }
///
/// app.include(Users(), prefix: "/v1", tags: ["users"])
/// ```
public protocol RouteCollection: Sendable {
    /// The routes, in declaration order, which is the order they are matched in.
    var routes: [Route] { get }
    /// The WebSocket endpoints (`@WebSocketRoute` methods).
    var webSocketRoutes: [WebSocketEndpoint] { get }
}

extension RouteCollection {
    public var webSocketRoutes: [WebSocketEndpoint] { [] }
}

/// What including a collection of routes adds to each of them: FastAPI's `include_router`
/// arguments, and an ``APIRouter``'s own settings.
///
/// Levels accumulate as FastAPI's do, outermost first: prefixes are joined, tags and
/// dependencies listed outermost first, additional responses merged with the innermost winning
/// for a status, a route is deprecated if any level says so and documented only if every level
/// agrees, and a route without a response class takes the innermost default.
public struct RouterOptions: Sendable {
    public var prefix: String
    public var tags: [String]
    public var dependencies: [any RouteDependency]
    public var responses: [Int: AdditionalResponse]
    public var deprecated: Bool
    public var includeInSchema: Bool
    public var defaultResponseClass: (any ResponseClass.Type)?

    public init(
        prefix: String = "", tags: [String] = [], dependencies: [any RouteDependency] = [],
        responses: [Int: AdditionalResponse] = [:], deprecated: Bool = false, includeInSchema: Bool = true,
        defaultResponseClass: (any ResponseClass.Type)? = nil
    ) {
        precondition(prefix.isEmpty || (prefix.hasPrefix("/") && !prefix.hasSuffix("/")), "a router prefix must start with '/' and not end with '/': \(prefix)")
        self.prefix = prefix
        self.tags = tags
        self.dependencies = dependencies
        self.responses = responses
        self.deprecated = deprecated
        self.includeInSchema = includeInSchema
        self.defaultResponseClass = defaultResponseClass
    }

    /// `route` as this level makes it.
    func apply(to route: Route) -> Route {
        var route = route
        if !prefix.isEmpty { route.path = route.path.prefixed(by: prefix) }
        route.operation.tags = tags + route.operation.tags
        if !dependencies.isEmpty { route.dependencies = dependencies + route.dependencies }
        route.additionalResponses = responses.merging(route.additionalResponses) { _, inner in inner }
        route.operation.deprecated = route.operation.deprecated || deprecated
        route.operation.includeInSchema = route.operation.includeInSchema && includeInSchema
        if route.responseClass == nil, route.readyResponse == nil { route.responseClass = defaultResponseClass }
        return route
    }

    func apply(to endpoint: WebSocketEndpoint) -> WebSocketEndpoint {
        var endpoint = endpoint
        if !prefix.isEmpty { endpoint.path = endpoint.path.prefixed(by: prefix) }
        endpoint.operation.tags = tags + endpoint.operation.tags
        if !dependencies.isEmpty { endpoint.dependencies = dependencies + endpoint.dependencies }
        return endpoint
    }
}

/// What route collections are included into: an ``App`` or an ``APIRouter``.
public protocol RouteIncluding {
    /// Includes the routes of `collection` with `options` applied to each of them.
    func include(_ collection: some RouteCollection, options: RouterOptions)
}

extension RouteIncluding {
    /// Includes the routes of `collection` (a `@Routes` type or an ``APIRouter``), with `prefix`
    /// before their paths, `tags` added to theirs, `dependencies` run before theirs, `responses`
    /// documented beside theirs: FastAPI's `include_router` (``RouterOptions`` says how levels
    /// combine). The collection's routes are read when the app starts.
    public func include(
        _ collection: some RouteCollection, prefix: String = "", tags: [String] = [],
        dependencies: [any RouteDependency] = [], responses: [Int: AdditionalResponse] = [:], deprecated: Bool = false,
        includeInSchema: Bool = true, defaultResponseClass: (any ResponseClass.Type)? = nil
    ) {
        include(
            collection,
            options: RouterOptions(
                prefix: prefix, tags: tags, dependencies: dependencies, responses: responses, deprecated: deprecated,
                includeInSchema: includeInSchema, defaultResponseClass: defaultResponseClass))
    }
}

/// A group of routes with common settings that includes other groups, to any depth: FastAPI's
/// `APIRouter`.
///
/// ```swift
/// let admin = APIRouter(prefix: "/admin", tags: ["admin"], dependencies: [adminRoleDependency],
///                       responses: [418: "I'm a teapot"])
/// admin.include(AdminRoutes())
///
/// let shop = APIRouter(prefix: "/shop", tags: ["shop"], dependencies: [shopTokenDependency],
///                      responses: [404: "Not found"])
/// shop.include(ShopRoutes())
/// shop.include(admin)
/// app.include(shop, prefix: "/v1")
/// ```
///
/// Settings accumulate as ``RouterOptions`` describes. Inclusion is live, as in FastAPI: routes
/// added to a router after it was included are served too, up to the moment the app starts.
public final class APIRouter: RouteCollection, RouteIncluding {
    public let options: RouterOptions
    private let entries = Mutex<[Entry]>([])

    private enum Entry: Sendable {
        case collection(any RouteCollection, RouterOptions)
        case route(Route)
        case webSocket(WebSocketEndpoint)
    }

    public init(
        prefix: String = "", tags: [String] = [], dependencies: [any RouteDependency] = [],
        responses: [Int: AdditionalResponse] = [:], deprecated: Bool = false, includeInSchema: Bool = true,
        defaultResponseClass: (any ResponseClass.Type)? = nil
    ) {
        options = RouterOptions(
            prefix: prefix, tags: tags, dependencies: dependencies, responses: responses, deprecated: deprecated,
            includeInSchema: includeInSchema, defaultResponseClass: defaultResponseClass)
    }

    /// Includes the routes of `collection` (a `@Routes` type or another router) with the
    /// include-time settings `options`: FastAPI's `router.include_router(...)`.
    public func include(_ collection: some RouteCollection, options: RouterOptions) {
        entries.withLock { $0.append(.collection(collection, options)) }
    }

    /// Adds one route, which the router's settings apply to.
    public func add(_ route: Route) {
        entries.withLock { $0.append(.route(route)) }
    }

    /// Adds one WebSocket endpoint.
    public func add(_ endpoint: WebSocketEndpoint) {
        entries.withLock { $0.append(.webSocket(endpoint)) }
    }

    public var routes: [Route] {
        entries.withLock { $0 }.flatMap { entry -> [Route] in
            switch entry {
            case .collection(let collection, let include): collection.routes.map { options.apply(to: include.apply(to: $0)) }
            case .route(let route): [options.apply(to: route)]
            case .webSocket: []
            }
        }
    }

    public var webSocketRoutes: [WebSocketEndpoint] {
        entries.withLock { $0 }.flatMap { entry -> [WebSocketEndpoint] in
            switch entry {
            case .collection(let collection, let include): collection.webSocketRoutes.map { options.apply(to: include.apply(to: $0)) }
            case .webSocket(let endpoint): [options.apply(to: endpoint)]
            case .route: []
            }
        }
    }
}

/// Routes assembled at run time.
public struct RouteList: RouteCollection {
    public var routes: [Route]

    public init(_ routes: [Route] = []) {
        self.routes = routes
    }

    public mutating func add(_ route: Route) {
        routes.append(route)
    }
}
