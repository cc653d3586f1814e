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

import Synchronization

/// An ``App`` mounted in another: its responder is built when the parent's is, with the
/// parent's background-task runner.
final class SubApplication: MountedApp {
    let app: App
    /// The mount point, as matched against the raw request path.
    let prefix: String
    private let responder = Mutex<AppResponder?>(nil)

    init(app: App, prefix: String) {
        self.app = app
        self.prefix = prefix
    }

    func prepare(_ responder: AppResponder) {
        self.responder.withLock { $0 = responder }
    }

    func respond(to request: Request, path: String, context: AppRequestContext) async throws -> Response {
        guard let responder = responder.withLock({ $0 }) else {
            preconditionFailure("a mounted app answers only once its parent's responder is built")
        }
        // The sub-application sees the raw path below its mount point, as Starlette's Mount passes it.
        var head = request.head
        let below = String(request.uri.path.dropFirst(prefix.count))
        head.path = below + (request.uri.query.map { "?" + $0 } ?? "")
        return try await responder.respond(to: Request(head: head, body: request.body), context: context)
    }
}
