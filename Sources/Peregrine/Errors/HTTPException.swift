/// An error that becomes an HTTP response: FastAPI's `HTTPException`.
///
/// ```swift
/// guard let item = items[itemID] else {
///     throw HTTPException(404, detail: "Item not found", headers: ["X-Error": "There goes my error"])
/// }
/// ```
/// is answered with status 404, the header, and `{"detail": "Item not found"}`. Without a detail,
/// the status's reason phrase is used (`{"detail": "Bad Request"}`).
public struct HTTPException: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var detail: JSONValue
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, detail: String? = nil, headers: [String: String] = [:]) {
        self.init(status, detail: detail.map(JSONValue.string) ?? .string(Self.phrase(for: status)), headers: headers)
    }

    /// An exception whose detail is any JSON value (`{"detail": {"code": 7}}`).
    public init(_ status: HTTPResponse.Status, detail: some JSONWritable, headers: [String: String] = [:]) {
        self.status = status
        self.detail = JSONValue(detail)
        var fields = HTTPFields()
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        self.headers = fields
    }

    public var description: String { "HTTPException(\(status.code), detail: \(detail))" }

    /// The phrase FastAPI uses as the detail of an exception without one: Python's
    /// `http.HTTPStatus(code).phrase`, which differs from the current RFC wording for a few codes
    /// (422 is "Unprocessable Entity", 413 "Request Entity Too Large").
    public static func phrase(for status: HTTPResponse.Status) -> String {
        pythonPhrases[status.code] ?? status.reasonPhrase
    }

    private static let pythonPhrases: [Int: String] = [
        100: "Continue",
        101: "Switching Protocols",
        102: "Processing",
        103: "Early Hints",
        200: "OK",
        201: "Created",
        202: "Accepted",
        203: "Non-Authoritative Information",
        204: "No Content",
        205: "Reset Content",
        206: "Partial Content",
        207: "Multi-Status",
        208: "Already Reported",
        226: "IM Used",
        300: "Multiple Choices",
        301: "Moved Permanently",
        302: "Found",
        303: "See Other",
        304: "Not Modified",
        305: "Use Proxy",
        307: "Temporary Redirect",
        308: "Permanent Redirect",
        400: "Bad Request",
        401: "Unauthorized",
        402: "Payment Required",
        403: "Forbidden",
        404: "Not Found",
        405: "Method Not Allowed",
        406: "Not Acceptable",
        407: "Proxy Authentication Required",
        408: "Request Timeout",
        409: "Conflict",
        410: "Gone",
        411: "Length Required",
        412: "Precondition Failed",
        413: "Request Entity Too Large",
        414: "Request-URI Too Long",
        415: "Unsupported Media Type",
        416: "Requested Range Not Satisfiable",
        417: "Expectation Failed",
        418: "I'm a Teapot",
        421: "Misdirected Request",
        422: "Unprocessable Entity",
        423: "Locked",
        424: "Failed Dependency",
        425: "Too Early",
        426: "Upgrade Required",
        428: "Precondition Required",
        429: "Too Many Requests",
        431: "Request Header Fields Too Large",
        451: "Unavailable For Legal Reasons",
        500: "Internal Server Error",
        501: "Not Implemented",
        502: "Bad Gateway",
        503: "Service Unavailable",
        504: "Gateway Timeout",
        505: "HTTP Version Not Supported",
        506: "Variant Also Negotiates",
        507: "Insufficient Storage",
        508: "Loop Detected",
        510: "Not Extended",
        511: "Network Authentication Required",
    ]

    /// The response FastAPI's default handler gives: `{"detail": ...}` with the headers, or an
    /// empty body for statuses that cannot have one.
    public var response: Response {
        if !status.allowsBody {
            return Response(status: status, headers: headers)
        }
        var response = JSONResponse(status: status, content: ["detail": detail]).response
        response.headers.append(contentsOf: headers)
        return response
    }
}

extension HTTPResponse.Status {
    /// Whether a response with this status may carry a body (not 1xx, 204 or 304).
    var allowsBody: Bool {
        !(code < 200 || code == 204 || code == 304)
    }
}

extension RequestValidationError {
    /// FastAPI's default answer: 422 with every issue under `detail`.
    public var response: Response {
        var writer = JSONWriter()
        writer.writeObject { writer in
            writer.writeKey("detail")
            writer.writeArray(issues)
        }
        return JSONResponse.make(status: .unprocessableContent, json: writer.bytes)
    }
}
