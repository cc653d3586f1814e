/// Builds URLs to the app's named routes and mounts: Starlette's `url_for`.
///
/// A route's name is its operation name (the endpoint's function name unless `name:` says
/// otherwise); a mount's is the `name:` it was mounted with, and its URLs take a `path`.
public struct URLBuilder: Sendable {
    private let routes: [String: PathTemplate]
    private let mounts: [String: String]

    init(routes: [Route], mounts: [Mount]) {
        var named: [String: PathTemplate] = [:]
        for route in routes where named[route.operation.name] == nil { named[route.operation.name] = route.path }
        self.routes = named
        var mountPaths: [String: String] = [:]
        for mount in mounts { if let name = mount.name, mountPaths[name] == nil { mountPaths[name] = mount.prefix } }
        self.mounts = mountPaths
    }

    /// Why a URL could not be built.
    public struct NoMatch: Error, CustomStringConvertible {
        public let name: String
        public let parameters: [String: String]
        public var description: String {
            "No route exists for name \"\(name)\" and params \"\(parameters.keys.sorted().joined(separator: ", "))\"."
        }
    }

    /// The path of the route or mount called `name` with `parameters` filled in: every
    /// placeholder of a route must be given, and nothing else; a mount takes `path`.
    public func path(for name: String, _ parameters: [String: String] = [:]) throws -> String {
        if let prefix = mounts[name], Set(parameters.keys) == ["path"], let path = parameters["path"] {
            return prefix + (path.hasPrefix("/") ? path : "/" + path)
        }
        guard let template = routes[name] else { throw NoMatch(name: name, parameters: parameters) }
        var used = Set<String>()
        var components: [String] = []
        for segment in template.segments {
            switch segment {
            case .literal(let text):
                components.append(text)
            case .parameter(let placeholder), .remainder(let placeholder):
                guard let value = parameters[placeholder] else { throw NoMatch(name: name, parameters: parameters) }
                used.insert(placeholder)
                components.append(value)
            }
        }
        guard used == Set(parameters.keys) else { throw NoMatch(name: name, parameters: parameters) }
        return "/" + components.joined(separator: "/")
    }
}
