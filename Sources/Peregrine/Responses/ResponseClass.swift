/// How a route turns its endpoint's return value into a response: FastAPI's `response_class`.
///
/// ``JSONResponse`` is the default. Declare another per route
/// (`@GET("/page", responseClass: HTMLResponse.self)`, the endpoint returning the page's text) or
/// for a whole app (`App(defaultResponseClass: HTMLResponse.self)`).
public protocol ResponseClass: Sendable {
    /// The media type of the class's responses, as the OpenAPI document lists it.
    static var mediaType: String { get }
    /// The response for `output` with the route's `status`.
    static func render(_ output: some JSONWritable, status: HTTPResponse.Status) -> Response
}

extension JSONResponse: ResponseClass {
    public static var mediaType: String { "application/json" }

    public static func render(_ output: some JSONWritable, status: HTTPResponse.Status) -> Response {
        var writer = JSONWriter()
        output.writeJSON(to: &writer)
        return make(status: status, json: writer.bytes)
    }
}

/// A response class whose body is text of one media type: ``HTMLResponse``, ``PlainTextResponse``.
public protocol TextResponseClass: ResponseClass, ResponseGenerator, BackgroundCarrying {
    init(_ content: String, status: HTTPResponse.Status, headers: HTTPFields, background: BackgroundTasks?)
}

extension TextResponseClass {
    /// A returned string is the body itself, nothing an empty body (Starlette renders `None` as
    /// no bytes); any other value is written as its JSON text.
    public static func render(_ output: some JSONWritable, status: HTTPResponse.Status) -> Response {
        if output is NoContent { return TextBody.response("", mediaType: mediaType, status: status) }
        if let text = output as? String { return TextBody.response(text, mediaType: mediaType, status: status) }
        var writer = JSONWriter()
        output.writeJSON(to: &writer)
        return TextBody.response(String(decoding: writer.bytes, as: UTF8.self), mediaType: mediaType, status: status)
    }
}

/// The media type of a kind of ``TextResponse``.
public protocol TextMediaType: Sendable {
    static var mediaType: String { get }
}

/// `text/html`.
public enum HTMLMediaType: TextMediaType {
    public static var mediaType: String { "text/html" }
}

/// `text/plain`.
public enum PlainTextMediaType: TextMediaType {
    public static var mediaType: String { "text/plain" }
}

/// A response with a text body of one media type (with `charset=utf-8`, as Starlette adds it).
public struct TextResponse<Media: TextMediaType>: TextResponseClass, Sendable {
    public static var mediaType: String { Media.mediaType }
    public var content: String
    public var status: HTTPResponse.Status
    public var headers: HTTPFields
    public var background: BackgroundTasks?

    public init(_ content: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:], background: BackgroundTasks? = nil) {
        self.content = content
        self.status = status
        self.headers = headers
        self.background = background
    }

    /// The response, for middleware and exception handlers that build one themselves.
    public var response: Response {
        TextBody.response(content, mediaType: Self.mediaType, status: status, headers: headers)
    }

    public func response(from request: Request, context: some RequestContext) -> Response { response }
}

/// A response with an HTML body: FastAPI's `HTMLResponse`.
///
/// ```swift
/// @GET("/items/", responseClass: HTMLResponse.self)
/// func page() -> String { "<html><body><h1>Look ma! HTML!</h1></body></html>" }
/// ```
public typealias HTMLResponse = TextResponse<HTMLMediaType>

/// A response with a plain-text body: FastAPI's `PlainTextResponse`.
public typealias PlainTextResponse = TextResponse<PlainTextMediaType>

/// Text bodies as Starlette writes them.
enum TextBody {
    /// Starlette adds `charset=utf-8` to `text/*` media types that name no charset.
    static func contentType(_ mediaType: String) -> String {
        if mediaType.hasPrefix("text/") && !mediaType.lowercased().contains("charset=") {
            return mediaType + "; charset=utf-8"
        }
        return mediaType
    }

    static func response(
        _ text: String, mediaType: String, status: HTTPResponse.Status, headers: HTTPFields = [:]
    ) -> Response {
        guard status.allowsBody else { return Response(status: status, headers: headers) }
        return Response(
            status: status, headers: fields(contentType: contentType(mediaType), adding: headers),
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// `contentType` (if any), then `headers`; a `Content-Type` among them replaces it.
    static func fields(contentType: String?, adding headers: HTTPFields) -> HTTPFields {
        var fields = HTTPFields()
        if let contentType { fields[.contentType] = contentType }
        fields.overlay(headers)
        return fields
    }
}
