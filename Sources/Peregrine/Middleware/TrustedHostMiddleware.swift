/// Refuses requests whose `Host` is not one of the app's: Starlette's `TrustedHostMiddleware`,
/// a guard against Host-header attacks.
///
/// ```swift
/// app.addMiddleware(TrustedHostMiddleware(allowedHosts: ["example.com", "*.example.com"]))
/// ```
///
/// A host matches a name exactly, or a `*.domain` pattern when it ends with `.domain`; the port is
/// ignored, and `"*"` allows any host. Other requests get `400` with the text `Invalid host header`.
/// With `wwwRedirect` (the default), a request for `domain` when only `www.domain` is allowed is
/// redirected there instead.
public struct TrustedHostMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    let allowedHosts: [String]
    let allowAny: Bool
    let wwwRedirect: Bool

    /// - Precondition: a wildcard appears only as the whole pattern or as its first label (`*.example.com`).
    public init(allowedHosts: [String] = ["*"], wwwRedirect: Bool = true) {
        for pattern in allowedHosts where pattern != "*" {
            precondition(
                !pattern.dropFirst().contains("*") && (!pattern.hasPrefix("*") || pattern.hasPrefix("*.")),
                "Domain wildcard patterns must be like '*.example.com'.")
        }
        self.allowedHosts = allowedHosts
        self.allowAny = allowedHosts.contains("*")
        self.wwwRedirect = wwwRedirect
    }

    public func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        if allowAny { return try await next(request, context) }
        let host = Self.hostWithoutPort(request.host ?? "")
        var isValid = false
        var foundWWW = false
        for pattern in allowedHosts {
            if host == pattern || (pattern.hasPrefix("*") && host.hasSuffix(pattern.dropFirst())) {
                isValid = true
                break
            } else if "www." + host == pattern {
                foundWWW = true
            }
        }
        if isValid { return try await next(request, context) }
        if foundWWW && wwwRedirect {
            let scheme = request.uri.scheme?.rawValue ?? "http"
            var location = "\(scheme)://www.\(request.host ?? host)\(request.uri.path)"
            if let query = request.uri.query { location += "?\(query)" }
            return RedirectResponse(location).response
        }
        return TextBody.response("Invalid host header", mediaType: "text/plain", status: .badRequest)
    }

    /// `example.com:8000` → `example.com`; an IPv6 literal keeps its brackets.
    static func hostWithoutPort(_ authority: String) -> String {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return authority }
            return String(authority[...close])
        }
        return String(authority.split(separator: ":", maxSplits: 1).first ?? "")
    }
}
