/// Something that answers every request under a path prefix: what FastAPI's `app.mount` takes,
/// such as ``StaticFiles``.
public protocol MountedApp: Sendable {
    /// Answers `request`; `path` is the request's path below the mount point, percent-decoded,
    /// starting with `/`.
    func respond(to request: Request, path: String, context: AppRequestContext) async throws -> Response
}

/// A ``MountedApp`` at a path prefix, with an optional name for URL building.
struct Mount: Sendable {
    /// The prefix without a trailing slash: `/static`.
    let prefix: String
    let name: String?
    let app: any MountedApp

    /// The path below the mount point when `rawPath` is under it: `/static/a.css` → `/a.css`.
    /// As in Starlette, the mount point itself (`/static`) is not under it; the router redirects
    /// it to `/static/`.
    func subpath(of rawPath: Substring) -> String? {
        guard rawPath.hasPrefix(prefix + "/") else { return nil }
        return PercentDecoding.decode(rawPath.dropFirst(prefix.count))
    }
}
