/// Cross-origin resource sharing: FastAPI's (Starlette's) `CORSMiddleware`, with its parameters,
/// defaults and answers.
///
/// ```swift
/// app.addMiddleware(CORSMiddleware(allowOrigins: ["https://example.com"], allowMethods: ["GET", "POST"],
///                                  allowHeaders: ["X-Token"]))
/// ```
///
/// A preflight request (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered
/// here: `200 OK` when origin, method and headers are allowed, otherwise `400` with
/// `Disallowed CORS origin, method, headers` naming what failed. Other requests go on, and their
/// response gets `Access-Control-Allow-Origin` (the origin itself, or `*` when every origin is
/// allowed without credentials) and `Vary: Origin`.
///
/// Hummingbird's own `CORSMiddleware` answers differently (no 400 for a refused preflight, no
/// origin list or regex, no `Vary`), so this one follows Starlette instead.
public struct CORSMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    static let allMethods = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "QUERY"]
    static let safelistedHeaders: Set<String> = ["Accept", "Accept-Language", "Content-Language", "Content-Type"]

    private let allowOrigins: Set<String>
    private let allowMethods: [String]
    private let allowHeaders: Set<String>
    private let allowAllOrigins: Bool
    private let allowAllHeaders: Bool
    private let allowCredentials: Bool
    private let allowPrivateNetwork: Bool
    private let allowOriginRegex: Pattern?
    private let preflightExplicitAllowOrigin: Bool
    private let simpleHeaders: [(HTTPField.Name, String)]
    private let preflightHeaders: [(HTTPField.Name, String)]

    /// - Parameters:
    ///   - allowOrigins: origins allowed to make cross-origin requests; `"*"` allows any.
    ///   - allowMethods: methods allowed in cross-origin requests; `"*"` allows all.
    ///   - allowHeaders: request headers allowed beyond the CORS-safelisted ones; `"*"` allows any.
    ///   - allowCredentials: whether cookies and authorization may be sent; the allowed origin is
    ///     then always named, never `*`.
    ///   - allowOriginRegex: a pattern an allowed origin matches in full.
    ///   - exposeHeaders: response headers the browser may show to scripts.
    ///   - maxAge: seconds browsers may cache a preflight answer.
    /// - Precondition: `allowOriginRegex` is a valid regular expression.
    public init(
        allowOrigins: [String] = [], allowMethods: [String] = ["GET"], allowHeaders: [String] = [],
        allowCredentials: Bool = false, allowOriginRegex: String? = nil, allowPrivateNetwork: Bool = false,
        exposeHeaders: [String] = [], maxAge: Int = 600
    ) {
        let methods = allowMethods.contains("*") ? Self.allMethods : allowMethods
        allowAllOrigins = allowOrigins.contains("*")
        allowAllHeaders = allowHeaders.contains("*")
        preflightExplicitAllowOrigin = !allowAllOrigins || allowCredentials
        self.allowOriginRegex = allowOriginRegex.map(Pattern.init)

        var simple: [(HTTPField.Name, String)] = []
        if allowAllOrigins { simple.append((.accessControlAllowOrigin, "*")) }
        if allowCredentials { simple.append((.accessControlAllowCredentials, "true")) }
        if !exposeHeaders.isEmpty { simple.append((.accessControlExposeHeaders, exposeHeaders.joined(separator: ", "))) }

        var preflight: [(HTTPField.Name, String)] = [
            (.vary, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network")
        ]
        if !preflightExplicitAllowOrigin { preflight.append((.accessControlAllowOrigin, "*")) }
        preflight.append((.accessControlAllowMethods, methods.joined(separator: ", ")))
        preflight.append((.accessControlMaxAge, String(maxAge)))
        let headers = Self.safelistedHeaders.union(allowHeaders).sorted()
        if !allowAllHeaders { preflight.append((.accessControlAllowHeaders, headers.joined(separator: ", "))) }
        if allowCredentials { preflight.append((.accessControlAllowCredentials, "true")) }

        self.allowOrigins = Set(allowOrigins)
        self.allowMethods = methods
        self.allowHeaders = Set(headers.map { $0.lowercased() })
        self.allowCredentials = allowCredentials
        self.allowPrivateNetwork = allowPrivateNetwork
        self.simpleHeaders = simple
        self.preflightHeaders = preflight
    }

    public func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        let origin = request.headers[.origin]
        if let origin, request.method == .options, let method = request.headers[.accessControlRequestMethod] {
            return preflight(origin: origin, method: method, request: request)
        }
        var response = try await next(request, context)
        if let origin {
            for (name, value) in simpleHeaders { response.headers[name] = value }
            if allowAllOrigins ? allowCredentials : isAllowed(origin: origin) {
                response.headers[.accessControlAllowOrigin] = origin
            }
        }
        // Starlette varies on the origin in every case, with or without one.
        appendVary(to: &response.headers)
        return response
    }

    private func appendVary(to headers: inout HTTPFields) {
        let existing = headers[values: .vary]
        headers[.vary] = (existing + ["Origin"]).joined(separator: ", ")
    }

    private func isAllowed(origin: String) -> Bool {
        if allowAllOrigins { return true }
        if let allowOriginRegex, allowOriginRegex.matchesWhole(origin) { return true }
        return allowOrigins.contains(origin)
    }

    private func preflight(origin: String, method: String, request: Request) -> Response {
        var headers = HTTPFields()
        for (name, value) in preflightHeaders { headers[name] = value }
        var failures: [String] = []
        if isAllowed(origin: origin) {
            if preflightExplicitAllowOrigin { headers[.accessControlAllowOrigin] = origin }
        } else {
            failures.append("origin")
        }
        if !allowMethods.contains(method) { failures.append("method") }
        let requestedHeaders = request.headers[.accessControlRequestHeaders]
        if allowAllHeaders, let requestedHeaders {
            headers[.accessControlAllowHeaders] = requestedHeaders
        } else if let requestedHeaders {
            let refused = requestedHeaders.split(separator: ",", omittingEmptySubsequences: false).contains {
                !allowHeaders.contains(String($0.lowercased().trimmingWhitespace()))
            }
            if refused { failures.append("headers") }
        }
        if request.headers[.accessControlRequestPrivateNetwork] != nil {
            if allowPrivateNetwork {
                headers[.accessControlAllowPrivateNetwork] = "true"
            } else {
                failures.append("private-network")
            }
        }
        if failures.isEmpty { return TextBody.response("OK", mediaType: "text/plain", status: .ok, headers: headers) }
        return TextBody.response(
            "Disallowed CORS " + failures.joined(separator: ", "), mediaType: "text/plain", status: .badRequest,
            headers: headers)
    }
}

extension HTTPField.Name {
    static let accessControlRequestPrivateNetwork = HTTPField.Name("Access-Control-Request-Private-Network")!
    static let accessControlAllowPrivateNetwork = HTTPField.Name("Access-Control-Allow-Private-Network")!
}
