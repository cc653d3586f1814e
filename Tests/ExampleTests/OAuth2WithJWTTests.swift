import Foundation
import JWTKit
import Peregrine
import PeregrineTesting
import Testing

@testable import ExampleApp

/// The example's OAuth2-with-JWT tutorial: bcrypt-hashed passwords, signed expiring tokens and
/// scopes, each path tried the way a client would.
@Suite("Example: OAuth2 with JWT")
struct OAuth2WithJWTTests {
    static let app = makeExampleApp()

    /// Logs in through the form and returns the token.
    static func login(_ client: TestClient, _ username: String, _ password: String, scope: String) async throws -> String {
        let response = try await client.post(
            "/jwt/token", form: [("username", username), ("password", password), ("scope", scope)])
        #expect(response.status == .ok)
        let body = try response.json()
        #expect(body["token_type"] == "bearer")
        guard case .string(let token)? = body["access_token"] else {
            Issue.record("no token in \(response.text)")
            return ""
        }
        return token
    }

    /// The token's claims, decoded without checking the signature.
    static func claims(_ token: String) throws -> [String: Any] {
        let part = String(token.split(separator: ".")[1])
        var base64 = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let data = try #require(Data(base64Encoded: base64))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("a token signed with the key under a header naming another algorithm is refused, as PyJWT's algorithms=[...] refuses it")
    func algorithmConfusion() async throws {
        try await Self.app.test { client in
            let claims = TokenClaims(
                sub: SubjectClaim(value: "johndoe"), exp: ExpirationClaim(value: Date().addingTimeInterval(600)), scope: "me items")
            for algorithm in ["none", "RS256", "HS512", "hs256"] {
                // JWTKit keeps a header's own `alg`: a valid HS256 signature under a false claim.
                let token = try await OAuth2WithJWT.keys.value.sign(claims, header: ["alg": .string(algorithm)])
                let response = try await client.get("/jwt/users/me/", headers: ["authorization": "Bearer \(token)"])
                #expect(response.statusCode == 401, "\(algorithm)")
                #expect(try response.json() == ["detail": "Could not validate credentials"], "\(algorithm)")
            }
            let honest = try await OAuth2WithJWT.keys.value.sign(claims)
            let response = try await client.get("/jwt/users/me/", headers: ["authorization": "Bearer \(honest)"])
            #expect(response.statusCode == 200)
            #expect(try response.json()["username"] == "johndoe")
        }
    }

    @Test("logging in gives an HS256 token for the user, with the scopes asked for, expiring in 30 minutes")
    func login() async throws {
        try await Self.app.test { client in
            let token = try await Self.login(client, "johndoe", "secret", scope: "me items")
            let claims = try Self.claims(token)
            #expect(claims["sub"] as? String == "johndoe")
            #expect(claims["scope"] as? String == "me items")
            let expiry = try #require(claims["exp"] as? Double)
            #expect(abs(expiry - Date().addingTimeInterval(30 * 60).timeIntervalSince1970) < 60)
            let header = String(token.split(separator: ".")[0])
            #expect(Data(base64Encoded: header + String(repeating: "=", count: (4 - header.count % 4) % 4))
                .flatMap { String(data: $0, encoding: .utf8) }?.contains(#""alg":"HS256""#) == true)
        }
    }

    @Test("a wrong password and an unknown user get the same 400")
    func badCredentials() async throws {
        try await Self.app.test { client in
            for (username, password) in [("johndoe", "wrong"), ("nobody", "secret")] {
                let response = try await client.post("/jwt/token", form: [("username", username), ("password", password)])
                #expect(response.status == .badRequest)
                #expect(response.text == #"{"detail":"Incorrect username or password"}"#)
            }
        }
    }

    @Test("the token reads the account (response model) and, with the items scope, the account's items")
    func scopedReads() async throws {
        try await Self.app.test { client in
            let token = try await Self.login(client, "johndoe", "secret", scope: "me items")
            let me = try await client.get("/jwt/users/me/", headers: ["authorization": "Bearer \(token)"])
            #expect(
                me.text == #"{"username":"johndoe","email":"johndoe@example.com","full_name":"John Doe","disabled":false}"#)
            let items = try await client.get("/jwt/users/me/items/", headers: ["authorization": "Bearer \(token)"])
            #expect(try items.json() == [["item_id": "Foo", "owner": "johndoe"]])
        }
    }

    @Test("a token without a required scope: 401 Not enough permissions, with the scopes in the challenge")
    func missingScope() async throws {
        try await Self.app.test { client in
            let token = try await Self.login(client, "johndoe", "secret", scope: "me")
            let items = try await client.get("/jwt/users/me/items/", headers: ["authorization": "Bearer \(token)"])
            #expect(items.status == .unauthorized)
            #expect(items.text == #"{"detail":"Not enough permissions"}"#)
            #expect(items.header("www-authenticate") == #"Bearer scope="items me""#)
            // /jwt/status/ requires no scope: any valid token will do.
            let bare = try await Self.login(client, "johndoe", "secret", scope: "")
            let status = try await client.get("/jwt/status/", headers: ["authorization": "Bearer \(bare)"])
            #expect(try status.json() == ["status": "ok"])
        }
    }

    @Test("expired, forged and malformed tokens: 401 Could not validate credentials; no token: 401 Not authenticated")
    func invalidTokens() async throws {
        let expired = try await OAuth2WithJWT.createAccessToken(subject: "johndoe", scopes: ["me"], lifetime: -60)
        let valid = try await OAuth2WithJWT.createAccessToken(subject: "johndoe", scopes: ["me"], lifetime: 60)
        let parts = valid.split(separator: ".")
        let forged = parts[0] + "." + parts[1] + "." + String(parts[2].reversed())
        let unknown = try await OAuth2WithJWT.createAccessToken(subject: "mallory", scopes: ["me"], lifetime: 60)
        try await Self.app.test { client in
            for token in [expired, String(forged), "not-a-jwt", unknown] {
                let response = try await client.get("/jwt/users/me/", headers: ["authorization": "Bearer \(token)"])
                #expect(response.status == .unauthorized, "\(token)")
                #expect(response.text == #"{"detail":"Could not validate credentials"}"#)
                #expect(response.header("www-authenticate") == #"Bearer scope="me""#)
            }
            let none = try await client.get("/jwt/users/me/")
            #expect(none.status == .unauthorized)
            #expect(none.text == #"{"detail":"Not authenticated"}"#)
            #expect(none.header("www-authenticate") == "Bearer")
        }
    }

    @Test("a disabled account logs in but is refused with 400 Inactive user")
    func inactive() async throws {
        try await Self.app.test { client in
            let token = try await Self.login(client, "alice", "secret2", scope: "me")
            let me = try await client.get("/jwt/users/me/", headers: ["authorization": "Bearer \(token)"])
            #expect(me.status == .badRequest)
            #expect(me.text == #"{"detail":"Inactive user"}"#)
        }
    }

    @Test("the document shows the OAuth2 flow with its scopes, each operation's required scopes, and the errors")
    func documented() async throws {
        try await Self.app.test { client in
            let document = try await client.get("/openapi.json").json()
            #expect(document["paths"]?["/jwt/users/me/items/"]?["get"]?["security"] == [["OAuth2WithJWT": ["items", "me"]]])
            #expect(document["paths"]?["/jwt/users/me/"]?["get"]?["security"] == [["OAuth2WithJWT": ["me"]]])
            #expect(document["paths"]?["/jwt/status/"]?["get"]?["security"] == [["OAuth2WithJWT": []]])
            #expect(
                document["components"]?["securitySchemes"]?["OAuth2WithJWT"]?["flows"]?["password"]
                    == ["scopes": ["items": "Read items.", "me": "Read information about the current user."], "tokenUrl": "jwt/token"])
            #expect(
                document["paths"]?["/jwt/users/me/"]?["get"]?["responses"]?["400"]
                    == ["content": ["application/json": ["schema": ["$ref": "#/components/schemas/ErrorDetail"]]],
                        "description": "Inactive user"])
        }
    }
}
