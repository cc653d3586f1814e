import SwiftSyntaxMacrosGenericTestSupport
import Testing

@Suite("@Dependency, @Dependable and @Depends expansion")
struct DependencyExpansionTests {
    @Test("a function dependency becomes <name>Dependency, reading its parameters like an endpoint")
    func functionDependency() {
        assertExpansion(
            """
            @Dependency
            public func verifyToken(@Header x_token token: String, q: String? = nil, @Depends(userDependency) user: User) async throws -> String {
                token
            }
            """,
            expandedSource: """
                public func verifyToken(@Header x_token token: String, q: String? = nil, @Depends(userDependency) user: User) async throws -> String {
                    token
                }

                public let verifyTokenDependency = RequestDependency("verifyToken", Header<String>.extractor("x-token"), InferredParameter.make((String?).self, "q", default: nil), Depends<User>.extractor(userDependency)) { p0, p1, p2 in
                    return try await verifyToken(x_token: p0, q: p1, user: p2)
                }
                """)
    }

    @Test("a static dependency function becomes a static member; one returning nothing has no return")
    func staticDependency() {
        assertExpansion(
            """
            enum Guards {
                @Dependency
                static func check(@Depends(useCache: false) filters: Filters) throws {
                }
            }
            """,
            expandedSource: """
                enum Guards {
                    static func check(@Depends(useCache: false) filters: Filters) throws {
                    }

                    static let checkDependency = RequestDependency("check", Depends<Filters>.extractor(useCache: false)) { p0 in
                        try Self.check(filters: p0)
                    }
                }
                """)
    }

    @Test("a struct dependency is built through its initializer, or memberwise")
    func typeDependency() {
        assertExpansion(
            """
            @Dependable
            struct Filters {
                var q: String?
                init(q: String? = nil, @Header x_strict strict: Bool = false) throws {
                    self.q = q
                }
            }
            @Dependable
            public struct Page {
                public var number: Int = 1
                public let size: Int
                let kind = "page"
            }
            """,
            expandedSource: """
                struct Filters {
                    var q: String?
                    init(q: String? = nil, @Header x_strict strict: Bool = false) throws {
                        self.q = q
                    }
                }
                public struct Page {
                    public var number: Int = 1
                    public let size: Int
                    let kind = "page"
                }

                extension Filters: DependencyType {
                    static let dependency = RequestDependency<Filters>("Filters", InferredParameter.make((String?).self, "q", default: nil), Header<Bool>.extractor("x-strict", default: false)) { p0, p1 in
                        return try Filters(q: p0, x_strict: p1)
                    }
                }

                extension Page: DependencyType {
                    public static let dependency = RequestDependency<Page>("Page", InferredParameter.make((Int).self, "number", default: 1), InferredParameter.make((Int).self, "size")) { p0, p1 in
                        return Page(number: p0, size: p1)
                    }
                }
                """)
    }

    @Test("endpoints name route dependencies and take dependency parameters")
    func endpointDependencies() {
        assertExpansion(
            """
            @Routes
            struct Items {
                @GET("/items", dependencies: ["verifyToken", "Guards.check"])
                func items(@Depends(paginationDependency) page: Page, filters: Filters) -> Int { 1 }
            }
            """,
            expandedSource: """
                struct Items {
                    func items(@Depends(paginationDependency) page: Page, filters: Filters) -> Int { 1 }
                }

                extension Items: RouteCollection {
                    var routes: [Route] {
                        [
                            Route(.get, "/items", operation: OperationInfo(name: "items"), dependencies: [verifyTokenDependency, Guards.checkDependency], Depends<Page>.extractor(paginationDependency), InferredParameter.make((Filters).self, "filters"), renderer: OutputRenderer.automatic(for: (Int).self)) { [self] p0, p1 in
                                self.items(page: p0, filters: p1)
                            },
                        ]
                    }
                }
                """)
    }
}

@Suite("Dependency declaration diagnostics")
struct DependencyDiagnosticsTests {
    @Test("a dependency must be a global function or a static method")
    func instanceMethod() {
        assertExpansion(
            """
            struct Service {
                @Dependency
                func token() -> String { "" }
            }
            """,
            expandedSource: """
                struct Service {
                    func token() -> String { "" }
                }
                """,
            diagnostics: [
                DiagnosticSpec(
                    message:
                        "a dependency function must be a global function or a static method: nothing provides an instance to call 'token' on",
                    line: 3, column: 10)
            ])
    }

    @Test("@Dependency on a struct points to @Dependable; @Dependable needs a struct with one initializer")
    func wrongDeclarations() {
        assertExpansion(
            """
            @Dependency
            struct Filters {}
            @Dependable
            class Settings {}
            @Dependable
            struct Twice {
                init() {}
                init(x: Int) {}
            }
            """,
            expandedSource: """
                struct Filters {}
                class Settings {}
                struct Twice {
                    init() {}
                    init(x: Int) {}
                }
                """,
            diagnostics: [
                DiagnosticSpec(message: "@Dependency applies to functions; mark a struct dependency @Dependable", line: 1, column: 1),
                DiagnosticSpec(message: "@Dependable applies to structs", line: 3, column: 1),
                DiagnosticSpec(
                    message: "a struct dependency needs a single initializer, whose parameters are read from the request", line: 5,
                    column: 1),
            ])
    }

    @Test("a dependency parameter cannot have a default, and route dependencies are named")
    func endpointMistakes() {
        assertExpansion(
            """
            @Routes
            struct Items {
                @GET("/a")
                func a(@Depends(pageDependency) page: Page = Page()) -> Int { 1 }
                @GET("/b", dependencies: [verifyTokenDependency])
                func b() -> Int { 1 }
            }
            """,
            expandedSource: """
                struct Items {
                    func a(@Depends(pageDependency) page: Page = Page()) -> Int { 1 }
                    func b() -> Int { 1 }
                }

                \(RouteDiagnosticsTests.emptyRouter("Items"))
                """,
            diagnostics: [
                DiagnosticSpec(
                    message: "parameter 'page' is computed by a dependency; it cannot have a default value", line: 4, column: 48),
                DiagnosticSpec(
                    message: #"dependencies must list the names of functions marked @Dependency, such as ["verifyToken"]"#,
                    line: 5, column: 30),
            ])
    }
}
