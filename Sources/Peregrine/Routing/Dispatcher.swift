@_spi(Internal) import Hummingbird

/// The app's innermost responder: finds the route, mount or plain Hummingbird responder for a
/// request and runs it.
///
/// Every target is placed in Hummingbird's path trie (a mount at `prefix/**`). Each trie entry
/// holds, per method, the targets that can match the paths the entry receives, in FastAPI's
/// order: routes in declaration order (those declared under other trie entries included, when
/// their templates overlap, since Starlette's first match wins), then a Hummingbird responder
/// registered at that path, then mounts. The first whose template matches the raw path answers,
/// so a request is matched once. What no entry places (another method, a toggled trailing slash,
/// no route at all) is answered by ``RouteTable/match(_:)``, as Starlette's router would.
struct Dispatcher: HTTPResponder {
    typealias Context = AppRequestContext

    enum Target: Sendable {
        case route(SharedRoute)
        case mount(Mount)
        /// A plain Hummingbird responder (a docs page, a route added through
        /// ``App/hummingbirdRoutes(_:)``) and the path it was registered at.
        case responder(any HTTPResponder<AppRequestContext>, path: String)
    }

    /// The targets of one trie entry, by method.
    struct EntryTargets: Sendable {
        var byMethod: [HTTPRequest.Method: [Target]] = [:]
    }

    /// A route held by reference, so that trying a candidate copies one pointer, not the route's
    /// dozen fields.
    final class SharedRoute: Sendable {
        let route: Route
        init(_ route: Route) { self.route = route }
    }

    /// A plain Hummingbird responder and where it answers.
    struct PlainResponder: Sendable {
        let path: RouterPath
        let method: HTTPRequest.Method
        let responder: any HTTPResponder<AppRequestContext>
    }

    private let trie: RouterTrie<EntryTargets>
    private let table: RouteTable
    private let services: AppServices

    /// The methods a mount's trie entry answers directly; others reach it through the table.
    private static let mountMethods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]

    init(table: RouteTable, responders: [PlainResponder], services: AppServices) {
        self.table = table
        self.services = services
        let routeShapes = table.routes.map { PathShape($0.path) }
        let sharedRoutes = table.routes.map(SharedRoute.init)
        let mountShapes = table.mounts.map { PathShape(mountPrefix: $0.prefix) }
        // Each trie key with the methods registered there, in the order first seen.
        var keys: [(path: RouterPath, methods: [HTTPRequest.Method])] = []
        func register(_ path: RouterPath, _ methods: [HTTPRequest.Method]) {
            if let index = keys.firstIndex(where: { $0.path.description == path.description }) {
                for method in methods where !keys[index].methods.contains(method) { keys[index].methods.append(method) }
            } else {
                keys.append((path, methods))
            }
        }
        for route in table.routes { register(route.path.routerPath, [route.method]) }
        for mount in table.mounts { register(RouterPath(mount.prefix + "/**"), Self.mountMethods) }
        for plain in responders { register(plain.path, [plain.method]) }

        let builder = RouterPathTrieBuilder<EntryTargets>()
        for key in keys {
            let shape = PathShape(key.path)
            var targets = EntryTargets()
            for method in key.methods {
                var candidates: [Target] = []
                for (index, route) in table.routes.enumerated() where route.method == method && routeShapes[index].overlaps(shape) {
                    candidates.append(.route(sharedRoutes[index]))
                }
                if let plain = responders.first(where: { $0.method == method && $0.path.description == key.path.description }) {
                    candidates.append(.responder(plain.responder, path: plain.path.description))
                }
                for (index, mount) in table.mounts.enumerated() where mountShapes[index].overlaps(shape) {
                    candidates.append(.mount(mount))
                }
                targets.byMethod[method] = candidates
            }
            builder.addEntry(key.path, value: targets)
        }
        self.trie = RouterTrie(base: builder)
    }

    func respond(to request: Request, context: AppRequestContext) async throws -> Response {
        let path = request.uri.path
        if let (entry, parameters) = trie.resolve(path), let candidates = entry.byMethod[request.method] {
            let rawPath = path[...]
            for target in candidates {
                switch target {
                case .route(let shared):
                    guard let values = shared.route.path.match(rawPath) else { continue }
                    return try await RouteRunner.run(
                        shared, parameters: values, request: request, context: context, services: services)
                case .mount(let mount):
                    guard let subpath = mount.subpath(of: rawPath) else { continue }
                    return try await serve(mount, subpath: subpath, request: request, context: context)
                case .responder(let responder, let registeredPath):
                    var context = context
                    context.coreContext.parameters = parameters
                    context.coreContext.endpointPath.value = registeredPath
                    return try await responder.respond(to: request, context: context)
                }
            }
        }
        return try await answerUnplaced(request, context: context)
    }

    private func serve(_ mount: Mount, subpath: String, request: Request, context: AppRequestContext) async throws -> Response {
        context.coreContext.endpointPath.value = mount.prefix
        return try await mount.app.respond(to: request, path: subpath, context: context)
    }

    /// Answers a request no trie entry placed, the way FastAPI's router would.
    private func answerUnplaced(_ request: Request, context: AppRequestContext) async throws -> Response {
        switch table.match(request, rootPath: services.rootPath) {
        case .route(let route, let parameters):
            return try await RouteRunner.run(
                SharedRoute(route), parameters: parameters, request: request, context: context, services: services)
        case .mount(let mount, let subpath):
            return try await serve(mount, subpath: subpath, request: request, context: context)
        case .methodNotAllowed(let methods):
            // Thrown like the 404, so that handlers see it, as Starlette raises it.
            throw HTTPException(.methodNotAllowed, headers: ["Allow": methods.map { $0.rawValue }.joined(separator: ", ")])
        case .redirect(let location):
            var headers = HTTPFields()
            headers[.location] = location
            return Response(status: .temporaryRedirect, headers: headers)
        case .notFound:
            // Thrown, so that an exception handler for HTTPException or for 404 sees it, as in FastAPI.
            throw HTTPException(.notFound)
        }
    }
}

/// The segments of a path pattern with empty segments left out, as the trie sees paths: enough
/// to tell whether two patterns can match a common path.
struct PathShape {
    enum Segment {
        case literal(String)
        /// One non-empty segment.
        case parameter
        /// Everything that follows, possibly nothing.
        case remainder
    }

    let segments: [Segment]

    init(_ template: PathTemplate) {
        segments = template.segments.compactMap { segment in
            switch segment {
            case .literal(let text): text.isEmpty ? nil : .literal(text)
            case .parameter: .parameter
            case .remainder: .remainder
            }
        }
    }

    init(mountPrefix prefix: String) {
        segments = prefix.split(separator: "/").map { .literal(String($0)) } + [.remainder]
    }

    init(_ path: RouterPath) {
        segments = path.components.map { element in
            if element == .recursiveWildcard { return .remainder }
            let text = element.description
            return text.contains("{") || text.contains("*") ? .parameter : .literal(text)
        }
    }

    /// Whether some path can match both shapes. Two patterns that match a common path overlap,
    /// so the trie entry a path lands in lists every route that could answer it.
    func overlaps(_ other: PathShape) -> Bool {
        var index = 0
        while index < segments.count && index < other.segments.count {
            switch (segments[index], other.segments[index]) {
            case (.remainder, _), (_, .remainder): return true
            case (.literal(let a), .literal(let b)) where a != b: return false
            default: break
            }
            index += 1
        }
        // A remainder may be empty: `/files/{path:path}` matches `/files/`, which the trie
        // places at `/files`.
        if index < segments.count, case .remainder = segments[index] { return true }
        if index < other.segments.count, case .remainder = other.segments[index] { return true }
        return segments.count == other.segments.count
    }
}
