import Peregrine

/// The reference app's security section: an OAuth2 password flow with a fake token, HTTP Basic
/// checked in constant time, and an API key header.
@Routes
struct SecurityExamples {
    struct FakeUser: Sendable {
        var username: String
        var fullName: String
        var email: String
        var password: String
        var disabled: Bool
    }

    static let fakeUsers: [String: FakeUser] = [
        "johndoe": FakeUser(
            username: "johndoe", fullName: "John Doe", email: "johndoe@example.com", password: "secret", disabled: false),
        "alice": FakeUser(
            username: "alice", fullName: "Alice Wonderson", email: "alice@example.com", password: "secret2", disabled: true),
    ]

    static let oauth2Scheme = OAuth2PasswordBearer(tokenURL: "token")
    static let basic = HTTPBasic()
    static let apiKey = APIKey.header("X-API-Key")

    @POST("/token")
    func token(@Depends form: OAuth2PasswordRequestForm) throws -> JSONValue {
        guard let user = Self.fakeUsers[form.username], compareDigest(form.password, user.password) else {
            throw HTTPException(.badRequest, detail: "Incorrect username or password")
        }
        return ["access_token": .string(user.username), "token_type": "bearer"]
    }

    @GET("/users/me/")
    func readUsersMe(@Depends(Self.oauth2Scheme.dependency) token: String) throws -> JSONValue {
        guard let user = Self.fakeUsers[token] else {
            throw HTTPException(
                .unauthorized, detail: "Invalid authentication credentials", headers: ["WWW-Authenticate": "Bearer"])
        }
        if user.disabled { throw HTTPException(.badRequest, detail: "Inactive user") }
        return [
            "username": .string(user.username), "full_name": .string(user.fullName), "email": .string(user.email),
            "disabled": .bool(user.disabled),
        ]
    }

    @GET("/basic/")
    func readBasic(@Depends(Self.basic.dependency) credentials: HTTPBasicCredentials) throws -> JSONValue {
        // Both comparisons always run, so the time taken does not tell which part was wrong.
        let userOK = compareDigest(credentials.username, "stanleyjobson")
        let passwordOK = compareDigest(credentials.password, "swordfish")
        guard userOK && passwordOK else {
            throw HTTPException(.unauthorized, detail: "Incorrect username or password", headers: ["WWW-Authenticate": "Basic"])
        }
        return ["username": .string(credentials.username)]
    }

    @GET("/apikey/")
    func readAPIKey(@Depends(Self.apiKey.dependency) key: String) -> JSONValue {
        ["key": .string(key)]
    }
}
