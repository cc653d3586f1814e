import Testing

@Suite("@Routes expansion")
struct RoutesExpansionTests {
    @Test("each parameter gets the extractor of its source")
    func parameterSources() {
        assertExpansion(
            """
            @Routes
            struct Items {
                /// Reads one item.
                @GET("/items/{item_id}", status: .ok, tags: ["items"])
                func readItem(item_id itemID: Int, q: String? = nil, @Query(minLength: 3) tag: String = "abc", @Header user_agent: String?, @Cookie session: String, item: Item, response: ResponseHead) async throws -> JSONValue {
                    [:]
                }
            }
            """,
            expandedSource: """
                struct Items {
                    /// Reads one item.
                    func readItem(item_id itemID: Int, q: String? = nil, @Query(minLength: 3) tag: String = "abc", @Header user_agent: String?, @Cookie session: String, item: Item, response: ResponseHead) async throws -> JSONValue {
                        [:]
                    }
                }

                extension Items: RouteCollection {
                    var routes: [Route] {
                        [
                            Route(.get, "/items/{item_id}", status: .ok, operation: OperationInfo(name: "readItem", description: "Reads one item.", tags: ["items"]), Path<Int>.extractor("item_id"), InferredParameter.make((String?).self, "q", default: nil), Query<String>.extractor("tag", default: "abc", constraints: Constraints(minLength: 3)), Header<String?>.extractor("user-agent"), Cookie<String>.extractor("session"), InferredParameter.make((Item).self, "item"), InferredParameter.make((ResponseHead).self, "response"), renderer: OutputRenderer.automatic(for: (JSONValue).self)) { [self] p0, p1, p2, p3, p4, p5, p6 in
                                try await self.readItem(item_id: p0, q: p1, tag: p2, user_agent: p3, session: p4, item: p5, response: p6)
                            },
                        ]
                    }
                }
                """)
    }

    @Test("public routers, static endpoints, wildcard labels, bodies, aliases and response models")
    func variants() {
        assertExpansion(
            """
            @Routes
            public struct Users {
                @POST("/users/", status: .created, responseModel: UserOut.self)
                static func create(_ user: UserIn, @Body(embed: true, gt: 0) importance: Int, @Query(alias: "page-size") pageSize: Int = 10, @Header(convertUnderscores: false) x_token: [String] = []) -> UserIn {
                    user
                }
                @DELETE("/users/{id}")
                func remove(id: String) {}
            }
            """,
            expandedSource: """
                public struct Users {
                    static func create(_ user: UserIn, @Body(embed: true, gt: 0) importance: Int, @Query(alias: "page-size") pageSize: Int = 10, @Header(convertUnderscores: false) x_token: [String] = []) -> UserIn {
                        user
                    }
                    func remove(id: String) {}
                }

                extension Users: RouteCollection {
                    public var routes: [Route] {
                        [
                            Route(.post, "/users/", status: .created, operation: OperationInfo(name: "create"), InferredParameter.make((UserIn).self, "user"), Body<Int>.extractor("importance", embed: true, constraints: Constraints(gt: 0)), Query<Int>.extractor("page-size", default: 10), Header<[String]>.extractor("x_token", default: []), renderer: OutputRenderer.model(UserOut.self, for: (UserIn).self)) { p0, p1, p2, p3 in
                                Self.create(p0, importance: p1, pageSize: p2, x_token: p3)
                            },
                            Route(.delete, "/users/{id}", operation: OperationInfo(name: "remove"), Path<String>.extractor("id"), renderer: OutputRenderer.automatic(for: Void.self)) { [self] p0 in
                                self.remove(id: p0)
                            },
                        ]
                    }
                }
                """)
    }

    @Test("camel-case header parameters read hyphenated headers")
    func headerNames() {
        assertExpansion(
            """
            @Routes
            struct H {
                @GET("/h")
                func h(@Header userAgent: String, @Header(alias: "X-Custom") custom: Int) -> Int { 1 }
            }
            """,
            expandedSource: """
                struct H {
                    func h(@Header userAgent: String, @Header(alias: "X-Custom") custom: Int) -> Int { 1 }
                }

                extension H: RouteCollection {
                    var routes: [Route] {
                        [
                            Route(.get, "/h", operation: OperationInfo(name: "h"), Header<String>.extractor("user-agent"), Header<Int>.extractor("X-Custom"), renderer: OutputRenderer.automatic(for: (Int).self)) { [self] p0, p1 in
                                self.h(userAgent: p0, custom: p1)
                            },
                        ]
                    }
                }
                """)
    }
}
