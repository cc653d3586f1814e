import Peregrine
import PeregrineTesting
import Testing

// Dependencies used by the tests below. Each records what it does into the running test's events.

@Dependency
func pagination(skip: Int = 0, @Query(le: 100) limit: Int = 10) -> JSONValue {
    TestEvents.current.record("pagination")
    return ["skip": .int(skip), "limit": .int(limit)]
}

@Dependency
func currentUser(@Header x_user user: String, @Cookie session: String? = nil) -> String {
    TestEvents.current.record("currentUser")
    return session.map { "\(user) (\($0))" } ?? user
}

/// Depth three: admin ← currentUser, and audit ← admin.
@Dependency
func admin(@Depends(currentUserDependency) user: String) throws -> String {
    guard user.hasPrefix("root") else { throw HTTPException(403, detail: "Not an admin") }
    return user
}

@Dependency
func audit(@Depends(adminDependency) admin: String, request: Request, backgroundTasks: BackgroundTasks) -> String {
    let events = TestEvents.current
    events.record("audit \(request.method.rawValue) \(request.uri.path)")
    backgroundTasks.add { events.record("audit task for \(admin)") }
    return "audited by \(admin)"
}

@Dependency
func counted() -> Int {
    TestEvents.current.record("counted")
    return TestEvents.current.all.filter { $0 == "counted" }.count
}

@Dependency
func bodyDependency(payload: Gadget) -> String {
    payload.name
}

@Dependency
func appGuard(@Header x_app: String) throws {
    TestEvents.current.record("app guard")
    if x_app != "ok" { throw HTTPException(401, detail: "app guard") }
}

@Dependency
func routerGuard() {
    TestEvents.current.record("router guard")
}

@Dependency
func routeGuard() {
    TestEvents.current.record("route guard")
}

@Dependency
func requestScoped(backgroundTasks: BackgroundTasks) -> Scoped<String> {
    let events = TestEvents.current
    events.record("request setup")
    backgroundTasks.add { events.record("task") }
    return Scoped("request resource") { error in
        events.record("request cleanup" + (error.map { " after \($0)" } ?? ""))
    }
}

@Dependency
func functionScoped() -> Scoped<String> {
    let events = TestEvents.current
    events.record("function setup")
    return Scoped("function resource", scope: .function) { error in
        events.record("function cleanup" + (error.map { " after \($0)" } ?? ""))
    }
}

@Dependable
struct Filters {
    var q: String?
    var tags: [String]
    var strict: Bool

    init(q: String? = nil, @Query tags: [String] = [], @Header x_strict strict: Bool = false) {
        TestEvents.current.record("Filters")
        self.q = q
        self.tags = tags
        self.strict = strict
    }
}

@Dependable
struct Memberwise {
    var page: Int = 1
    var size: Int
}

@Routes
struct DependencyRoutes {
    @GET("/function")
    func function(@Depends(paginationDependency) page: JSONValue) -> JSONValue { page }

    @GET("/type")
    func type(filters: Filters, memberwise: Memberwise) -> JSONValue {
        ["q": JSONValue(filters.q), "tags": JSONValue(filters.tags), "strict": .bool(filters.strict), "page": .int(memberwise.page), "size": .int(memberwise.size)]
    }

    @GET("/nested")
    func nested(@Depends(auditDependency) audit: String, @Depends(currentUserDependency) user: String) -> JSONValue {
        ["audit": .string(audit), "user": .string(user)]
    }

    @GET("/cached")
    func cached(@Depends(countedDependency) first: Int, @Depends(countedDependency) second: Int, @Depends(countedDependency, useCache: false) third: Int) -> [Int] {
        [first, second, third]
    }

    @POST("/body")
    func body(@Depends(bodyDependencyDependency) name: String, extra: Part) -> JSONValue {
        ["name": .string(name), "part": .string(extra.name)]
    }

    @GET("/guarded", dependencies: ["routeGuard"])
    func guarded() -> String {
        TestEvents.current.record("endpoint")
        return "guarded"
    }

    @GET("/errors")
    func errors(@Depends(currentUserDependency) user: String, @Depends(paginationDependency) page: JSONValue, count: Int) -> String {
        user
    }

    @GET("/scoped")
    func scoped(@Depends(requestScopedDependency) request: String, @Depends(functionScopedDependency) function: String) -> String {
        TestEvents.current.record("endpoint")
        return "\(request), \(function)"
    }

    @GET("/scoped-failure")
    func scopedFailure(@Depends(requestScopedDependency) request: String, @Depends(functionScopedDependency) function: String) throws -> String {
        TestEvents.current.record("endpoint")
        throw HTTPException(409, detail: "refused")
    }
}

/// Dependencies work like FastAPI's `Depends`.
@Suite("Dependencies")
struct DependencyTests {
    static func makeApp() -> App {
        let app = App()
        app.include(DependencyRoutes())
        return app
    }

    static func run(_ body: @Sendable (TestClient) async throws -> Void) async throws -> [String] {
        let events = EventLog()
        try await TestEvents.$current.withValue(events) {
            try await makeApp().test { client in try await body(client) }
        }
        return events.all
    }

    @Test("a function dependency reads its own parameters from the request")
    func functionDependency() async throws {
        _ = try await Self.run { client in
            let response = try await client.get("/function?skip=5")
            #expect(try response.json() == ["skip": 5, "limit": 10])
            let invalid = try await client.get("/function?limit=101")
            #expect(try invalid.json() == ["detail": [[
                "type": "less_than_equal", "loc": ["query", "limit"], "msg": "Input should be less than or equal to 100",
                "input": "101", "ctx": ["le": 100],
            ]]])
        }
    }

    @Test("a type dependency is built from its initializer, or its stored properties")
    func typeDependency() async throws {
        _ = try await Self.run { client in
            let response = try await client.get("/type?q=x&tags=a&tags=b&size=20", headers: ["X-Strict": "yes"])
            #expect(try response.json() == ["q": "x", "tags": ["a", "b"], "strict": true, "page": 1, "size": 20])
            let missing = try await client.get("/type")
            #expect(try missing.json() == ["detail": [["type": "missing", "loc": ["query", "size"], "msg": "Field required", "input": nil]]])
        }
    }

    @Test("sub-dependencies to any depth, with headers, cookies, the request and background tasks")
    func nested() async throws {
        let events = try await Self.run { client in
            let response = try await client.get("/nested", headers: ["X-User": "root"], cookies: ["session": "s1"])
            #expect(try response.json() == ["audit": "audited by root (s1)", "user": "root (s1)"])
            let forbidden = try await client.get("/nested", headers: ["X-User": "guest"])
            #expect(forbidden.statusCode == 403)
            #expect(try forbidden.json() == ["detail": "Not an admin"])
        }
        // The user dependency ran once per request, although two parameters use it.
        #expect(events == ["currentUser", "audit GET /nested", "audit task for root (s1)", "currentUser"])
    }

    @Test("a dependency used twice runs once per request, unless useCache is false")
    func caching() async throws {
        let events = try await Self.run { client in
            let response = try await client.get("/cached")
            #expect(try response.json() == [1, 1, 2])
        }
        #expect(events == ["counted", "counted"])
    }

    @Test("a dependency can read the body")
    func bodyDependency() async throws {
        _ = try await Self.run { client in
            let response = try await client.post(
                "/body", json: ["payload": ["name": "lamp", "price": 1], "extra": ["part_name": "bulb", "count": 1]] as JSONValue)
            #expect(try response.json() == ["name": "lamp", "part": "bulb"])
        }
    }

    @Test("the dependencies' parameters are validated with the endpoint's, all errors in one 422")
    func combinedErrors() async throws {
        _ = try await Self.run { client in
            let response = try await client.get("/errors?limit=500&count=x")
            #expect(response.statusCode == 422)
            #expect(try response.json() == ["detail": [
                ["type": "missing", "loc": ["header", "x-user"], "msg": "Field required", "input": nil],
                ["type": "less_than_equal", "loc": ["query", "limit"], "msg": "Input should be less than or equal to 100", "input": "500", "ctx": ["le": 100]],
                ["type": "int_parsing", "loc": ["query", "count"], "msg": "Input should be a valid integer, unable to parse string as an integer", "input": "x"],
            ]])
        }
    }

    @Test("app, router and route dependencies run first, in that order")
    func routeDependencies() async throws {
        let events = EventLog()
        let app = App(dependencies: [appGuardDependency])
        app.include(DependencyRoutes(), dependencies: [routerGuardDependency])
        try await TestEvents.$current.withValue(events) {
            try await app.test { client in
                let response = try await client.get("/guarded", headers: ["X-App": "ok"])
                #expect(try response.json() == "guarded")
                let refused = try await client.get("/guarded", headers: ["X-App": "no"])
                #expect(refused.statusCode == 401)
            }
        }
        #expect(events.all == ["app guard", "router guard", "route guard", "endpoint", "app guard"])
    }

    @Test("overrides replace a dependency, with the replacement's own parameters")
    func overrides() async throws {
        let app = Self.makeApp()
        app.dependencyOverrides.override(
            paginationDependency, with: RequestDependency("fixed", QueryParameter<Int>("page", default: 1)) { page in
                ["page": .int(page)]
            })
        app.dependencyOverrides.override(Memberwise.self, with: RequestDependency("fake") { Memberwise(page: 9, size: 9) })
        try await TestEvents.$current.withValue(EventLog()) {
            try await app.test { client in
                let function = try await client.get("/function?page=3&limit=1000")
                #expect(try function.json() == ["page": 3])
                let type = try await client.get("/type")
                #expect(try type.json()["size"] == 9)
                app.dependencyOverrides.removeAll()
                let restored = try await client.get("/function")
                #expect(try restored.json() == ["skip": 0, "limit": 10])
            }
        }
    }

    @Test("cleanups: function scope before the response, request scope after the response and its tasks")
    func cleanupOrder() async throws {
        let events = try await Self.run { client in
            let response = try await client.returningBeforeBackgroundTasks.get("/scoped")
            TestEvents.current.record("response received")
            #expect(try response.json() == "request resource, function resource")
            await client.backgroundTasksFinished()
        }
        #expect(events.prefix(4) == ["request setup", "function setup", "endpoint", "function cleanup"])
        // The job starts once the response is written, which may be before or after the client
        // records receiving it; within the job, the task comes first and the cleanup last.
        #expect(Array(events.filter { $0 != "response received" }.suffix(2)) == ["task", "request cleanup"])
        #expect(events.firstIndex(of: "function cleanup")! < events.firstIndex(of: "response received")!)
    }

    @Test("cleanups run when the endpoint throws, last set up first, and see the error; no task runs")
    func cleanupOnError() async throws {
        let events = try await Self.run { client in
            let response = try await client.get("/scoped-failure")
            #expect(response.statusCode == 409)
            #expect(try response.json() == ["detail": "refused"])
        }
        #expect(events == [
            "request setup", "function setup", "endpoint",
            "function cleanup after HTTPException(409, detail: \"refused\")",
            "request cleanup after HTTPException(409, detail: \"refused\")",
        ])
    }
}
