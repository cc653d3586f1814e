/// A bearer token for OAuth2's password flow: FastAPI's `OAuth2PasswordBearer`.
///
/// ```swift
/// static let oauth2Scheme = OAuth2PasswordBearer(tokenURL: "token")
///
/// @GET("/users/me/")
/// func readUsersMe(@Depends(Self.oauth2Scheme.dependency) token: String) -> JSONValue { ... }
/// ```
///
/// The dependency gives the token of an `Authorization: Bearer <token>` header; without one it
/// answers 401 `Not authenticated` with `WWW-Authenticate: Bearer`. ``optionalDependency`` gives
/// nil instead (FastAPI's `auto_error=False`).
public struct OAuth2PasswordBearer: Sendable {
    public let info: SecuritySchemeInfo
    public let dependency: RequestDependency<String>
    public let optionalDependency: RequestDependency<String?>

    public init(tokenURL: String, schemeName: String? = nil, scopes: [String: String] = [:], description: String? = nil) {
        let info = SecuritySchemeInfo(
            name: schemeName ?? "OAuth2PasswordBearer", kind: .oauth2Password(tokenURL: tokenURL, scopes: scopes),
            description: description)
        self.info = info
        self.optionalDependency = RequestDependency(info.name, security: info) { input in
            .some(Self.token(in: input.request))
        }
        self.dependency = RequestDependency(info.name, security: info) { input in
            guard let token = Self.token(in: input.request) else { throw SecurityError.notAuthenticated(challenge: "Bearer") }
            return token
        }
    }

    private static func token(in request: Request) -> String? {
        let authorization = request.headers[.authorization]
        let (scheme, token) = authorizationSchemeAndCredentials(authorization)
        guard authorization?.isEmpty == false, scheme.lowercased() == "bearer" else { return nil }
        return token
    }
}

/// The form of OAuth2's password flow: FastAPI's `OAuth2PasswordRequestForm`, used with
/// `@Depends form: OAuth2PasswordRequestForm` on the token endpoint.
///
/// `username` and `password` are required form fields; `scope` is split into ``scopes`` at
/// spaces; `grant_type`, when sent, must be `password`.
public struct OAuth2PasswordRequestForm: DependencyType {
    public var grantType: String?
    public var username: String
    public var password: String
    public var scopes: [String]
    public var clientID: String?
    public var clientSecret: String?

    public static let dependency = RequestDependency<OAuth2PasswordRequestForm>(
        "OAuth2PasswordRequestForm",
        FormParameter<String?>("grant_type", constraints: Constraints(pattern: "^password$")),
        FormParameter<String>("username"),
        FormParameter<String>("password").documented(format: "password"),
        FormParameter<String>("scope", default: ""),
        FormParameter<String?>("client_id"),
        FormParameter<String?>("client_secret").documented(format: "password")
    ) { grantType, username, password, scope, clientID, clientSecret in
        OAuth2PasswordRequestForm(
            grantType: grantType, username: username, password: password,
            scopes: scope.split(whereSeparator: \.isWhitespace).map(String.init), clientID: clientID,
            clientSecret: clientSecret)
    }
}
