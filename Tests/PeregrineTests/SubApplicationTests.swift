import Peregrine
import PeregrineTesting
import Testing

@Routes
private struct Inside {
    @GET("/sub")
    func readSub() -> JSONValue { ["message": "inside"] }

    @POST("/hooks/new-subscription")
    func newSubscription(body: JSONValue) {}
}

@Routes
private struct Hooks {
    @POST("/unused", name: "new-subscription")
    func newSubscription(event: JSONValue) {}
}

/// Apps mounted in apps, apps behind a proxy's path prefix, and the rest of the document's knobs.
@Suite("Sub-applications, root path and the document's settings")
struct SubApplicationTests {
    func makeApp(rootPath: String = "") -> App {
        let app = App(title: "Main", rootPath: rootPath)
        let sub = App(title: "Sub")
        sub.include(Inside())
        app.mount("/subapi", sub)
        return app
    }

    @Test("a mounted app answers below its mount point and serves its own document and docs")
    func mounted() async throws {
        try await makeApp().test { client in
            let answer = try await client.get("/subapi/sub").json()
            #expect(answer == ["message": "inside"])
            let document = try await client.get("/subapi/openapi.json").json()
            #expect(document["info"] == ["title": "Sub", "version": "0.1.0"])
            #expect(document["servers"] == [["url": "/subapi"]])
            let main = try await client.get("/openapi.json").json()
            #expect(main["servers"] == nil)
            let docs = try await client.get("/subapi/docs").text
            #expect(docs.contains("url: '/subapi/openapi.json',"))
            let redirect = try await client.get("/subapi/sub/")
            #expect(redirect.status == .temporaryRedirect)
            #expect(redirect.header("location")?.hasSuffix("/subapi/sub") == true)
        }
    }

    @Test("behind a proxy, the root path is the document's server and the docs load through it")
    func rootPath() async throws {
        try await makeApp(rootPath: "/proxy").test { client in
            let main = try await client.get("/openapi.json").json()
            #expect(main["servers"] == [["url": "/proxy"]])
            let sub = try await client.get("/subapi/openapi.json").json()
            #expect(sub["servers"] == [["url": "/proxy/subapi"]])
            let docs = try await client.get("/docs").text
            #expect(docs.contains("url: '/proxy/openapi.json',"))
        }
    }

    @Test("info knobs, operation ids, openapiExtra, webhooks and a customized document")
    func documentSettings() {
        let app = App(
            title: "Knobs", summary: "One line", termsOfService: "https://example.com/terms",
            contact: OpenAPIContact(name: "Ops", email: "ops@example.com"), license: OpenAPILicense(name: "MIT", identifier: "MIT"),
            generateUniqueID: { route in "op-" + route.operation.name })
        app.add(
            Route(
                .get, "/custom", operation: OperationInfo(name: "custom", operationID: "customID", openapiExtra: ["x-aperture": "open"]),
                renderer: .automatic(for: Void.self)) {})
        app.include(Inside())
        app.includeWebhooks(Hooks())
        app.customizeOpenAPI { document in document.merging(at: ["info"], ["x-logo": ["url": "logo.png"]]) }
        let document = app.openAPIJSON
        let expectedInfo: JSONValue = [
                    "title": "Knobs", "summary": "One line", "termsOfService": "https://example.com/terms",
                    "contact": ["name": "Ops", "email": "ops@example.com"], "license": ["name": "MIT", "identifier": "MIT"],
                    "version": "0.1.0", "x-logo": ["url": "logo.png"],
                ]
        #expect(document["info"] == expectedInfo.sortingKeys())
        #expect(document["paths"]?["/custom"]?["get"]?["operationId"] == "customID")
        #expect(document["paths"]?["/custom"]?["get"]?["x-aperture"] == "open")
        #expect(document["paths"]?["/sub"]?["get"]?["operationId"] == "op-readSub")
        #expect(document["webhooks"]?["new-subscription"]?["post"]?["operationId"] == "op-new-subscription")
        #expect(document["paths"]?["/unused"] == nil)
    }
}
