import Foundation
import Peregrine
import PeregrineTesting
import Testing

/// A templates folder written for one test.
struct TemplateFolder {
    let path: String

    init(_ files: [String: String]) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("peregrine-templates-\(UUID().uuidString)").path
        for (name, text) in files {
            let url = URL(fileURLWithPath: path).appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

@Routes
struct TemplateRoutes {
    let templates: Templates

    @GET("/items/{id}")
    func readItem(id: String, connection: HTTPConnection) throws -> HTMLResponse {
        try templates.response(
            connection, "item.html",
            context: ["id": id, "title": "<Tom & Jerry>", "item": ["name": "Widget", "tags": ["a", "b"], "gone": nil] as JSONValue])
    }

    @GET("/missing")
    func missing(connection: HTTPConnection) throws -> HTMLResponse {
        try templates.response(connection, "nope.html")
    }

    @GET("/bad-link")
    func badLink(connection: HTTPConnection) throws -> HTMLResponse {
        try templates.response(connection, "bad-link.html", status: .accepted)
    }
}

@Suite("Templates")
struct TemplateTests {
    static let files = [
        "item.html": """
            <h1>{{title}}</h1><p>{{{title}}}</p>{{#item}}<b>{{name}}</b>{{#tags}}[{{.}}]{{/tags}}{{gone}}{{/item}}
            <a href="{{#url_for}}readItem id={{id}}{{/url_for}}">self</a> <link href="{{#url_for}}static path=/site.css{{/url_for}}">
            {{request.method}} {{request.path}} {{request.query.q}} {{> partials/footer.html}}
            """,
        "partials/footer.html": "<footer>{{title}}</footer>",
        "bad-link.html": "{{#url_for}}nowhere{{/url_for}}",
        "notes.txt": "not a template",
    ]

    @Test("renders with the context and the request, escaping values unless triple-braced")
    func render() async throws {
        let folder = try TemplateFolder(Self.files)
        defer { folder.remove() }
        let templates = try Templates(directory: folder.path)
        #expect(templates.contains("item.html"))
        #expect(!templates.contains("notes.txt"))
        let app = App()
        app.include(TemplateRoutes(templates: templates))
        app.mount("/static", StaticFiles(directory: folder.path), name: "static")
        try await app.test { client in
            let response = try await client.get("/items/7%20x?q=%3Cq%3E", headers: ["Host": "example.com"])
            #expect(response.status == .ok)
            #expect(response.header("content-type") == "text/html; charset=utf-8")
            #expect(
                response.text
                    == """
                    <h1>&lt;Tom &amp; Jerry&gt;</h1><p><Tom & Jerry></p><b>Widget</b>[a][b]
                    <a href="http://example.com/items/7 x">self</a> <link href="http://example.com/static/site.css">
                    GET /items/7%20x &lt;q&gt; <footer>&lt;Tom &amp; Jerry&gt;</footer>
                    """)
        }
    }

    @Test("a missing template or an unknown url_for name is a server error")
    func failures() async throws {
        let folder = try TemplateFolder(Self.files)
        defer { folder.remove() }
        let app = App()
        app.include(TemplateRoutes(templates: try Templates(directory: folder.path)))
        try await app.test { client in
            let missing = try await client.get("/missing")
            #expect(missing.status == .internalServerError)
            let badLink = try await client.get("/bad-link")
            #expect(badLink.status == .internalServerError)
            #expect(badLink.text == "Internal Server Error")
        }
    }

    @Test("a template that is not valid Mustache stops loading with its name")
    func invalid() throws {
        let folder = try TemplateFolder(["broken.html": "{{#open}} never closed"])
        defer { folder.remove() }
        #expect(throws: TemplateError.self) { try Templates(directory: folder.path) }
    }

    @Test("url_for builds paths for named routes and mounts, and refuses wrong parameters")
    func urlFor() async throws {
        let app = App()
        app.add(Route(.get, "/users/{user_id}/files/{file:path}", operation: OperationInfo(name: "user_file")) { "x" })
        app.mount("/assets", StaticFiles(directory: FileManager.default.temporaryDirectory.path), name: "assets")
        app.add(
            Route(.get, "/links", Injected<HTTPConnection>()) { connection in
                [
                    "file": .string(try connection.urlFor("user_file", ["user_id": "3", "file": "a/b.txt"])),
                    "asset": .string(try connection.urlFor("assets", ["path": "app.js"])),
                    "error": .string((try? connection.urlFor("user_file", ["user_id": "3"])) ?? "no match"),
                ] as JSONValue
            })
        try await app.test { client in
            let response = try await client.get("/links")
            #expect(
                try response.json()
                    == ["file": "http://localhost/users/3/files/a/b.txt", "asset": "http://localhost/assets/app.js", "error": "no match"])
        }
    }
}
