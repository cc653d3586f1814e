/// The scopes that the dependants of a security dependency require: FastAPI's `SecurityScopes`.
///
/// A dependency that checks a token's scopes takes it as a parameter, and the routes (or other
/// dependencies) that use the dependency say which scopes they need with
/// ``RequestDependency/requiring(scopes:)``, FastAPI's `Security(dependency, scopes=[...])`:
///
/// ```swift
/// @Dependency
/// func currentUser(scopes: SecurityScopes, @Depends(oauth2.dependency) token: String) throws -> User {
///     let claims = try verify(token)
///     for scope in scopes.scopes where !claims.scopes.contains(scope) {
///         throw HTTPException(.unauthorized, detail: "Not enough permissions",
///                             headers: ["WWW-Authenticate": "Bearer scope=\"\(scopes.scopeString)\""])
///     }
///     ...
/// }
///
/// @GET("/users/me/items/")
/// func ownItems(@Depends(currentUserDependency.requiring(scopes: ["items"])) user: User) -> [Item]
/// ```
///
/// Scopes add up along the chain of dependencies, outermost first, and the OpenAPI document lists
/// them in the operation's security requirement.
public struct SecurityScopes: Sendable, Hashable, RequestInjectable {
    /// The required scopes, outermost dependant's first.
    public let scopes: [String]

    public init(_ scopes: [String]) {
        self.scopes = scopes
    }

    /// The scopes separated by spaces, as OAuth2 writes them (FastAPI's `scope_str`).
    public var scopeString: String { scopes.joined(separator: " ") }

    public static func inject(from input: inout RequestInput) -> SecurityScopes {
        SecurityScopes(input.dependencies.securityScopes)
    }
}

extension RequestDependency {
    /// The dependency, with its dependants requiring `scopes` of it: FastAPI's
    /// `Security(dependency, scopes=[...])`.
    ///
    /// While the dependency (and those it uses) is solved, ``SecurityScopes`` holds these scopes
    /// after the ones required further out. Its value is cached per set of scopes, so one request
    /// can require different scopes of the same dependency in different places.
    public func requiring(scopes: [String]) -> RequestDependency<Value> {
        let inner = self
        let schemes = securitySchemes.map { scheme in
            var scheme = scheme
            scheme.requiredScopes = scopes + scheme.requiredScopes.filter { !scopes.contains($0) }
            return scheme
        }
        return RequestDependency(
            name: name, parameters: parameters, security: security, securitySchemes: schemes
        ) { input in
            let outer = input.dependencies.securityScopes
            input.dependencies.securityScopes = outer + scopes.filter { !outer.contains($0) }
            defer { input.dependencies.securityScopes = outer }
            return try await input.value(of: inner, useCache: true)
        }
    }
}
