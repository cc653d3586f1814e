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
        self.init(status, detail: detail.map(JSONValue.string) ?? .string(status.reasonPhrase), headers: headers)
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
