extension Request {
    private static let hostField = HTTPField.Name("Host")!

    /// The host the client asked for: HTTP/1.1's `Host` header, which Hummingbird moves into the
    /// request's authority; a request built in process (tests) may carry the header as well.
    var host: String? {
        headers[Self.hostField] ?? head.authority
    }
}
