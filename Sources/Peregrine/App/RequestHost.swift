extension Request {
    private static let hostField = HTTPField.Name("Host")!

    /// The host the client asked for: HTTP/1.1's `Host` header, which Hummingbird moves into the
    /// request's authority; a request built in process (tests) may carry the header as well.
    var host: String? {
        headers[Self.hostField] ?? head.authority
    }

    /// The absolute URL of `path` (and `query`, if any) on the host this request asked for:
    /// `http://host/path?query`, the form of Starlette's redirects and `request.url`.
    func absoluteURL(path: some StringProtocol, query: String? = nil) -> String {
        "\(head.scheme ?? "http")://\(host ?? "localhost")\(path)" + (query.map { "?\($0)" } ?? "")
    }
}
