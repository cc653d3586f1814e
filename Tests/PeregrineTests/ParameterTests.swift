import Foundation
import Peregrine
import PeregrineTesting
import Testing

/// Parameters come from the path, query, headers, cookies and body as FastAPI takes them, and are
/// validated with pydantic's rules.
@Suite("Parameters")
struct ParameterTests {
    static let app: App = {
        let app = App()
        app.include(ParameterRoutes())
        return app
    }()

    @Test("path parameters, enums and {name:path}")
    func pathParameters() async throws {
        try await Self.app.test { client in
            let response = try await client.get("/path/a%20b/large/x/y//z.txt")
            #expect(response.status == .ok)
            #expect(try response.json() == ["name": "a b", "kind": "large", "rest": "x/y//z.txt"])

            let invalid = try await client.get("/path/a/medium/x")
            #expect(invalid.statusCode == 422)
            #expect(try invalid.json() == ["detail": [[
                "type": "enum", "loc": ["path", "kind"], "msg": "Input should be 'small' or 'large'", "input": "medium",
                "ctx": ["expected": "'small' or 'large'"],
            ]]])
        }
    }

    @Test("query parameters: scalars, defaults, optionals, lists, aliases")
    func queryParameters() async throws {
        try await Self.app.test { client in
            let response = try await client.get(
                "/query?text=hi&number=%207%20&ratio=1e1&flag=yes&id=12345678123456781234567812345678&kind=small&tags=a&tags=&tags=b&numbers=3&numbers=4&page-size=20"
            )
            #expect(try response.json() == [
                "text": "hi", "number": 7, "ratio": 10.0, "flag": true, "id": "12345678-1234-5678-1234-567812345678",
                "kind": "small", "tags": ["a", "", "b"], "numbers": [3, 4], "page-size": 20,
            ])
            let defaults = try await client.get("/query?text=x&text=y")
            #expect(try defaults.json() == [
                "text": "y", "number": 1, "ratio": nil, "flag": false, "id": nil, "kind": nil, "tags": [], "numbers": nil,
                "page-size": 10,
            ])
        }
    }

    @Test("every query error is reported at once")
    func queryErrors() async throws {
        try await Self.app.test { client in
            let response = try await client.get("/query?number=x&ratio=abc&flag=maybe&id=zz&numbers=1&numbers=y&page-size=51")
            #expect(response.statusCode == 422)
            #expect(try response.json() == ["detail": [
                ["type": "missing", "loc": ["query", "text"], "msg": "Field required", "input": nil],
                ["type": "int_parsing", "loc": ["query", "number"], "msg": "Input should be a valid integer, unable to parse string as an integer", "input": "x"],
                ["type": "float_parsing", "loc": ["query", "ratio"], "msg": "Input should be a valid number, unable to parse string as a number", "input": "abc"],
                ["type": "bool_parsing", "loc": ["query", "flag"], "msg": "Input should be a valid boolean, unable to interpret input", "input": "maybe"],
                ["type": "uuid_parsing", "loc": ["query", "id"], "msg": "Input should be a valid UUID, invalid character: found `z` at 0", "input": "zz", "ctx": ["error": "invalid character: found `z` at 0"]],
                ["type": "int_parsing", "loc": ["query", "numbers", 1], "msg": "Input should be a valid integer, unable to parse string as an integer", "input": "y"],
                ["type": "less_than_equal", "loc": ["query", "page-size"], "msg": "Input should be less than or equal to 50", "input": "51", "ctx": ["le": 50]],
            ]])
        }
    }

    @Test("headers: underscores and camel case become hyphens, lists read every field, aliases")
    func headers() async throws {
        try await Self.app.test { client in
            let response = try await client.request(
                .get, "/headers",
                headerList: [("User-Agent", "tester"), ("X-Tokens", "a"), ("x-tokens", "b"), ("X-Count", "3"), ("strange_name", "s")])
            #expect(try response.json() == ["user_agent": "tester", "x_tokens": ["a", "b"], "count": 3, "strange": "s"])
            let invalid = try await client.get("/headers", headers: ["X-Count": "many"])
            #expect(try invalid.json() == ["detail": [[
                "type": "int_parsing", "loc": ["header", "X-Count"], "msg": "Input should be a valid integer, unable to parse string as an integer", "input": "many",
            ]]])
        }
    }

    @Test("cookies: present, defaulted, missing")
    func cookies() async throws {
        try await Self.app.test { client in
            let response = try await client.get("/cookies", cookies: ["session": "abc", "visits": "4"])
            #expect(try response.json() == ["session": "abc", "visits": 4])
            let missing = try await client.get("/cookies")
            #expect(try missing.json() == ["detail": [["type": "missing", "loc": ["cookie", "session"], "msg": "Field required", "input": nil]]])
        }
    }

    @Test("one model is the whole body; defaults, nested models, aliases and constraints apply")
    func singleBody() async throws {
        try await Self.app.test { client in
            let response = try await client.post("/body/single", json: ["name": "lamp", "price": "12.5", "parts": [["part_name": "bulb", "count": "2"]]] as JSONValue)
            #expect(response.status == .ok)
            #expect(try response.json() == [
                "name": "lamp", "code": "aa", "price": 12.5, "kind": "small", "parts": [["part_name": "bulb", "count": 2]], "note": nil,
            ])
            #expect(try response.decode(Gadget.self) == Gadget(name: "lamp", price: 12.5, parts: [Part(name: "bulb", count: 2)]))
        }
    }

    @Test("the first Content-Type field decides whether the body is JSON, as Starlette reads it")
    func firstContentType() async throws {
        try await Self.app.test { client in
            let body = #"{"name": "lamp", "price": 12.5}"#
            let json = try await client.post(
                "/body/single", body: body, headers: ["Content-Type": "application/json", "Content-Type": "text/plain"])
            #expect(json.status == .ok)
            #expect(try json.json()["name"] == "lamp")

            let text = try await client.post(
                "/body/single", body: body, headers: ["Content-Type": "text/plain", "Content-Type": "application/json"])
            #expect(text.statusCode == 422)
            #expect(try text.json() == ["detail": [[
                "type": "model_attributes_type", "loc": ["body"],
                "msg": "Input should be a valid dictionary or object to extract fields from", "input": .string(body),
            ]]])

            let capitals = try await client.post("/body/single", body: body, headers: ["Content-Type": "Application/JSON"])
            #expect(capitals.status == .ok)
        }
    }

    @Test("every body error is reported, with its location inside nested models")
    func bodyErrors() async throws {
        try await Self.app.test { client in
            let response = try await client.post(
                "/body/single",
                json: ["code": "AB1", "price": 0, "kind": "huge", "parts": [["part_name": "x", "count": 1], ["count": 0], "no"]] as JSONValue)
            #expect(response.statusCode == 422)
            #expect(try response.json() == ["detail": [
                ["type": "missing", "loc": ["body", "name"], "msg": "Field required", "input": ["code": "AB1", "price": 0, "kind": "huge", "parts": [["part_name": "x", "count": 1], ["count": 0], "no"]]],
                ["type": "string_pattern_mismatch", "loc": ["body", "code"], "msg": "String should match pattern '^[a-z]+$'", "input": "AB1", "ctx": ["pattern": "^[a-z]+$"]],
                ["type": "greater_than", "loc": ["body", "price"], "msg": "Input should be greater than 0", "input": 0, "ctx": ["gt": 0.0]],
                ["type": "enum", "loc": ["body", "kind"], "msg": "Input should be 'small' or 'large'", "input": "huge", "ctx": ["expected": "'small' or 'large'"]],
                ["type": "missing", "loc": ["body", "parts", 1, "part_name"], "msg": "Field required", "input": ["count": 0]],
                ["type": "greater_than_equal", "loc": ["body", "parts", 1, "count"], "msg": "Input should be greater than or equal to 1", "input": 0, "ctx": ["ge": 1]],
                ["type": "model_attributes_type", "loc": ["body", "parts", 2], "msg": "Input should be a valid dictionary or object to extract fields from", "input": "no"],
            ]])
        }
    }

    @Test("embed makes a lone body parameter a member named after it")
    func embeddedBody() async throws {
        try await Self.app.test { client in
            let response = try await client.post("/body/embedded", json: ["gadget": ["name": "lamp", "price": 1]] as JSONValue)
            #expect(try response.json()["name"] == "lamp")
            let flat = try await client.post("/body/embedded", json: ["name": "lamp", "price": 1] as JSONValue)
            #expect(try flat.json() == ["detail": [["type": "missing", "loc": ["body", "gadget"], "msg": "Field required", "input": nil]]])
        }
    }

    @Test("several body parameters are members of one object, scalars included")
    func severalBodies() async throws {
        try await Self.app.test { client in
            let response = try await client.post(
                "/body/several", json: ["gadget": ["name": "lamp", "price": 1], "owner": ["username": "ann"], "quantity": "2"] as JSONValue)
            #expect(try response.json() == [
                "gadget": ["name": "lamp", "code": "aa", "price": 1.0, "kind": "small", "parts": [], "note": nil],
                "owner": ["username": "ann"], "quantity": 2, "note": "none",
            ])
            let errors = try await client.post("/body/several", json: ["gadget": ["name": "lamp", "price": 1], "quantity": 0] as JSONValue)
            #expect(try errors.json() == ["detail": [
                ["type": "missing", "loc": ["body", "owner"], "msg": "Field required", "input": nil],
                ["type": "greater_than_equal", "loc": ["body", "quantity"], "msg": "Input should be greater than or equal to 1", "input": 0, "ctx": ["ge": 1]],
            ]])
            let notObject = try await client.post("/body/several", json: [1, 2] as JSONValue)
            #expect(try notObject.json()["detail"]?[0]?["loc"] == ["body", "gadget"])
        }
    }

    @Test("a scalar or a list can be the whole body")
    func scalarAndListBodies() async throws {
        try await Self.app.test { client in
            let doubled = try await client.post("/body/scalar", json: JSONValue.int(21))
            #expect(try doubled.json() == 42)
            let coerced = try await client.post("/body/scalar", json: JSONValue.string("4"))
            #expect(try coerced.json() == 8)
            let reversed = try await client.post("/body/list", json: [1, "2", 3.0] as JSONValue)
            #expect(try reversed.json() == [3, 2, 1])
            let invalid = try await client.post("/body/list", json: [1, "x", 3.5] as JSONValue)
            #expect(try invalid.json() == ["detail": [
                ["type": "int_parsing", "loc": ["body", 1], "msg": "Input should be a valid integer, unable to parse string as an integer", "input": "x"],
                ["type": "int_from_float", "loc": ["body", 2], "msg": "Input should be a valid integer, got a number with a fractional part", "input": 3.5],
            ]])
        }
    }

    @Test("an optional body may be absent")
    func optionalBody() async throws {
        try await Self.app.test { client in
            let absent = try await client.post("/body/optional")
            #expect(try absent.json() == ["present": false])
            let present = try await client.post("/body/optional", json: ["name": "a", "price": 1] as JSONValue)
            #expect(try present.json() == ["present": true])
        }
    }

    @Test("path, body, query and header errors are reported together")
    func mixedErrors() async throws {
        try await Self.app.test { client in
            let response = try await client.put("/mixed/x?q=1", json: ["price": 1] as JSONValue, headers: ["X-Request": "r"])
            #expect(try response.json() == ["detail": [
                ["type": "int_parsing", "loc": ["path", "id"], "msg": "Input should be a valid integer, unable to parse string as an integer", "input": "x"],
                ["type": "missing", "loc": ["body", "name"], "msg": "Field required", "input": ["price": 1]],
            ]])
            let ok = try await client.put("/mixed/3", json: ["name": "n", "price": 1] as JSONValue, headers: ["X-Request": "r"])
            #expect(try ok.json() == ["id": 3, "name": "n", "q": nil, "x_request": "r"])
        }
    }
}
