/// A group of routes an app includes, optionally under a prefix and with tags: FastAPI's
/// `APIRouter`.
///
/// The `@Routes` macro makes a type an `APIRouter` whose routes are its annotated methods:
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
public protocol APIRouter: Sendable {
    /// The routes, in declaration order, which is the order they are matched in.
    var routes: [Route] { get }
    /// The WebSocket endpoints (`@WebSocketRoute` methods).
    var webSocketRoutes: [WebSocketEndpoint] { get }
}

extension APIRouter {
    public var webSocketRoutes: [WebSocketEndpoint] { [] }
}

/// Routes assembled at run time.
public struct RouteList: APIRouter {
    public var routes: [Route]

    public init(_ routes: [Route] = []) {
        self.routes = routes
    }

    public mutating func add(_ route: Route) {
        routes.append(route)
    }
}
