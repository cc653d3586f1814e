#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Serves the files of a folder: FastAPI's (Starlette's) `StaticFiles`, mounted with
/// ``App/mount(_:_:name:)``.
///
/// ```swift
/// app.mount("/static", StaticFiles(directory: "static", html: true), name: "static")
/// ```
///
/// Files are sent as ``FileResponse`` sends them: guessed content type, `ETag`, `Last-Modified`,
/// byte ranges, and `304 Not Modified` for `If-None-Match` and `If-Modified-Since`.
/// With `html`, a folder's URL serves its `index.html` (redirecting `/folder` to `/folder/`), and a
/// missing file serves the root's `404.html` with status 404 when there is one.
///
/// Only files inside the folder are served: `..` segments (percent-encoded or not) that climb out
/// of it, absolute paths, NUL bytes and symbolic links that lead outside it all get `404`, as
/// in Starlette. Methods other than GET and HEAD get `405` with `Allow: GET, HEAD`.
public struct StaticFiles: MountedApp {
    /// The folder, made absolute and with its symbolic links resolved.
    public let directory: String
    public let html: Bool
    /// Whether symbolic links inside the folder may point outside it.
    public let followSymlinks: Bool
    /// A `Cache-Control` value for every file served, if any (Starlette sets none).
    public let cacheControl: String?

    /// - Precondition: `directory` exists and is a folder; a wrong folder stops the app when it
    ///   is set up, rather than answering 404 to every request.
    public init(directory: String, html: Bool = false, followSymlinks: Bool = false, cacheControl: String? = nil) {
        guard let resolved = Self.realPath(directory), FileAttributes(path: resolved)?.isDirectory == true else {
            preconditionFailure("StaticFiles directory '\(directory)' does not exist or is not a directory.")
        }
        self.directory = resolved
        self.html = html
        self.followSymlinks = followSymlinks
        self.cacheControl = cacheControl
    }

    public func respond(to request: Request, path: String, context: AppRequestContext) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            throw HTTPException(.methodNotAllowed, headers: ["Allow": "GET, HEAD"])
        }
        let relative = Self.normalize(path)
        if let relative, let (fullPath, attributes) = lookup(relative) {
            if attributes.isRegularFile {
                return send(fullPath, attributes: attributes, status: .ok, request: request)
            }
            if attributes.isDirectory, html {
                let index = relative.isEmpty ? "index.html" : relative + "/index.html"
                if let (indexPath, indexAttributes) = lookup(index), indexAttributes.isRegularFile {
                    if !request.uri.path.hasSuffix("/") {
                        return RedirectResponse(request.absoluteURL(path: request.uri.path + "/", query: request.uri.query))
                            .response
                    }
                    return send(indexPath, attributes: indexAttributes, status: .ok, request: request)
                }
            }
        }
        if html, let (notFoundPath, attributes) = lookup("404.html"), attributes.isRegularFile {
            return send(notFoundPath, attributes: attributes, status: .notFound, request: request)
        }
        throw HTTPException(.notFound)
    }

    private func send(_ path: String, attributes: FileAttributes, status: HTTPResponse.Status, request: Request) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = TextBody.contentType(MediaTypes.guess(for: path))
        if let cacheControl { headers[.cacheControl] = cacheControl }
        return FileSending.response(path: path, attributes: attributes, status: status, headers: headers, request: request)
    }

    /// The path below the mount point as folder-relative components joined by `/`, with `.` and
    /// `name/..` pairs removed (Python's `os.path.normpath`); nil when it climbs out of the folder
    /// or holds a NUL byte.
    static func normalize(_ path: String) -> String? {
        guard !path.utf8.contains(0) else { return nil }
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                guard !components.isEmpty else { return nil }
                components.removeLast()
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }

    /// The file at `relative` inside the folder, with symbolic links resolved, if it exists and
    /// stays inside the folder.
    private func lookup(_ relative: String) -> (String, FileAttributes)? {
        let joined = relative.isEmpty ? directory : directory + "/" + relative
        let fullPath: String
        if followSymlinks {
            fullPath = joined
        } else {
            guard let resolved = Self.realPath(joined) else { return nil }
            fullPath = resolved
        }
        guard fullPath == directory || fullPath.hasPrefix(directory == "/" ? "/" : directory + "/") else { return nil }
        guard let attributes = FileAttributes(path: fullPath) else { return nil }
        return (fullPath, attributes)
    }

    /// `realpath(3)`: absolute, without `.`, `..` or symbolic links; nil when the path does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
