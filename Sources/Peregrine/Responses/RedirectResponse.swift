/// A redirect: FastAPI's `RedirectResponse`, `307 Temporary Redirect` unless told otherwise.
///
/// ```swift
/// @GET("/typer")
/// func redirectTyper() -> RedirectResponse { RedirectResponse("https://typer.tiangolo.com") }
/// ```
public struct RedirectResponse: ResponseGenerator, BackgroundCarrying, Sendable {
    public var url: String
    public var status: HTTPResponse.Status
    public var headers: HTTPFields
    public var background: BackgroundTasks?

    public init(
        _ url: String, status: HTTPResponse.Status = .temporaryRedirect, headers: HTTPFields = [:],
        background: BackgroundTasks? = nil
    ) {
        self.url = url
        self.status = status
        self.headers = headers
        self.background = background
    }

    public func response(from request: Request, context: some RequestContext) -> Response { response }

    /// The response, for middleware and exception handlers that build one themselves.
    public var response: Response {
        var fields = headers
        fields[.location] = Self.quote(url)
        fields[.contentLength] = "0"
        return Response(status: status, headers: fields)
    }

    private static let safe = Set(":/%#?=@[]!$&'()*+,;_.-~".utf8)

    /// Python's `urllib.parse.quote(url, safe=":/%#?=@[]!$&'()*+,;")`, as Starlette applies it:
    /// letters, digits and URL punctuation stay, everything else is percent-encoded as UTF-8.
    static func quote(_ url: String) -> String {
        var result = ""
        for byte in url.utf8 {
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || safe.contains(byte)
            {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
