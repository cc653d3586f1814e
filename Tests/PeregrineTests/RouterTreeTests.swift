import Peregrine
import PeregrineTesting
import Testing

private func record(_ level: String, _ request: Request) {
    request.state.trail = ((request.state.trail as? [String]) ?? []) + [level]
}

@Dependency
private func markOuter(request: Request) { record("outer", request) }

@Dependency
private func markIncluded(request: Request) { record("included", request) }

@Dependency
private func markInner(request: Request) { record("inner", request) }

@Routes
private struct Leaf {
    @GET("/a", responses: [500: "route 500"], tags: ["route"])
    func leaf(request: Request) -> JSONValue { JSONValue((request.state.trail as? [String]) ?? []) }
}

/// Routers nest to any depth, and their settings accumulate as FastAPI's `include_router` does.
@Suite("Router trees")
struct RouterTreeTests {
    func makeApp() -> (App, APIRouter) {
        let app = App()
        let inner = APIRouter(prefix: "/inner", tags: ["inner"], responses: [404: "inner 404", 500: "inner 500"], defaultResponseClass: PlainTextResponse.self)
        inner.include(Leaf())
        let outer = APIRouter(prefix: "/outer", tags: ["outer"], responses: [404: "outer 404", 401: "outer 401"], deprecated: true)
        outer.include(inner, prefix: "/mid", tags: ["incl"], responses: [401: "incl 401", 403: "incl 403"])
        app.include(outer, prefix: "/v2", tags: ["top"])
        return (app, inner)
    }

    @Test("prefixes join, tags list outermost first, responses merge with the innermost winning")
    func accumulation() {
        let (app, _) = makeApp()
        let operation = app.openAPIJSON["paths"]?["/v2/outer/mid/inner/a"]?["get"]
        #expect(operation?["tags"] == ["top", "outer", "incl", "inner", "route"])
        #expect(operation?["deprecated"] == true)
        let responses = operation?["responses"]
        #expect(responses?["404"]?["description"] == "inner 404")
        #expect(responses?["401"]?["description"] == "incl 401")
        #expect(responses?["403"]?["description"] == "incl 403")
        #expect(responses?["500"]?["description"] == "route 500")
        #expect(responses?["200"]?["content"] == ["text/plain": ["schema": ["type": "string"]]])
    }

    @Test("routes added to a router after its inclusion are served; dependencies run outermost first")
    func liveInclusionAndDependencyOrder() async throws {
        let app = App()
        let inner = APIRouter(prefix: "/in", dependencies: [markInnerDependency])
        let outer = APIRouter(prefix: "/out", dependencies: [markOuterDependency])
        outer.include(inner, dependencies: [markIncludedDependency])
        app.include(outer)
        inner.include(Leaf())
        try await app.test { client in
            let response = try await client.get("/out/in/a")
            #expect(try response.json() == ["outer", "included", "inner"])
        }
    }

    @Test("a router left out of the schema is served but not documented")
    func includeInSchema() async throws {
        let app = App()
        let hidden = APIRouter(prefix: "/hidden", includeInSchema: false)
        hidden.include(Leaf())
        app.include(hidden)
        #expect(app.openAPIJSON["paths"]?["/hidden/a"] == nil)
        try await app.test { client in
            let response = try await client.get("/hidden/a")
            #expect(response.status == .ok)
        }
    }
}
