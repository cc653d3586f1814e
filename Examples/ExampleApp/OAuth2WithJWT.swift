import Foundation
import HummingbirdBcrypt
import JWTKit
import NIOPosix
import Peregrine

/// FastAPI's "OAuth2 with Password (and hashing), Bearer with JWT tokens" tutorial, with its
/// scopes chapter, under `/jwt/`: passwords stored as bcrypt hashes, tokens signed with HS256 that
/// expire after 30 minutes, and scopes granted at login and required per endpoint.
///
/// ```
/// POST /jwt/token  username=johndoe&password=secret&scope=me items   → {"access_token": …, "token_type": "bearer"}
/// GET  /jwt/users/me/        (scope "me")           → the account
/// GET  /jwt/users/me/items/  (scopes "me", "items") → the account's items
/// GET  /jwt/status/          (any valid token)      → {"status": "ok"}
/// ```
enum OAuth2WithJWT {
    /// The signing secret. A real service reads it from its configuration
    /// (`openssl rand -hex 32` makes one); it is fixed here so the example runs as it is.
    static let secretKey = "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7"
    static let accessTokenLifetime: TimeInterval = 30 * 60

    /// Named apart from the reference section's scheme, which the document lists too.
    static let oauth2 = OAuth2PasswordBearer(
        tokenURL: "jwt/token", schemeName: "OAuth2WithJWT",
        scopes: ["me": "Read information about the current user.", "items": "Read items."])

    /// The tutorial's accounts, with bcrypt hashes (cost 10) of "secret" (johndoe) and "secret2"
    /// (alice, disabled).
    static let accounts: [String: StoredAccount] = [
        "johndoe": StoredAccount(
            username: "johndoe", full_name: "John Doe", email: "johndoe@example.com",
            hashedPassword: "$2b$10$5PHfcgIUU2lHkSDGpQ2oOu9h2vPEx.QeaCSFQgw2a7cDRin74oUXG", disabled: false),
        "alice": StoredAccount(
            username: "alice", full_name: "Alice Wonderson", email: "alice@example.com",
            hashedPassword: "$2b$10$bBCLhqbVnCncmC32WXqV.ONBB.u4j2pBisdN7Q086.37VC71Gye82", disabled: true),
    ]

    /// Checked against when the user does not exist, so that an unknown name takes as long to
    /// refuse as a wrong password (the tutorial's `DUMMY_HASH`, of "dummypassword").
    static let dummyHash = "$2b$10$MhhsAq4Y0YTLI0r60ElQn.SsB9tnQWd1lgjMdgJjl5YvG0VARo/bi"

    static let unauthorized = AdditionalResponse(
        "Missing or invalid token, or one without the required scopes", model: ErrorDetail.self)
    static let activeAccountErrors: [Int: AdditionalResponse] = [
        401: unauthorized, 400: AdditionalResponse("Inactive user", model: ErrorDetail.self),
    ]

    /// The only algorithm tokens may name: the tutorial's `ALGORITHM`.
    static let algorithm = "HS256"

    /// The key collection, built once: adding a key is asynchronous in JWTKit.
    static let keys = Task { await JWTKeyCollection().add(hmac: HMACKey(from: secretKey), digestAlgorithm: .sha256) }

    /// Bcrypt is deliberately slow, so the check runs on NIO's thread pool rather than holding
    /// one of the few threads that serve requests.
    static func verifyPassword(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    static func authenticate(username: String, password: String) async throws -> StoredAccount? {
        guard let account = accounts[username] else {
            _ = try await verifyPassword(password, hash: dummyHash)
            return nil
        }
        return try await verifyPassword(password, hash: account.hashedPassword) ? account : nil
    }

    static func createAccessToken(subject: String, scopes: [String], lifetime: TimeInterval) async throws -> String {
        let claims = TokenClaims(
            sub: SubjectClaim(value: subject), exp: ExpirationClaim(value: Date().addingTimeInterval(lifetime)),
            scope: scopes.joined(separator: " "))
        return try await keys.value.sign(claims)
    }
}

/// What a token says: whose it is, until when, and the scopes granted.
struct TokenClaims: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var scope: String?

    func verify(using algorithm: some JWTAlgorithm) throws {
        try exp.verifyNotExpired()
    }
}

/// The body of an `HTTPException`, for documenting the errors below.
@Model
struct ErrorDetail {
    var detail: String
}

@Model
struct Token {
    var access_token: String
    var token_type: String
}

/// The account as clients see it.
@Model
struct JWTAccount {
    @Field(examples: ["johndoe"]) var username: String
    @Field(examples: ["johndoe@example.com"]) var email: String? = nil
    @Field(examples: ["John Doe"]) var full_name: String? = nil
    var disabled: Bool? = nil
}

/// The account as stored, with the password's hash.
struct StoredAccount: Sendable {
    var username: String
    var full_name: String
    var email: String
    var hashedPassword: String
    var disabled: Bool

    var account: JWTAccount { JWTAccount(username: username, email: email, full_name: full_name, disabled: disabled) }
}

/// The account the bearer token belongs to, provided the token is valid, unexpired, and grants
/// every scope the dependants require.
@Dependency
func jwtCurrentAccount(scopes: SecurityScopes, @Depends(OAuth2WithJWT.oauth2.dependency) token: String) async throws -> JWTAccount {
    let challenge = scopes.scopes.isEmpty ? "Bearer" : "Bearer scope=\"\(scopes.scopeString)\""
    let invalid = HTTPException(.unauthorized, detail: "Could not validate credentials", headers: ["WWW-Authenticate": challenge])
    let claims: TokenClaims
    do {
        // PyJWT's `algorithms=[ALGORITHM]`: JWTKit checks the signature with the key it holds
        // whatever the header's `alg` claims, so a header naming another algorithm is refused first.
        guard try DefaultJWTParser().parse(Array(token.utf8), as: TokenClaims.self).header.alg == OAuth2WithJWT.algorithm else {
            throw invalid
        }
        claims = try await OAuth2WithJWT.keys.value.verify(token, as: TokenClaims.self)
    } catch {
        throw invalid
    }
    guard let stored = OAuth2WithJWT.accounts[claims.sub.value] else { throw invalid }
    let granted = (claims.scope ?? "").split(separator: " ").map(String.init)
    for scope in scopes.scopes where !granted.contains(scope) {
        throw HTTPException(.unauthorized, detail: "Not enough permissions", headers: ["WWW-Authenticate": challenge])
    }
    return stored.account
}

/// The current account, which must be active; requires the "me" scope.
@Dependency
func jwtCurrentActiveAccount(@Depends(jwtCurrentAccountDependency.requiring(scopes: ["me"])) account: JWTAccount) throws -> JWTAccount {
    if account.disabled == true { throw HTTPException(.badRequest, detail: "Inactive user") }
    return account
}

@Routes
struct OAuth2WithJWTRoutes {
    /// Logs in with the OAuth2 password form; the token grants the scopes asked for.
    @POST("/jwt/token", responses: [400: AdditionalResponse("Incorrect username or password", model: ErrorDetail.self)])
    func loginForAccessToken(@Depends form: OAuth2PasswordRequestForm) async throws -> Token {
        guard let account = try await OAuth2WithJWT.authenticate(username: form.username, password: form.password) else {
            throw HTTPException(.badRequest, detail: "Incorrect username or password")
        }
        let token = try await OAuth2WithJWT.createAccessToken(
            subject: account.username, scopes: form.scopes, lifetime: OAuth2WithJWT.accessTokenLifetime)
        return Token(access_token: token, token_type: "bearer")
    }

    @GET("/jwt/users/me/", responseModel: JWTAccount.self, responses: OAuth2WithJWT.activeAccountErrors)
    func readUsersMe(@Depends(jwtCurrentActiveAccountDependency) account: JWTAccount) -> JWTAccount {
        account
    }

    @GET("/jwt/users/me/items/", responses: OAuth2WithJWT.activeAccountErrors)
    func readOwnItems(
        @Depends(jwtCurrentActiveAccountDependency.requiring(scopes: ["items"])) account: JWTAccount
    ) -> JSONValue {
        [["item_id": "Foo", "owner": .string(account.username)]]
    }

    @GET("/jwt/status/", responses: [401: OAuth2WithJWT.unauthorized])
    func readSystemStatus(@Depends(jwtCurrentAccountDependency) account: JWTAccount) -> JSONValue {
        ["status": "ok"]
    }
}
