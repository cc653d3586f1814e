import Foundation

/// How a security scheme reads credentials, as the OpenAPI document describes it.
public enum SecuritySchemeKind: Sendable, Hashable {
    /// OAuth2's password flow: a bearer token obtained from `tokenURL`.
    case oauth2Password(tokenURL: String, scopes: [String: String])
    /// An `Authorization: <scheme> ...` header (`basic`, `bearer`).
    case http(scheme: String)
    /// A key in a header, query parameter or cookie.
    case apiKey(name: String, location: APIKeyLocation)
}

/// Where an API key is sent: OpenAPI's three places for one.
public enum APIKeyLocation: Sendable, Hashable {
    case header, query, cookie
}

/// A security scheme's description: FastAPI's `scheme_name` (the class name by default), what it
/// reads, and a description for the documentation.
public struct SecuritySchemeInfo: Sendable, Hashable {
    public var name: String
    public var kind: SecuritySchemeKind
    public var description: String?
    /// The scopes an operation requires of the scheme, from the ``RequestDependency/requiring(scopes:)``
    /// between the operation and the scheme: the operation's security requirement in the document.
    public var requiredScopes: [String] = []
}

/// What the security schemes answer when credentials are missing or unusable: FastAPI's 401
/// `Not authenticated` with the scheme's challenge.
enum SecurityError {
    static func notAuthenticated(challenge: String) -> HTTPException {
        HTTPException(.unauthorized, detail: "Not authenticated", headers: ["WWW-Authenticate": challenge])
    }
}

/// `Authorization: <scheme> <credentials>` split as FastAPI's `get_authorization_scheme_param`.
func authorizationSchemeAndCredentials(_ header: String?) -> (scheme: String, credentials: String) {
    guard let header, !header.isEmpty else { return ("", "") }
    guard let space = header.firstIndex(of: " ") else { return (header, "") }
    return (String(header[..<space]), String(header[header.index(after: space)...].trimmingWhitespace()))
}

/// Compares two secrets in time that depends only on their lengths, not on where they differ:
/// Python's `secrets.compare_digest`, for checking passwords and keys.
public func compareDigest(_ first: some StringProtocol, _ second: some StringProtocol) -> Bool {
    let a = Array(first.utf8)
    let b = Array(second.utf8)
    var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
    if a.count != b.count { difference |= 1 }
    for index in 0..<max(a.count, b.count) {
        let x = index < a.count ? a[index] : 0
        let y = index < b.count ? b[index] : 0
        difference |= x ^ y
    }
    return difference == 0
}
