/// A response whose body is a JSON document: FastAPI's `JSONResponse`.
///
/// Endpoints normally return values and let the route encode them; a `JSONResponse` is for
/// choosing the status and headers at run time, and for exception handlers:
///
/// ```swift
/// app.exceptionHandler(UnicornError.self) { request, error in
///     JSONResponse(status: 418, content: ["message": .string("Oops! \(error.name) did something.")])
/// }
/// ```
public struct JSONResponse: ResponseGenerator, BackgroundCarrying, Sendable {
    public var status: HTTPResponse.Status
    public var headers: HTTPFields
    /// Tasks to run after this response has been sent (Starlette's `background=`); an endpoint's
    /// injected ``BackgroundTasks`` run too, before these.
    public var background: BackgroundTasks?
    private let body: [UInt8]

    public init(
        status: HTTPResponse.Status = .ok, content: some JSONWritable, headers: HTTPFields = [:],
        background: BackgroundTasks? = nil
    ) {
        var writer = JSONWriter()
        content.writeJSON(to: &writer)
        self.status = status
        self.headers = headers
        self.background = background
        self.body = writer.bytes
    }

    public var response: Response {
        var response = Self.make(status: status, json: body)
        response.headers.overlay(headers)
        return response
    }

    public func response(from request: Request, context: some RequestContext) -> Response { response }

    /// A response carrying `json`, already encoded, with FastAPI's content type.
    static func make(status: HTTPResponse.Status, json: [UInt8]) -> Response {
        guard status.allowsBody else { return Response(status: status) }
        return Response(status: status, headers: jsonHeaders, body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }

    /// Built once: a field's value is checked each time one is made.
    private static let jsonHeaders: HTTPFields = [.contentType: "application/json"]
}
