import Foundation

/// The user name and password of HTTP Basic authentication.
public struct HTTPBasicCredentials: Sendable, Hashable {
    public let username: String
    public let password: String
}

/// The scheme and credentials of an `Authorization` header.
public struct HTTPAuthorizationCredentials: Sendable, Hashable {
    public let scheme: String
    public let credentials: String
}

/// HTTP Basic authentication: FastAPI's `HTTPBasic`.
///
/// The dependency decodes `Authorization: Basic <base64 of user:password>`; a missing header,
/// another scheme, bad base64 or a value without `:` is 401 `Not authenticated` with
/// `WWW-Authenticate: Basic` (`Basic realm="..."` with a realm). Check the password with
/// ``compareDigest(_:_:)``.
public struct HTTPBasic: Sendable {
    public let info: SecuritySchemeInfo
    public let dependency: RequestDependency<HTTPBasicCredentials>
    /// The credentials, or nil without an `Authorization: Basic` header (FastAPI's
    /// `auto_error=False`). A Basic header that does not decode is still 401, as in FastAPI.
    public let optionalDependency: RequestDependency<HTTPBasicCredentials?>

    public init(schemeName: String? = nil, realm: String? = nil, description: String? = nil) {
        let info = SecuritySchemeInfo(name: schemeName ?? "HTTPBasic", kind: .http(scheme: "basic"), description: description)
        self.info = info
        let challenge = realm.map { "Basic realm=\"\($0)\"" } ?? "Basic"
        self.dependency = RequestDependency(info.name, security: info) { input in
            guard let credentials = try Self.credentials(in: input.request, challenge: challenge) else {
                throw SecurityError.notAuthenticated(challenge: challenge)
            }
            return credentials
        }
        self.optionalDependency = RequestDependency(info.name, security: info) { input in
            .some(try Self.credentials(in: input.request, challenge: challenge))
        }
    }

    /// Nil without a Basic header; a Basic header that does not decode is refused.
    private static func credentials(in request: Request, challenge: String) throws -> HTTPBasicCredentials? {
        let authorization = request.headers[.authorization]
        let (scheme, parameter) = authorizationSchemeAndCredentials(authorization)
        guard authorization?.isEmpty == false, scheme.lowercased() == "basic" else { return nil }
        guard let data = Data(base64Encoded: parameter), let text = String(data: data, encoding: .ascii),
            let colon = text.firstIndex(of: ":")
        else { throw SecurityError.notAuthenticated(challenge: challenge) }
        return HTTPBasicCredentials(username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
    }
}

/// HTTP Bearer authentication: FastAPI's `HTTPBearer`. The dependency gives the scheme and
/// credentials of `Authorization: Bearer <credentials>`; anything else is 401 `Not authenticated`
/// with `WWW-Authenticate: Bearer`.
public struct HTTPBearer: Sendable {
    public let info: SecuritySchemeInfo
    public let dependency: RequestDependency<HTTPAuthorizationCredentials>
    /// The credentials, or nil where ``dependency`` would answer 401: FastAPI's
    /// `HTTPBearer(auto_error=False)`, for endpoints that serve anonymous clients too.
    public let optionalDependency: RequestDependency<HTTPAuthorizationCredentials?>

    public init(schemeName: String? = nil, bearerFormat: String? = nil, description: String? = nil) {
        let info = SecuritySchemeInfo(name: schemeName ?? "HTTPBearer", kind: .http(scheme: "bearer"), description: description)
        self.info = info
        self.dependency = RequestDependency(info.name, security: info) { input in
            guard let credentials = Self.credentials(in: input.request) else { throw SecurityError.notAuthenticated(challenge: "Bearer") }
            return credentials
        }
        self.optionalDependency = RequestDependency(info.name, security: info) { input in
            .some(Self.credentials(in: input.request))
        }
    }

    /// The scheme as sent (checked without regard to case) and the credentials, or nil.
    private static func credentials(in request: Request) -> HTTPAuthorizationCredentials? {
        let authorization = request.headers[.authorization]
        let (scheme, credentials) = authorizationSchemeAndCredentials(authorization)
        guard authorization?.isEmpty == false, !scheme.isEmpty, !credentials.isEmpty, scheme.lowercased() == "bearer" else {
            return nil
        }
        return HTTPAuthorizationCredentials(scheme: scheme, credentials: credentials)
    }
}

/// An API key in a header, a query parameter or a cookie: FastAPI's `APIKeyHeader`,
/// `APIKeyQuery` and `APIKeyCookie`. A missing or empty key is 401 `Not authenticated` with
/// `WWW-Authenticate: APIKey`.
public struct APIKey: Sendable {
    public let info: SecuritySchemeInfo
    public let dependency: RequestDependency<String>
    /// The key, or nil when it is missing or empty (FastAPI's `auto_error=False`).
    public let optionalDependency: RequestDependency<String?>

    /// FastAPI's `APIKeyHeader(name=...)`.
    public static func header(_ name: String, schemeName: String? = nil, description: String? = nil) -> APIKey {
        APIKey(name: name, location: .header, schemeName: schemeName ?? "APIKeyHeader", description: description)
    }

    /// FastAPI's `APIKeyQuery(name=...)`.
    public static func query(_ name: String, schemeName: String? = nil, description: String? = nil) -> APIKey {
        APIKey(name: name, location: .query, schemeName: schemeName ?? "APIKeyQuery", description: description)
    }

    /// FastAPI's `APIKeyCookie(name=...)`.
    public static func cookie(_ name: String, schemeName: String? = nil, description: String? = nil) -> APIKey {
        APIKey(name: name, location: .cookie, schemeName: schemeName ?? "APIKeyCookie", description: description)
    }

    private init(name: String, location: APIKeyLocation, schemeName: String, description: String?) {
        let info = SecuritySchemeInfo(name: schemeName, kind: .apiKey(name: name, location: location), description: description)
        self.info = info
        let headerName = HTTPField.Name(name)
        @Sendable func key(in input: inout RequestInput) -> String? {
            let key: String? =
                switch location {
                case .header: headerName.flatMap { input.request.headers[$0] }
                case .query: input.query.lastValue(for: name)
                case .cookie: input.cookies[name]
                }
            guard let key, !key.isEmpty else { return nil }
            return key
        }
        self.dependency = RequestDependency(info.name, security: info) { input in
            guard let key = key(in: &input) else { throw SecurityError.notAuthenticated(challenge: "APIKey") }
            return key
        }
        self.optionalDependency = RequestDependency(info.name, security: info) { input in .some(key(in: &input)) }
    }
}
