/// Every route and mount of an app in declaration order, and Starlette's matching algorithm over
/// them, for the requests the ``Dispatcher``'s trie cannot place: a path with another method only
/// (405 with `Allow`), a path that matches once its trailing slash is toggled (307), a path the
/// trie does not know (an encoded or doubled slash) and no match at all (404).
struct RouteTable: Sendable {
    /// What Starlette's router does with a request.
    enum Match {
        case route(Route, parameters: [(name: String, value: String)])
        case mount(Mount, subpath: String)
        case methodNotAllowed([HTTPRequest.Method])
        case redirect(String)
        case notFound
    }

    let routes: [Route]
    let mounts: [Mount]

    /// FastAPI's answer for a request: the first route matching path and method; else the first
    /// mount whose prefix the path is under (mounts come after the routes, as they are usually
    /// declared); else 405 when routes match the path only; else a route or mount matching with
    /// the trailing slash toggled (307).
    ///
    /// The 405's `Allow` lists the methods of every route matching the path, where Starlette
    /// lists only the first one's: `Allow` is meant to name all the methods the resource
    /// supports (RFC 9110 §10.2.1), and the OpenAPI document lists them all for the path.
    /// `rootPath` is where the app is served: a redirect's location is below it.
    func match(_ request: Request, rootPath: String = "") -> Match {
        let method = request.method
        let rawPath = request.uri.path[...]
        var allowed: [HTTPRequest.Method] = []
        for route in routes {
            guard let parameters = route.path.match(rawPath) else { continue }
            if route.method == method { return .route(route, parameters: parameters) }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        for mount in mounts {
            if let subpath = mount.subpath(of: rawPath) { return .mount(mount, subpath: subpath) }
        }
        if !allowed.isEmpty {
            return .methodNotAllowed(allowed)
        }
        if rawPath != "/" {
            let toggled = rawPath.hasSuffix("/") ? rawPath.dropLast() : rawPath + "/"
            if routes.contains(where: { $0.path.match(toggled[...]) != nil })
                || mounts.contains(where: { $0.subpath(of: toggled[...]) != nil })
            {
                return .redirect(request.absoluteURL(path: rootPath + toggled, query: request.uri.query))
            }
        }
        return .notFound
    }
}
