import Peregrine
import PeregrineTesting
import Synchronization
import Testing

/// Records each run of ``scopedUser``, with the scopes it saw.
let scopedUserRuns = Mutex<[[String]]>([])

/// A user whose token must grant every scope the dependants require; the token is the list of
/// granted scopes, separated by commas.
@Dependency
func scopedUser(scopes: SecurityScopes, @Depends(ScopedRoutes.oauth2.dependency) token: String) throws -> String {
    scopedUserRuns.withLock { $0.append(scopes.scopes) }
    let granted = token.split(separator: ",").map(String.init)
    for scope in scopes.scopes where !granted.contains(scope) {
        throw HTTPException(
            .unauthorized, detail: "Not enough permissions", headers: ["WWW-Authenticate": "Bearer scope=\"\(scopes.scopeString)\""])
    }
    return "user(\(scopes.scopeString))"
}

@Dependency
func scopedActiveUser(@Depends(scopedUserDependency.requiring(scopes: ["me"])) user: String) -> String {
    user
}

@Routes
struct ScopedRoutes {
    static let oauth2 = OAuth2PasswordBearer(tokenURL: "token", scopes: ["me": "Me", "items": "Items"])

    @GET("/me")
    func me(@Depends(scopedActiveUserDependency) user: String) -> String { user }

    @GET("/items")
    func items(@Depends(scopedActiveUserDependency.requiring(scopes: ["items"])) user: String) -> String { user }

    @GET("/status")
    func status(@Depends(scopedUserDependency) user: String) -> String { user }

    /// The same dependency with two sets of scopes in one request: each set runs it once.
    @GET("/both")
    func both(
        @Depends(scopedUserDependency) plain: String,
        @Depends(scopedUserDependency.requiring(scopes: ["items"])) scoped: String
    ) -> JSONValue {
        ["plain": .string(plain), "scoped": .string(scoped)]
    }
}

/// FastAPI's `Security(dependency, scopes=[...])` and `SecurityScopes`.
@Suite("Security scopes", .serialized)
struct SecurityScopesTests {
    static let app: App = {
        let app = App()
        app.include(ScopedRoutes())
        return app
    }()

    @Test("scopes add up along the dependency chain, outermost first, and reach the dependency")
    func scopesAccumulate() async throws {
        try await Self.app.test { client in
            let me = try await client.get("/me", headers: ["authorization": "Bearer me,items"])
            #expect(try me.json() == "user(me)")
            let items = try await client.get("/items", headers: ["authorization": "Bearer me,items"])
            #expect(try items.json() == "user(items me)")
            let status = try await client.get("/status", headers: ["authorization": "Bearer nothing"])
            #expect(try status.json() == "user()")
        }
    }

    @Test("a scope the token lacks is refused with the dependency's 401 and its challenge")
    func missingScope() async throws {
        try await Self.app.test { client in
            let response = try await client.get("/items", headers: ["authorization": "Bearer me"])
            #expect(response.status == .unauthorized)
            #expect(response.text == #"{"detail":"Not enough permissions"}"#)
            #expect(response.header("www-authenticate") == #"Bearer scope="items me""#)
        }
    }

    @Test("the value is cached per set of scopes: one run for each within a request")
    func cachedPerScopes() async throws {
        scopedUserRuns.withLock { $0 = [] }
        try await Self.app.test { client in
            let response = try await client.get("/both", headers: ["authorization": "Bearer items"])
            #expect(try response.json() == ["plain": "user()", "scoped": "user(items)"])
        }
        #expect(scopedUserRuns.withLock { $0 } == [[], ["items"]])
    }

    @Test("the document lists each operation's scopes in its security requirement")
    func documented() async throws {
        let document = try await Self.app.test { client in try await client.get("/openapi.json").json() }
        #expect(document["paths"]?["/me"]?["get"]?["security"] == [["OAuth2PasswordBearer": ["me"]]])
        #expect(document["paths"]?["/items"]?["get"]?["security"] == [["OAuth2PasswordBearer": ["items", "me"]]])
        #expect(document["paths"]?["/status"]?["get"]?["security"] == [["OAuth2PasswordBearer": []]])
        #expect(
            document["paths"]?["/both"]?["get"]?["security"]
                == [["OAuth2PasswordBearer": []], ["OAuth2PasswordBearer": ["items"]]])
    }
}
