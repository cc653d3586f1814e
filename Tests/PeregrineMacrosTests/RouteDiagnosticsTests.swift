import SwiftDiagnostics
import SwiftSyntaxMacrosGenericTestSupport
import Testing

/// Declaration mistakes that FastAPI reports at start-up or never are compile-time errors here.
@Suite("Route declaration diagnostics")
struct RouteDiagnosticsTests {
    /// The extension a router gets when one of its routes is wrong: it still conforms, with no
    /// routes, so that only the mistake itself is reported.
    static func emptyRouter(_ name: String) -> String {
        """
        extension \(name): RouteCollection {
            var routes: [Route] {
                []
            }
        }
        """
    }

    @Test("a path placeholder without a parameter is an error, with a fix-it adding the parameter")
    func placeholderWithoutParameter() {
        assertExpansion(
            """
            @Routes
            struct Items {
                @GET("/items/{item_id}")
                func readItem(q: String) -> String { q }
            }
            """,
            expandedSource: """
                struct Items {
                    func readItem(q: String) -> String { q }
                }

                \(Self.emptyRouter("Items"))
                """,
            diagnostics: [
                DiagnosticSpec(
                    message: "path '/items/{item_id}' has a placeholder '{item_id}' but the function has no parameter named 'item_id'",
                    line: 3, column: 10,
                    fixIts: [FixItSpec(message: "add a parameter 'item_id: String'")])
            ],
            applyFixIts: ["add a parameter 'item_id: String'"],
            fixedSource: """
                @Routes
                struct Items {
                    @GET("/items/{item_id}")
                    func readItem(q: String, item_id: String) -> String { q }
                }
                """)
    }

    @Test("a @Path parameter missing from the template is an error")
    func pathParameterNotInTemplate() {
        assertExpansion(
            """
            @Routes
            struct Items {
                @GET("/items/")
                func readItems(@Path id: Int) -> Int { id }
            }
            """,
            expandedSource: """
                struct Items {
                    func readItems(@Path id: Int) -> Int { id }
                }

                \(Self.emptyRouter("Items"))
                """,
            diagnostics: [
                DiagnosticSpec(message: "'id' is marked @Path but path '/items/' has no placeholder '{id}'", line: 4, column: 20)
            ])
    }

    @Test("an optional path parameter is an error, with a fix-it making it non-optional")
    func optionalPathParameter() {
        assertExpansion(
            """
            @Routes
            struct Items {
                @GET("/items/{id}")
                func readItem(id: Int?) -> Int { 1 }
            }
            """,
            expandedSource: """
                struct Items {
                    func readItem(id: Int?) -> Int { 1 }
                }

                \(Self.emptyRouter("Items"))
                """,
            diagnostics: [
                DiagnosticSpec(
                    message: "path parameter 'id' cannot be optional: a path always contains its placeholders",
                    line: 4, column: 23, fixIts: [FixItSpec(message: "make 'id' non-optional")])
            ],
            applyFixIts: ["make 'id' non-optional"],
            fixedSource: """
                @Routes
                struct Items {
                    @GET("/items/{id}")
                    func readItem(id: Int) -> Int { 1 }
                }
                """)
    }

    @Test("a form field is text: a dictionary cannot be one")
    func dictionaryFromForm() {
        assertExpansion(
            """
            @Routes
            struct Login {
                @POST("/login")
                func login(@Form fields: [String: String]) -> Int { 1 }
            }
            """,
            expandedSource: """
                struct Login {
                    func login(@Form fields: [String: String]) -> Int { 1 }
                }

                \(Self.emptyRouter("Login"))
                """,
            diagnostics: [
                DiagnosticSpec(
                    message:
                        "form parameter 'fields' cannot be of type '[String: String]': a form value is text, not a dictionary; read dictionaries from the body",
                    line: 4, column: 30)
            ])
    }

    @Test("a WebSocket endpoint that returns a value is an error")
    func webSocketReturningValue() {
        assertExpansion(
            """
            @Routes
            struct Chat {
                @WebSocketRoute("/ws")
                func chat(websocket: WebSocket) -> String { "" }
            }
            """,
            expandedSource: """
                struct Chat {
                    func chat(websocket: WebSocket) -> String { "" }
                }

                \(Self.emptyRouter("Chat"))
                """,
            diagnostics: [
                DiagnosticSpec(
                    message: "a WebSocket endpoint returns nothing: it talks through its WebSocket parameter",
                    line: 4, column: 37)
            ])
    }

    @Test("WebSocket dependencies that are not names are reported, as for HTTP routes")
    func webSocketDependenciesNotNames() {
        assertExpansion(
            """
            @Routes
            struct Chat {
                @WebSocketRoute("/ws", dependencies: [verifyTokenDependency])
                func chat(websocket: WebSocket) {}
            }
            """,
            expandedSource: """
                struct Chat {
                    func chat(websocket: WebSocket) {}
                }

                \(Self.emptyRouter("Chat"))
                """,
            diagnostics: [
                DiagnosticSpec(
                    message: "dependencies must list the names of functions marked @Dependency, such as [\"verifyToken\"]",
                    line: 3, column: 42)
            ])
    }

    @Test("a dictionary cannot come from the query")
    func dictionaryFromQuery() {
        assertExpansion(
            """
            @Routes
            struct Search {
                @GET("/search")
                func search(@Query filters: [String: String]) -> Int { 1 }
            }
            """,
            expandedSource: """
                struct Search {
                    func search(@Query filters: [String: String]) -> Int { 1 }
                }

                \(Self.emptyRouter("Search"))
                """,
            diagnostics: [
                DiagnosticSpec(
                    message:
                        "query parameter 'filters' cannot be of type '[String: String]': a query value is text, not a dictionary; read dictionaries from the body",
                    line: 4, column: 33)
            ])
    }

    @Test("a list cannot come from a path segment or a cookie")
    func listFromPathOrCookie() {
        assertExpansion(
            """
            @Routes
            struct Tags {
                @GET("/tags/{names}")
                func tags(names: [String], @Cookie ids: [Int]) -> Int { 1 }
            }
            """,
            expandedSource: """
                struct Tags {
                    func tags(names: [String], @Cookie ids: [Int]) -> Int { 1 }
                }

                \(Self.emptyRouter("Tags"))
                """,
            diagnostics: [
                DiagnosticSpec(
                    message:
                        "path parameter 'names' cannot be of type '[String]': a path parameter holds a single value, not a list",
                    line: 4, column: 22),
                DiagnosticSpec(
                    message:
                        "cookie parameter 'ids' cannot be of type '[Int]': a cookie parameter holds a single value, not a list",
                    line: 4, column: 45),
            ])
    }

    @Test("two routes with the same method and path are an error")
    func duplicateRoute() {
        assertExpansion(
            """
            @Routes
            struct Items {
                @GET("/items/{id}")
                func first(id: Int) -> Int { id }
                @GET("/items/{item_id}")
                func second(item_id: Int) -> Int { item_id }
                @POST("/items/{id}")
                func third(id: Int) -> Int { id }
            }
            """,
            expandedSource: """
                struct Items {
                    func first(id: Int) -> Int { id }
                    func second(item_id: Int) -> Int { item_id }
                    func third(id: Int) -> Int { id }
                }

                \(Self.emptyRouter("Items"))
                """,
            diagnostics: [
                DiagnosticSpec(message: "route GET /items/{item_id} is already declared by 'first'", line: 5, column: 5)
            ])
    }

    @Test("a route that an earlier one always matches first gets a warning")
    func shadowedRoute() {
        assertExpansion(
            """
            @Routes
            struct Users {
                @GET("/users/{user_id}")
                func user(user_id: String) -> String { user_id }
                @GET("/users/me")
                func me() -> String { "me" }
            }
            """,
            expandedSource: """
                struct Users {
                    func user(user_id: String) -> String { user_id }
                    func me() -> String { "me" }
                }

                extension Users: RouteCollection {
                    var routes: [Route] {
                        [
                            Route(.get, "/users/{user_id}", operation: OperationInfo(name: "user"), Path<String>.extractor("user_id"), renderer: OutputRenderer.automatic(for: (String).self)) { [self] p0 in
                                self.user(user_id: p0)
                            },
                            Route(.get, "/users/me", operation: OperationInfo(name: "me"), renderer: OutputRenderer.automatic(for: (String).self)) { [self] in
                                self.me()
                            },
                        ]
                    }
                }
                """,
            diagnostics: [
                DiagnosticSpec(
                    message:
                        "route GET /users/me is never reached: 'user' (/users/{user_id}), declared earlier, matches every path it does",
                    line: 5, column: 5, severity: .warning)
            ])
    }

    @Test("an invalid pattern is reported at compile time")
    func invalidPattern() {
        assertExpansion(
            """
            @Routes
            struct Search {
                @GET("/search")
                func search(@Query(pattern: "[a-z") q: String) -> String { q }
            }
            """,
            expandedSource: """
                struct Search {
                    func search(@Query(pattern: "[a-z") q: String) -> String { q }
                }

                \(Self.emptyRouter("Search"))
                """,
            diagnostics: [
                DiagnosticSpec(message: "'[a-z' is not a valid regular expression", line: 4, column: 33)
            ])
    }

    @Test("a malformed or non-literal path is reported")
    func malformedPath() {
        assertExpansion(
            """
            @Routes
            struct Files {
                @GET("/files/{name:path}/meta")
                func meta(name: String) -> String { name }
                @GET(filesPath)
                func other() -> String { "" }
            }
            """,
            expandedSource: """
                struct Files {
                    func meta(name: String) -> String { name }
                    func other() -> String { "" }
                }

                \(Self.emptyRouter("Files"))
                """,
            diagnostics: [
                DiagnosticSpec(
                    message: "a {name:path} placeholder must be the last segment of '/files/{name:path}/meta'", line: 3,
                    column: 10),
                DiagnosticSpec(
                    message: "the route path must be a string literal, so that it can be checked", line: 5, column: 5),
            ])
    }

    @Test("a route macro outside a @Routes type says so")
    func routeOutsideRoutes() {
        assertExpansion(
            """
            struct Loose {
                @GET("/loose")
                func loose() -> String { "" }
            }
            """,
            expandedSource: """
                struct Loose {
                    func loose() -> String { "" }
                }
                """,
            diagnostics: [
                DiagnosticSpec(message: "@GET declares a route only on a method of a type marked @Routes", line: 2, column: 5)
            ])
    }
}

@Suite("Access level diagnostics")
struct AccessDiagnosticsTests {
    @Test("a private endpoint is an error, with a fix-it removing the modifier")
    func privateEndpoint() {
        assertExpansion(
            """
            @Routes
            struct Items {
                @GET("/items")
                private func items() -> Int { 1 }
            }
            """,
            expandedSource: """
                struct Items {
                    private func items() -> Int { 1 }
                }

                \(RouteDiagnosticsTests.emptyRouter("Items"))
                """,
            diagnostics: [
                DiagnosticSpec(
                    message: "endpoint 'items' cannot be private: the generated routes call it from another file", line: 4,
                    column: 5, fixIts: [FixItSpec(message: "remove 'private'")])
            ],
            applyFixIts: ["remove 'private'"],
            fixedSource: """
                @Routes
                struct Items {
                    @GET("/items")
                    func items() -> Int { 1 }
                }
                """)
    }

    @Test("a private model field is an error")
    func privateField() {
        assertExpansion(
            """
            @Model
            struct Secret {
                private var token: String
            }
            """,
            expandedSource: """
                struct Secret {
                    private var token: String

                    /// Which fields this value was given; see `FieldsSet`.
                    var _fieldsSet = FieldsSetStorage()
                }
                """,
            diagnostics: [
                DiagnosticSpec(
                    message: "a field of a @Model type cannot be private: the generated code reads and sets it from another file",
                    line: 3, column: 5)
            ])
    }
}
