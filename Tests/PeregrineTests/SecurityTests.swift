import Foundation
import Peregrine
import PeregrineTesting
import Testing

@Routes
struct SecuredRoutes {
    static let oauth2 = OAuth2PasswordBearer(tokenURL: "token")
    static let basic = HTTPBasic(realm: "simple")
    static let bearer = HTTPBearer()
    static let headerKey = APIKey.header("X-Key")
    static let queryKey = APIKey.query("api_key")
    static let cookieKey = APIKey.cookie("session")

    @GET("/oauth")
    func oauth(@Depends(Self.oauth2.dependency) token: String) -> JSONValue { ["token": .string(token)] }

    @GET("/oauth-optional")
    func oauthOptional(@Depends(Self.oauth2.optionalDependency) token: String?) -> JSONValue { ["token": JSONValue(token)] }

    @GET("/basic")
    func basic(@Depends(Self.basic.dependency) credentials: HTTPBasicCredentials) -> JSONValue {
        ["username": .string(credentials.username), "password": .string(credentials.password)]
    }

    @GET("/bearer")
    func bearer(@Depends(Self.bearer.dependency) credentials: HTTPAuthorizationCredentials) -> JSONValue {
        ["scheme": .string(credentials.scheme), "credentials": .string(credentials.credentials)]
    }

    @GET("/keys")
    func keys(
        @Depends(Self.headerKey.dependency) header: String, @Depends(Self.queryKey.dependency) query: String,
        @Depends(Self.cookieKey.dependency) cookie: String
    ) -> JSONValue {
        ["header": .string(header), "query": .string(query), "cookie": .string(cookie)]
    }

    @POST("/token")
    func token(@Depends form: OAuth2PasswordRequestForm) -> JSONValue {
        ["username": .string(form.username), "scopes": JSONValue(form.scopes), "client_id": JSONValue(form.clientID)]
    }
}

@Suite("Security schemes")
struct SecurityTests {
    static let app: App = {
        let app = App()
        app.include(SecuredRoutes())
        return app
    }()

    static func expectNotAuthenticated(_ response: TestResponse, challenge: String) {
        #expect(response.status == .unauthorized)
        #expect(response.text == #"{"detail":"Not authenticated"}"#)
        #expect(response.header("www-authenticate") == challenge)
    }

    @Test("OAuth2 bearer: the token, or 401 with a Bearer challenge; optional gives nil")
    func oauth2() async throws {
        try await Self.app.test { client in
            let ok = try await client.get("/oauth", headers: ["Authorization": "Bearer abc.def"])
            #expect(try ok.json() == ["token": "abc.def"])
            Self.expectNotAuthenticated(try await client.get("/oauth"), challenge: "Bearer")
            Self.expectNotAuthenticated(
                try await client.get("/oauth", headers: ["Authorization": "Basic abc"]), challenge: "Bearer")
            let optional = try await client.get("/oauth-optional")
            #expect(try optional.json() == ["token": nil])
        }
    }

    @Test("HTTP Basic: decoded credentials, or 401 with the realm's challenge")
    func basic() async throws {
        try await Self.app.test { client in
            let ok = try await client.get("/basic", headers: ["Authorization": "Basic dXNlcjpwYTpzcw=="])
            #expect(try ok.json() == ["username": "user", "password": "pa:ss"])
            for header in ["", "Basic", "Basic !!!", "Basic dXNlcg==", "Bearer dXNlcjpwYXNz"] {
                let response = try await client.get("/basic", headers: ["Authorization": header])
                Self.expectNotAuthenticated(response, challenge: #"Basic realm="simple""#)
            }
        }
    }

    @Test("HTTP Bearer: scheme and credentials, or 401")
    func bearer() async throws {
        try await Self.app.test { client in
            let ok = try await client.get("/bearer", headers: ["Authorization": "bearer xyz"])
            #expect(try ok.json() == ["scheme": "bearer", "credentials": "xyz"])
            Self.expectNotAuthenticated(try await client.get("/bearer"), challenge: "Bearer")
            Self.expectNotAuthenticated(try await client.get("/bearer", headers: ["Authorization": "Bearer"]), challenge: "Bearer")
            Self.expectNotAuthenticated(try await client.get("/bearer", headers: ["Authorization": "Digest xyz"]), challenge: "Bearer")
        }
    }

    @Test("API keys in a header, a query parameter and a cookie; a missing one is 401 with APIKey")
    func apiKeys() async throws {
        try await Self.app.test { client in
            let ok = try await client.get("/keys?api_key=q", headers: ["X-Key": "h"], cookies: ["session": "c"])
            #expect(try ok.json() == ["header": "h", "query": "q", "cookie": "c"])
            Self.expectNotAuthenticated(try await client.get("/keys?api_key=q", cookies: ["session": "c"]), challenge: "APIKey")
            Self.expectNotAuthenticated(try await client.get("/keys", headers: ["X-Key": "h"], cookies: ["session": "c"]), challenge: "APIKey")
            Self.expectNotAuthenticated(try await client.get("/keys?api_key=q", headers: ["X-Key": "h"]), challenge: "APIKey")
        }
    }

    @Test("the OAuth2 password form: fields, scopes split at spaces, grant_type checked")
    func passwordForm() async throws {
        try await Self.app.test { client in
            let ok = try await client.post(
                "/token", form: [("username", "u"), ("password", "p"), ("scope", "items:read  me"), ("client_id", "app")])
            #expect(try ok.json() == ["username": "u", "scopes": ["items:read", "me"], "client_id": "app"])
            let grant = try await client.post("/token", form: [("grant_type", "client"), ("username", "u"), ("password", "p")])
            #expect(grant.status == .unprocessableContent)
            #expect(
                try grant.json()
                    == [
                        "detail": [
                            [
                                "type": "string_pattern_mismatch", "loc": ["body", "grant_type"],
                                "msg": "String should match pattern '^password$'", "input": "client",
                                "ctx": ["pattern": "^password$"],
                            ]
                        ]
                    ])
        }
    }

    @Test("compareDigest compares whole secrets")
    func digest() {
        #expect(compareDigest("swordfish", "swordfish"))
        #expect(!compareDigest("swordfish", "swordfisH"))
        #expect(!compareDigest("swordfish", "swordfish2"))
        #expect(!compareDigest("", "a"))
        #expect(compareDigest("", ""))
    }

    @Test("the OAuth2 form documents its secrets with format password, as FastAPI's does")
    func passwordFormat() async throws {
        let document = try await Self.app.test { client in try await client.get("/openapi.json").json() }
        let properties = document["components"]?["schemas"]?["Body_token_token_post"]?["properties"]
        #expect(properties?["password"] == ["format": "password", "title": "Password", "type": "string"])
        #expect(properties?["client_secret"]?["anyOf"]?[0] == ["format": "password", "type": "string"])
        #expect(properties?["username"] == ["title": "Username", "type": "string"])
    }
}
