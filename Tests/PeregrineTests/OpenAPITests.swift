import Foundation
import enum OpenAPIKit.OpenAPI
import Peregrine
import PeregrineTesting
import Testing

@Model
struct DocItem {
    var name: String
    @Field(gt: 0) var price: Double
    var description: String? = nil
    var tags: [String] = []
}

@Model
struct ExampledItem {
    @Field(examples: ["Plumbus"]) var name: String
    @Field(gt: 0, examples: [3.5, 10]) var price: Double
}

@Routes
struct DocRoutes {
    static let oauth2 = OAuth2PasswordBearer(tokenURL: "token", scopes: ["read": "Read items"])

    @GET("/items/{item_id}", tags: ["items"], summary: "Read one item")
    func readItem(@Path(ge: 1) item_id: Int, @Query(maxLength: 50) q: String? = nil, @Header user_agent: String? = nil) -> JSONValue {
        nil
    }

    @POST("/items/", status: .created, responseModel: DocItem.self, tags: ["items"])
    func createItem(item: DocItem) -> DocItem { item }

    @POST("/login/")
    func login(@Form username: String, @Form password: String) -> JSONValue { nil }

    @POST("/uploadfile/")
    func createUploadFile(file: UploadFile, @Form note: String = "") -> JSONValue { nil }

    @GET("/old/", deprecated: true)
    func oldRoute() -> JSONValue { nil }

    @GET("/secure/")
    func secure(@Depends(Self.oauth2.dependency) token: String) -> JSONValue { nil }

    @DELETE("/gone/{id}", status: .noContent, responses: [404: "No such thing"])
    func gone(id: Int) {}

    @GET("/hidden/", includeInSchema: false)
    func hidden() -> JSONValue { nil }

    @GET("/stream/")
    func stream() -> StreamingResponse { StreamingResponse(mediaType: "text/plain") { write in try await write("a") } }

    @GET("/page/")
    func page() -> HTMLResponse { HTMLResponse("<p>hi</p>") }

    @GET("/sized/")
    func sized(small: Int8, medium: Int32) -> JSONValue { nil }

    @PUT("/exampled/{id}")
    func exampled(
        @Path(examples: [7]) id: Int, @Query(examples: ["fresh", "old"]) q: String? = nil,
        @Body(examples: [["name": "Plumbus", "price": 3.5]]) item: ExampledItem
    ) -> JSONValue { nil }
}

/// The value with every object's keys in order, to compare documents whatever their key order.
func keysSorted(_ value: JSONValue?) -> JSONValue? {
    switch value {
    case .object(let object)?:
        var sorted = JSONObject()
        for key in object.keys.sorted() { sorted[key] = keysSorted(object[key]) }
        return .object(sorted)
    case .array(let values)?:
        return .array(values.map { keysSorted($0) ?? .null })
    default:
        return value
    }
}

@Suite("OpenAPI document")
struct OpenAPITests {
    static func document(integerFormats: Bool = false) async throws -> JSONValue {
        let app = App(title: "Demo", version: "0.1.0", openapiIntegerFormats: integerFormats)
        app.include(DocRoutes())
        return try await app.test { client in
            let response = try await client.get("/openapi.json")
            #expect(response.header("content-type") == "application/json")
            return try response.json()
        }
    }

    @Test("operations like FastAPI's: ids, summaries, tags, parameters with titles and constraints, 422")
    func operations() async throws {
        let document = try await Self.document()
        #expect(document["openapi"] == "3.1.0")
        #expect(document["info"] == ["title": "Demo", "version": "0.1.0"])
        let read = document["paths"]?["/items/{item_id}"]?["get"]
        #expect(read?["operationId"] == "read_item_items__item_id__get")
        #expect(read?["summary"] == "Read one item")
        #expect(read?["tags"] == ["items"])
        #expect(
            keysSorted(read?["parameters"])
                == keysSorted([
                    ["name": "item_id", "in": "path", "required": true, "schema": ["type": "integer", "minimum": 1, "title": "Item Id"]],
                    [
                        "name": "q", "in": "query",
                        "schema": ["anyOf": [["type": "string", "maxLength": 50], ["type": "null"]], "title": "Q"],
                    ],
                    [
                        "name": "user-agent", "in": "header",
                        "schema": ["anyOf": [["type": "string"], ["type": "null"]], "title": "User-Agent"],
                    ],
                ]))
        #expect(
            keysSorted(read?["responses"]?["422"])
                == keysSorted([
                    "description": "Validation Error",
                    "content": ["application/json": ["schema": ["$ref": "#/components/schemas/HTTPValidationError"]]],
                ]))
        #expect(document["paths"]?["/old/"]?["get"]?["deprecated"] == true)
        #expect(document["paths"]?["/old/"]?["get"]?["responses"]?["422"] == nil)
        #expect(document["paths"]?["/hidden/"] == nil)
        #expect(document["paths"]?["/gone/{id}"]?["delete"]?["responses"]?["204"] == ["description": "Successful Response"])
        // A declared other answer (FastAPI's responses=) sits beside the success and the 422.
        #expect(document["paths"]?["/gone/{id}"]?["delete"]?["responses"]?["404"] == ["description": "No such thing"])
        #expect(document["paths"]?["/gone/{id}"]?["delete"]?["responses"]?["422"] != nil)
    }

    @Test("bodies: models by reference, forms and files as Body_ components with their media types")
    func bodies() async throws {
        let document = try await Self.document()
        let create = document["paths"]?["/items/"]?["post"]
        #expect(
            keysSorted(create?["requestBody"])
                == keysSorted(["content": ["application/json": ["schema": ["$ref": "#/components/schemas/DocItem"]]], "required": true]))
        #expect(create?["responses"]?["201"]?["content"]?["application/json"]?["schema"] == ["$ref": "#/components/schemas/DocItem"])
        #expect(
            keysSorted(document["components"]?["schemas"]?["DocItem"])
                == keysSorted([
                    "type": "object", "title": "DocItem", "required": ["name", "price"],
                    "properties": [
                        "name": ["type": "string", "title": "Name"],
                        "price": ["type": "number", "exclusiveMinimum": 0, "title": "Price"],
                        "description": ["anyOf": [["type": "string"], ["type": "null"]], "title": "Description"],
                        "tags": ["type": "array", "items": ["type": "string"], "title": "Tags", "default": []],
                    ],
                ]))
        #expect(
            document["paths"]?["/login/"]?["post"]?["requestBody"]?["content"]?["application/x-www-form-urlencoded"]
                == ["schema": ["$ref": "#/components/schemas/Body_login_login__post"]])
        #expect(
            keysSorted(document["components"]?["schemas"]?["Body_create_upload_file_uploadfile__post"])
                == keysSorted([
                    "type": "object", "title": "Body_create_upload_file_uploadfile__post", "required": ["file"],
                    "properties": [
                        "file": ["type": "string", "contentMediaType": "application/octet-stream", "title": "File"],
                        "note": ["type": "string", "title": "Note", "default": ""],
                    ],
                ]))
        #expect(document["paths"]?["/uploadfile/"]?["post"]?["requestBody"]?["content"]?["multipart/form-data"] != nil)
    }

    @Test("a returned stream documents no content type, a returned HTML page its own; integers their width when asked")
    func readyResponsesAndIntegerWidths() async throws {
        let plain = try await Self.document()
        #expect(keysSorted(plain["paths"]?["/sized/"]?["get"]?["parameters"]?[1]?["schema"]) == keysSorted(["type": "integer", "title": "Medium"]))
        let document = try await Self.document(integerFormats: true)
        #expect(document["paths"]?["/stream/"]?["get"]?["responses"] == ["200": ["description": "Successful Response"]])
        #expect(
            document["paths"]?["/page/"]?["get"]?["responses"]?["200"]?["content"]
                == ["text/html": ["schema": ["type": "string"]]])
        let parameters = document["paths"]?["/sized/"]?["get"]?["parameters"]
        #expect(keysSorted(parameters?[0]?["schema"]) == keysSorted(["type": "integer", "title": "Small"]))
        #expect(keysSorted(parameters?[1]?["schema"]) == keysSorted(["type": "integer", "format": "int32", "title": "Medium"]))
    }

    @Test("examples reach parameters, bodies and model fields, as FastAPI's examples= do")
    func examples() async throws {
        let document = try await Self.document()
        let operation = document["paths"]?["/exampled/{id}"]?["put"]
        #expect(operation?["parameters"]?[0]?["schema"]?["examples"] == [7])
        #expect(operation?["parameters"]?[1]?["schema"]?["examples"] == ["fresh", "old"])
        #expect(
            keysSorted(operation?["requestBody"]?["content"]?["application/json"]?["schema"])
                == keysSorted([
                    "allOf": [["$ref": "#/components/schemas/ExampledItem"]], "examples": [["name": "Plumbus", "price": 3.5]],
                ]))
        let properties = document["components"]?["schemas"]?["ExampledItem"]?["properties"]
        #expect(properties?["name"]?["examples"] == ["Plumbus"])
        #expect(properties?["price"]?["examples"] == [3.5, 10])
    }

    @Test("the typeArray style writes optionals of plain types as type arrays, references with anyOf")
    func nullableTypeArrays() async throws {
        let app = App(openapiNullableStyle: .typeArray)
        app.include(DocRoutes())
        let document = try await app.test { client in try await client.get("/openapi.json").json() }
        let parameters = document["paths"]?["/items/{item_id}"]?["get"]?["parameters"]
        #expect(keysSorted(parameters?[1]?["schema"]) == keysSorted(["type": ["string", "null"], "maxLength": 50, "title": "Q"]))
        let description = document["components"]?["schemas"]?["DocItem"]?["properties"]?["description"]
        #expect(keysSorted(description) == keysSorted(["type": ["string", "null"], "title": "Description"]))
        // The default stays pydantic's.
        let pydantic = try await Self.document()["paths"]?["/items/{item_id}"]?["get"]?["parameters"]?[1]?["schema"]
        #expect(pydantic?["anyOf"] == [["maxLength": 50, "type": "string"], ["type": "null"]])
    }

    @Test("security dependencies appear as schemes and per-operation requirements")
    func security() async throws {
        let document = try await Self.document()
        #expect(document["paths"]?["/secure/"]?["get"]?["security"] == [["OAuth2PasswordBearer": []]])
        #expect(
            keysSorted(document["components"]?["securitySchemes"]?["OAuth2PasswordBearer"])
                == keysSorted(["type": "oauth2", "flows": ["password": ["tokenUrl": "token", "scopes": ["read": "Read items"]]]]))
    }

    @Test("the example app's document passes OpenAPIKit's validation; openapiURL nil serves none")
    func validates() async throws {
        let app = App(title: "Demo", version: "0.1.0")
        app.include(DocRoutes())
        try app.openAPIDocument.validate()
        let hidden = App(openapiURL: nil)
        hidden.include(DocRoutes())
        try await hidden.test { client in
            for path in ["/openapi.json", "/docs", "/redoc"] {
                let response = try await client.get(path)
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("/docs loads Swagger UI on the document, with FastAPI's parameters, ours merged in, and the OAuth2 redirect")
    func swaggerUI() async throws {
        let app = App(
            title: "Demo",
            docs: DocsOptions(swaggerUIParameters: ["syntaxHighlight": false, "deepLinking": false], initOAuth: ["clientId": "x"]))
        app.include(DocRoutes())
        try await app.test { client in
            let page = try await client.get("/docs")
            #expect(page.status == .ok)
            #expect(page.header("content-type") == "text/html; charset=utf-8")
            let html = page.text
            #expect(html.contains(#"<title>Demo - Swagger UI</title>"#))
            #expect(html.contains(#"<script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>"#))
            #expect(html.contains(#"href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css""#))
            #expect(html.contains(#"url: '/openapi.json',"#))
            #expect(
                html.contains(
                    "\"dom_id\": \"#swagger-ui\",\n\"layout\": \"BaseLayout\",\n\"deepLinking\": false,\n\"showExtensions\": true,\n\"showCommonExtensions\": true,\n\"syntaxHighlight\": false,\n"
                ))
            #expect(html.contains(#"oauth2RedirectUrl: window.location.origin + '/docs/oauth2-redirect',"#))
            #expect(html.contains(#"ui.initOAuth({"clientId": "x"})"#))
            let redirect = try await client.get("/docs/oauth2-redirect")
            #expect(redirect.text.contains("window.opener.swaggerUIRedirectOauth2"))
        }
    }

    @Test("/redoc loads ReDoc; self-hosted assets replace the CDN; nil URLs turn pages off")
    func redoc() async throws {
        let app = App(title: "Demo", docs: DocsOptions(docsURL: nil, assets: .selfHosted(at: "/static/")))
        app.include(DocRoutes())
        try await app.test { client in
            let page = try await client.get("/redoc")
            #expect(page.text.contains(#"<title>Demo - ReDoc</title>"#))
            #expect(page.text.contains(#"<redoc spec-url="/openapi.json"></redoc>"#))
            #expect(page.text.contains(#"<script src="/static/redoc.standalone.js"> </script>"#))
            #expect(!page.text.contains("fonts.googleapis.com"))
            let docs = try await client.get("/docs")
            #expect(docs.status == .notFound)
        }
        let cdn = App()
        try await cdn.test { client in
            let page = try await client.get("/redoc")
            #expect(page.text.contains(#"<script src="https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js"> </script>"#))
            #expect(page.text.contains("fonts.googleapis.com"))
        }
    }

    @Test("the app's description, servers and tag documentation reach the document")
    func metadata() async throws {
        let app = App(
            title: "Demo", version: "2.0.0", description: "Items and *more*.",
            servers: [OpenAPIServer(url: "https://api.example.com", description: "Production")],
            openapiTags: [OpenAPITag(name: "items", description: "Operations with items.")])
        app.include(DocRoutes())
        let document = try await app.test { client in try await client.get("/openapi.json").json() }
        #expect(document["info"] == ["description": "Items and *more*.", "title": "Demo", "version": "2.0.0"])
        #expect(document["servers"] == [["description": "Production", "url": "https://api.example.com"]])
        #expect(document["tags"] == [["description": "Operations with items.", "name": "items"]])
        try app.openAPIDocument.validate()
    }
}
