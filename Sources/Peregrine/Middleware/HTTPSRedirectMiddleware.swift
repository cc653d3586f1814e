/// Redirects plain-HTTP requests to HTTPS: Starlette's `HTTPSRedirectMiddleware`.
///
/// A request that did not arrive over TLS gets `307 Temporary Redirect` to the same URL with the
/// `https` scheme; port 80 is dropped from the host, other ports are kept. A request is taken to
/// be over TLS when the server terminates TLS itself or when `trustForwardedProto` is set and a
/// proxy's `X-Forwarded-Proto` says `https`.
public struct HTTPSRedirectMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    let trustForwardedProto: Bool

    public init(trustForwardedProto: Bool = false) {
        self.trustForwardedProto = trustForwardedProto
    }

    public func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        let scheme = request.head.scheme ?? request.uri.scheme?.rawValue ?? "http"
        let forwarded = trustForwardedProto ? request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() : nil
        if scheme == "https" || forwarded == "https" { return try await next(request, context) }
        var authority = request.host ?? "localhost"
        if authority.hasSuffix(":80") { authority.removeLast(3) }
        var location = "https://\(authority)\(request.uri.path)"
        if let query = request.uri.query { location += "?\(query)" }
        return RedirectResponse(location).response
    }
}
