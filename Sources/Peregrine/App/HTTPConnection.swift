import HummingbirdCore
import NIOCore
import Synchronization

/// The whole request, for what typed parameters do not cover: Starlette's `Request`, which
/// FastAPI endpoints receive by declaring `request: Request`.
///
/// ```swift
/// @GET("/items/{item_id}")
/// func readItem(item_id: String, connection: HTTPConnection) -> JSONValue {
///     ["client_host": JSONValue(connection.client?.host), "item_id": .string(item_id)]
/// }
/// ```
///
/// The body is read on first use and kept, so ``body()``, ``json()`` and ``form()`` can be called
/// more than once; a route that already read its body (through body or form parameters) hands
/// over what it read.
public final class HTTPConnection: Sendable, RequestInjectable {
    /// The Hummingbird request underneath.
    public let request: Request
    /// The values of the path's placeholders, decoded.
    public let pathParameters: [String: String]
    /// The query string's items, in order.
    public let query: QueryString
    /// The request's cookies.
    public let cookies: [String: String]
    /// The client's address and port, when the connection has one.
    public let client: (host: String, port: Int)?
    /// The app's shared state, set up by its lifespan.
    public let state: AppState
    /// Paths to the app's named routes and mounts.
    public let urls: URLBuilder
    private let limits: (maxBodySize: Int, form: FormLimits)
    private let cache: Mutex<(request: Request, bytes: ByteBuffer?, form: FormData?, json: JSONValue?)>

    init(input: inout RequestInput) {
        request = input.request
        pathParameters = Dictionary(input.pathParameters.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        query = input.query
        cookies = input.cookies.values
        if let address = input.context.remoteAddress, let host = address.ipAddress, let port = address.port {
            client = (host, port)
        } else {
            client = nil
        }
        state = input.services.state
        urls = input.services.urls
        limits = (input.services.maxBodySize, input.services.formLimits)
        var json: JSONValue?
        if case .json(let value) = input.body { json = value }
        cache = Mutex((input.request, nil, input.form, json))
    }

    public static func inject(from input: inout RequestInput) -> HTTPConnection {
        HTTPConnection(input: &input)
    }

    public var method: HTTPRequest.Method { request.method }
    public var headers: HTTPFields { request.headers }
    /// The path and query as sent.
    public var uri: URI { request.uri }

    /// The full URL, as FastAPI's `request.url`: `http://host/path?query`.
    public var url: String { request.absoluteURL(path: request.uri.path, query: request.uri.query) }

    /// The absolute URL of the route or mount called `name`: Starlette's `request.url_for`.
    /// `connection.urlFor("static", ["path": "/app.css"])` → `http://host/static/app.css`.
    public func urlFor(_ name: String, _ parameters: [String: String] = [:]) throws -> String {
        request.absoluteURL(path: try urls.path(for: name, parameters))
    }

    /// The raw body, read once (up to the app's `maxBodySize`, 413 past it).
    public func body() async throws -> ByteBuffer {
        let (request, cached, form, _) = cache.withLock { $0 }
        if let cached { return cached }
        if form != nil, request.headers[.contentType]?.lowercased().hasPrefix("multipart/") == true {
            // A multipart body was parsed as it streamed in; its bytes are gone.
            throw HTTPConnectionError.bodyConsumed
        }
        var copy = request
        let bytes = try await BodyReader.collect(&copy, limit: limits.maxBodySize)
        cache.withLock { $0.bytes = bytes }
        return bytes
    }

    /// The body parsed as JSON, whatever its content type; an invalid document is FastAPI's 422
    /// `json_invalid`.
    public func json() async throws -> JSONValue {
        if let json = cache.withLock({ $0.json }) { return json }
        let value = try BodyReader.parseJSON(try await body())
        cache.withLock { $0.json = value }
        return value
    }

    /// The body parsed as a form (url-encoded or multipart; any other type is an empty form).
    public func form() async throws -> FormData {
        let (request, cached, form, _) = cache.withLock { $0 }
        if let form { return form }
        var copy = request
        if let cached { copy.body = .init(buffer: cached) }
        let parsed = try await FormReader.read(&copy, limits: limits.form, maxBodySize: limits.maxBodySize)
        cache.withLock { $0.form = parsed }
        return parsed
    }
}

/// A body that can no longer be read.
public enum HTTPConnectionError: Error, CustomStringConvertible {
    case bodyConsumed

    public var description: String { "the multipart body was consumed while it was parsed; use form()" }
}
