import Logging
import Peregrine
import PeregrineTesting
import Testing

/// A later fixed path that an earlier template covers (the macro warns about it).
@Routes
struct ShadowingRoutes {
    @GET("/things/{name}") func thing(name: String) -> String { "thing \(name)" }
    @GET("/things/special") func special() -> String { "special" }
}

/// Routes are matched the way FastAPI matches them, on Hummingbird's trie.
@Suite("Routing")
struct RoutingTests {
    static let app: App = {
        let app = App()
        app.include(MethodRoutes())
        app.include(ParameterRoutes(), prefix: "/v1", tags: ["v1"])
        return app
    }()

    @Test("each of the seven methods reaches its own endpoint")
    func methods() async throws {
        try await Self.app.test { client in
            for (method, name) in [
                (HTTPRequest.Method.get, "get"), (.post, "post"), (.put, "put"), (.patch, "patch"), (.delete, "delete"),
                (.options, "options"),
            ] {
                let response = try await client.request(method, "/resource")
                #expect(try response.json() == .string(name), "\(method)")
            }
            let head = try await client.head("/resource")
            #expect(head.status == .ok)
        }
    }

    @Test("a fixed path declared first wins over a template, as in FastAPI")
    func declarationOrder() async throws {
        try await Self.app.test { client in
            let answer1 = try await client.get("/users/me")
            #expect(try answer1.json() == "me")
            let answer2 = try await client.get("/users/alice")
            #expect(try answer2.json() == "user alice")
        }
    }

    @Test("an earlier template takes precedence over a later fixed path, as in FastAPI")
    func earlierTemplateWins() async throws {
        let app = App()
        app.include(ShadowingRoutes())
        try await app.test { client in
            let answer3 = try await client.get("/things/special")
            #expect(try answer3.json() == "thing special")
        }
    }

    @Test("an unknown path is 404 with FastAPI's body")
    func notFound() async throws {
        try await Self.app.test { client in
            let response = try await client.get("/nope")
            #expect(response.status == .notFound)
            #expect(try response.json() == ["detail": "Not Found"])
            #expect(response.header("content-type") == "application/json")
            let doubled = try await client.get("/users//alice")
            #expect(doubled.status == .notFound)
        }
    }

    @Test("a known path with another method is 405 with Allow")
    func methodNotAllowed() async throws {
        try await Self.app.test { client in
            let response = try await client.delete("/users/me")
            #expect(response.status == .methodNotAllowed)
            #expect(try response.json() == ["detail": "Method Not Allowed"])
            #expect(response.header("allow") == "GET")
        }
    }

    @Test("405's Allow names the methods of every route matching the path, in declaration order, once each; templates may differ in parameter names only")
    func allowListsEveryMethod() async throws {
        let app = App()
        app.add(Route(.get, "/items/{id}", PathParameter<Int>("id")) { id in "get \(id)" })
        app.add(Route(.put, "/items/{id}", PathParameter<Int>("id")) { id in "put \(id)" })
        app.add(Route(.get, "/items/{name}", PathParameter<String>("name")) { name in "get \(name)" })
        app.add(Route(.delete, "/items/special") { "deleted" })
        try await app.test { client in
            let response = try await client.post("/items/special")
            #expect(response.status == .methodNotAllowed)
            #expect(response.header("allow") == "GET, PUT, DELETE")
            let other = try await client.post("/items/7")
            #expect(other.header("allow") == "GET, PUT")
            // The first template in declaration order answers, as in FastAPI, whose validation
            // then refuses a value the later template would have taken.
            let seven = try await client.get("/items/7")
            #expect(try seven.json() == "get 7")
            let word = try await client.get("/items/seven")
            #expect(word.status == .unprocessableContent)
        }
    }

    @Test("a path that matches with its trailing slash toggled is redirected with 307")
    func slashRedirects() async throws {
        try await Self.app.test { client in
            let added = try await client.get("/slash?x=1")
            #expect(added.status == .temporaryRedirect)
            #expect(added.header("location") == "http://localhost/slash/?x=1")
            let removed = try await client.post("/noslash/")
            #expect(removed.status == .temporaryRedirect)
            #expect(removed.header("location") == "http://localhost/noslash")
        }
    }

    @Test("an included router gets its prefix and tags")
    func prefixAndTags() async throws {
        try await Self.app.test { client in
            let response = try await client.get("/v1/cookies", cookies: ["session": "s"])
            #expect(try response.json() == ["session": "s", "visits": 0])
            let answer4 = try await client.get("/cookies")
            #expect(answer4.status == .notFound)
        }
        let route = Self.app.routes.first { $0.path.description == "/v1/query" }
        #expect(route?.operation.tags == ["v1"])
        #expect(route?.operation.name == "query")
    }

    @Test("routes can be built at run time from the same extractors")
    func runtimeRoutes() async throws {
        let app = App()
        var routes = RouteList()
        for greeting in ["hello", "bonjour"] {
            routes.add(
                Route(.get, "/\(greeting)/{name}", PathParameter<String>("name"), QueryParameter<Int>("times", default: 1, constraints: Constraints(ge: 1))) { name, times in
                    JSONValue.string(Array(repeating: "\(greeting) \(name)", count: times).joined(separator: ", "))
                })
        }
        app.include(routes)
        app.add(Route(.post, "/echo", status: .created, BodyParameter<[String: Int]>("values")) { values in values })
        try await app.test { client in
            let answer5 = try await client.get("/bonjour/ann?times=2")
            #expect(try answer5.json() == "bonjour ann, bonjour ann")
            let invalid = try await client.get("/hello/ann?times=0")
            #expect(try invalid.json()["detail"]?[0]?["type"] == "greater_than_equal")
            let echoed = try await client.post("/echo", json: ["a": 1] as JSONValue)
            #expect(echoed.status == .created)
            #expect(try echoed.json() == ["a": 1])
        }
    }

    @Test("Hummingbird middleware and routes work inside the app")
    func hummingbirdInterop() async throws {
        struct StampMiddleware<Context: RequestContext>: RouterMiddleware {
            func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
                var response = try await next(request, context)
                response.headers[HTTPField.Name("X-Stamp")!] = "stamped"
                return response
            }
        }
        let app = App()
        app.addMiddleware(StampMiddleware<AppRequestContext>())
        app.include(MethodRoutes())
        app.hummingbirdRoutes { router in
            router.get("/plain") { _, _ in "plain text" }
        }
        try await app.test { client in
            let typed = try await client.get("/users/me")
            #expect(typed.header("x-stamp") == "stamped")
            let plain = try await client.get("/plain")
            #expect(plain.text == "plain text")
            #expect(plain.header("x-stamp") == "stamped")
        }
    }

    /// A mounted app that names the subpath it was given.
    struct SubpathMount: MountedApp {
        let label: String
        func respond(to request: Request, path: String, context: AppRequestContext) async throws -> Response {
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "\(label) \(path)")))
        }
    }

    @Test("mounts answer under their prefix; routes, even those declared under another template, come first")
    func mountsAndRoutes() async throws {
        let app = App()
        app.add(Route(.get, "/static/special") { "special route" })
        app.mount("/static", SubpathMount(label: "static"))
        app.mount("/static/img", SubpathMount(label: "img"))
        try await app.test { client in
            #expect(try await client.get("/static/special").json() == "special route")
            #expect(try await client.get("/static/app.css").text == "static /app.css")
            // The first mount declared wins, as in Starlette, though the trie knows a longer prefix.
            #expect(try await client.get("/static/img/logo.png").text == "static /img/logo.png")
            // Any method reaches a mount.
            #expect(try await client.request(.post, "/static/form").text == "static /form")
            let propfind = try #require(HTTPRequest.Method("PROPFIND"))
            #expect(try await client.request(propfind, "/static/x").text == "static /x")
            let bare = try await client.get("/static")
            #expect(bare.status == .temporaryRedirect)
            #expect(bare.header("location") == "http://localhost/static/")
        }

        let catchAll = App()
        catchAll.add(Route(.get, "/{rest:path}", PathParameter<String>("rest")) { rest in "route \(rest)" })
        catchAll.mount("/static", SubpathMount(label: "static"))
        try await catchAll.test { client in
            let routed = try await client.get("/static/app.css")
            #expect(try routed.json() == "route static/app.css")
            let mounted = try await client.request(.post, "/static/app.css")
            #expect(mounted.text == "static /app.css")
        }
    }

    @Test("plain Hummingbird routes get their parameters; paths the trie cannot place are still matched")
    func plainRoutesAndUnplacedPaths() async throws {
        let app = App()
        app.hummingbirdRoutes { router in
            router.get("/plain/:id") { _, context in context.parameters.get("id") ?? "none" }
        }
        app.add(Route(.get, "/items/{id}", PathParameter<Int>("id")) { id in id })
        try await app.test { client in
            #expect(try await client.get("/plain/42").text == "42")
            // An encoded literal and a doubled slash miss the trie's entries; Starlette's matching still finds the route.
            #expect(try await client.get("/it%65ms/7").json() == 7)
            let doubled = try await client.get("/items//7")
            #expect(doubled.status == .notFound)
            let propfind = try #require(HTTPRequest.Method("PROPFIND"))
            let unknownMethod = try await client.request(propfind, "/items/7")
            #expect(unknownMethod.status == .methodNotAllowed)
            #expect(unknownMethod.header("allow") == "GET")
        }
    }
}
