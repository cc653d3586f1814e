import Peregrine
import Synchronization

/// A function dependency: the query parameters several endpoints share.
@Dependency
func commonParameters(q: String? = nil, skip: Int = 0, limit: Int = 100) -> JSONValue {
    ["q": JSONValue(q), "skip": .int(skip), "limit": .int(limit)]
}

/// A type dependency: an endpoint parameter of this type is built from the query.
@Dependable
struct CommonQueryParams {
    var q: String? = nil
    var skip: Int = 0
    var limit: Int = 100
}

@Dependency
func queryExtractor(q: String? = nil) -> String? {
    q
}

/// A dependency with a sub-dependency: the query, else the last query remembered in a cookie.
@Dependency
func queryOrCookieExtractor(@Depends(queryExtractorDependency) q: String?, @Cookie last_query lastQuery: String? = nil) -> String? {
    guard let q, !q.isEmpty else { return lastQuery }
    return q
}

/// Dependencies run for their effect, guarding a route.
@Dependency
func verifyToken(@Header x_token token: String) throws {
    if token != "fake-super-secret-token" { throw HTTPException(400, detail: "X-Token header invalid") }
}

@Dependency
func verifyKey(@Header x_key key: String) throws -> String {
    if key != "fake-super-secret-key" { throw HTTPException(400, detail: "X-Key header invalid") }
    return key
}

/// What the scoped dependency below records, to show when its cleanup ran.
let cleanupLog = Mutex<[String]>([])

/// A dependency with cleanup (FastAPI's `yield`): "close" is recorded after the response.
@Dependency
func getResource() -> Scoped<String> {
    cleanupLog.withLock { $0.append("open") }
    return Scoped("resource") { _ in cleanupLog.withLock { $0.append("close") } }
}

@Routes
struct Dependencies {
    @GET("/dep/items/")
    func depItems(@Depends(commonParametersDependency) commons: JSONValue) -> JSONValue {
        commons
    }

    @GET("/dep/class-items/")
    func depClassItems(commons: CommonQueryParams) -> JSONValue {
        var response: JSONObject = [:]
        if let q = commons.q, !q.isEmpty { response["q"] = .string(q) }
        response["items"] = .array(
            Array(PathAndQueryParameters.fakeItems.pythonSlice(from: commons.skip, length: commons.limit)))
        return .object(response)
    }

    @GET("/dep/sub/")
    func depSub(@Depends(queryOrCookieExtractorDependency) queryOrDefault: String?) -> JSONValue {
        ["q_or_cookie": JSONValue(queryOrDefault)]
    }

    @GET("/dep/guarded/", dependencies: ["verifyToken", "verifyKey"])
    func depGuarded() -> JSONValue {
        [["item": "Foo"], ["item": "Bar"]]
    }

    @GET("/dep/yield/")
    func depYield(@Depends(getResourceDependency) resource: String) -> JSONValue {
        ["resource": .string(resource), "before": JSONValue(cleanupLog.withLock { $0 })]
    }

    @GET("/dep/yield-log/")
    func depYieldLog() -> JSONValue {
        ["log": JSONValue(cleanupLog.withLock { $0 })]
    }
}
