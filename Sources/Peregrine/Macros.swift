/// Makes a type an ``APIRouter`` whose routes are its methods marked `@GET`, `@POST`, `@PUT`,
/// `@PATCH`, `@DELETE`, `@HEAD` or `@OPTIONS`.
///
/// The macro reads each endpoint's signature and generates its parameter extraction: a parameter
/// named in the path template comes from the path; one marked `@Query`, `@Header`, `@Cookie`,
/// `@Path` or `@Body` comes from there; any other comes from the query when its type is a
/// ``ParameterValue`` (a scalar), is injected when it is a ``RequestInjectable`` (``Request``,
/// ``ResponseHead``), and is read from the body otherwise. A parameter's argument label is its name
/// on the wire. Declaration mistakes (a placeholder without a parameter, a parameter that cannot come
/// from its source, a route declared twice) are compile-time errors.
@attached(extension, conformances: APIRouter, names: named(routes), named(webSocketRoutes))
public macro Routes() = #externalMacro(module: "PeregrineMacros", type: "RoutesMacro")

/// Declares a GET endpoint. `status` is the status of a successful response, `responseModel` a
/// type the return value is filtered through, `responseClass` how the return value becomes the
/// response (``HTMLResponse``, ``PlainTextResponse``; ``JSONResponse`` by default), `responses`
/// documents the other answers the endpoint gives, by status (FastAPI's `responses=`:
/// `[404: AdditionalResponse("Item not found", model: Message.self)]`, or just `[404: "Item not found"]`),
/// `dependencies` names `@Dependency` functions run
/// first for their effect (`dependencies: ["verifyToken"]`; macro arguments cannot refer to the
/// declarations other macros generate, so they are named), `tags`, `summary` and `description` document it
/// (the doc comment is used when they are absent), and `name` is its operation name.
@attached(peer)
public macro GET(
    _ path: String, status: HTTPResponse.Status = .ok, responseModel: Any.Type? = nil,
    responseClass: (any ResponseClass.Type)? = nil, responses: [Int: AdditionalResponse] = [:],
    dependencies: [StaticString] = [],
    tags: [String] = [], summary: String? = nil, description: String? = nil, deprecated: Bool = false,
    name: String? = nil, includeInSchema: Bool = true
) = #externalMacro(module: "PeregrineMacros", type: "RouteMarkerMacro")

/// Declares a POST endpoint; the arguments are those of ``GET(_:status:responseModel:responseClass:responses:dependencies:tags:summary:description:deprecated:name:includeInSchema:)``.
@attached(peer)
public macro POST(
    _ path: String, status: HTTPResponse.Status = .ok, responseModel: Any.Type? = nil,
    responseClass: (any ResponseClass.Type)? = nil, responses: [Int: AdditionalResponse] = [:],
    dependencies: [StaticString] = [],
    tags: [String] = [], summary: String? = nil, description: String? = nil, deprecated: Bool = false,
    name: String? = nil, includeInSchema: Bool = true
) = #externalMacro(module: "PeregrineMacros", type: "RouteMarkerMacro")

/// Declares a PUT endpoint; the arguments are those of ``GET(_:status:responseModel:responseClass:responses:dependencies:tags:summary:description:deprecated:name:includeInSchema:)``.
@attached(peer)
public macro PUT(
    _ path: String, status: HTTPResponse.Status = .ok, responseModel: Any.Type? = nil,
    responseClass: (any ResponseClass.Type)? = nil, responses: [Int: AdditionalResponse] = [:],
    dependencies: [StaticString] = [],
    tags: [String] = [], summary: String? = nil, description: String? = nil, deprecated: Bool = false,
    name: String? = nil, includeInSchema: Bool = true
) = #externalMacro(module: "PeregrineMacros", type: "RouteMarkerMacro")

/// Declares a PATCH endpoint; the arguments are those of ``GET(_:status:responseModel:responseClass:responses:dependencies:tags:summary:description:deprecated:name:includeInSchema:)``.
@attached(peer)
public macro PATCH(
    _ path: String, status: HTTPResponse.Status = .ok, responseModel: Any.Type? = nil,
    responseClass: (any ResponseClass.Type)? = nil, responses: [Int: AdditionalResponse] = [:],
    dependencies: [StaticString] = [],
    tags: [String] = [], summary: String? = nil, description: String? = nil, deprecated: Bool = false,
    name: String? = nil, includeInSchema: Bool = true
) = #externalMacro(module: "PeregrineMacros", type: "RouteMarkerMacro")

/// Declares a DELETE endpoint; the arguments are those of ``GET(_:status:responseModel:responseClass:responses:dependencies:tags:summary:description:deprecated:name:includeInSchema:)``.
@attached(peer)
public macro DELETE(
    _ path: String, status: HTTPResponse.Status = .ok, responseModel: Any.Type? = nil,
    responseClass: (any ResponseClass.Type)? = nil, responses: [Int: AdditionalResponse] = [:],
    dependencies: [StaticString] = [],
    tags: [String] = [], summary: String? = nil, description: String? = nil, deprecated: Bool = false,
    name: String? = nil, includeInSchema: Bool = true
) = #externalMacro(module: "PeregrineMacros", type: "RouteMarkerMacro")

/// Declares a HEAD endpoint; the arguments are those of ``GET(_:status:responseModel:responseClass:responses:dependencies:tags:summary:description:deprecated:name:includeInSchema:)``.
@attached(peer)
public macro HEAD(
    _ path: String, status: HTTPResponse.Status = .ok, responseModel: Any.Type? = nil,
    responseClass: (any ResponseClass.Type)? = nil, responses: [Int: AdditionalResponse] = [:],
    dependencies: [StaticString] = [],
    tags: [String] = [], summary: String? = nil, description: String? = nil, deprecated: Bool = false,
    name: String? = nil, includeInSchema: Bool = true
) = #externalMacro(module: "PeregrineMacros", type: "RouteMarkerMacro")

/// Declares an OPTIONS endpoint; the arguments are those of ``GET(_:status:responseModel:responseClass:responses:dependencies:tags:summary:description:deprecated:name:includeInSchema:)``.
@attached(peer)
public macro OPTIONS(
    _ path: String, status: HTTPResponse.Status = .ok, responseModel: Any.Type? = nil,
    responseClass: (any ResponseClass.Type)? = nil, responses: [Int: AdditionalResponse] = [:],
    dependencies: [StaticString] = [],
    tags: [String] = [], summary: String? = nil, description: String? = nil, deprecated: Bool = false,
    name: String? = nil, includeInSchema: Bool = true
) = #externalMacro(module: "PeregrineMacros", type: "RouteMarkerMacro")

/// Declares a WebSocket endpoint: FastAPI's `@app.websocket(path)`. Its parameters are declared
/// as an HTTP endpoint's are (path, `@Query`, `@Header`, `@Cookie`, `@Depends`), plus a
/// ``WebSocket`` to talk through; it returns nothing.
///
/// ```swift
/// @WebSocketRoute("/items/{item_id}/ws")
/// func itemSocket(websocket: WebSocket, item_id: String, q: Int? = nil) async throws {
///     try await websocket.accept()
///     for try await text in websocket.texts() { try await websocket.sendText("\(item_id): \(text)") }
/// }
/// ```
@attached(peer)
public macro WebSocketRoute(
    _ path: String, dependencies: [StaticString] = [], tags: [String] = [], name: String? = nil
) = #externalMacro(module: "PeregrineMacros", type: "RouteMarkerMacro")

/// Makes a struct ``Content`` with generated validation and JSON writing: pydantic's `BaseModel`.
///
/// ```swift
/// @Model
/// struct Item {
///     var name: String
///     @Field(maxLength: 300) var description: String? = nil
///     @Field(gt: 0, description: "The price must be greater than zero") var price: Double
///     var tax: Double? = nil
///     var tags: [String] = []
/// }
/// ```
///
/// Every stored property is a field named after the property (or its `@Field(alias:)`). A field
/// with a default value or an optional type may be absent; the others are required. Validation
/// reports every problem of the input at once, with its location, in pydantic's words. Output
/// writes every field, `nil` as `null`.
@attached(
    extension, conformances: Content, names: named(validate), named(writeJSON), named(init), named(encode),
    named(typeSchema))
public macro Model() = #externalMacro(module: "PeregrineMacros", type: "ModelMacro")

/// Refines a field of a `@Model` type: pydantic's `Field(...)`.
/// `@Field(gt: 0, description: "The price must be greater than zero") var price: Double`.
///
/// It only annotates the property (storage and initializers are unchanged); `@Model` reads it.
@attached(peer)
public macro Field(
    alias: String? = nil, minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil, gt: Bound? = nil,
    ge: Bound? = nil, lt: Bound? = nil, le: Bound? = nil, description: String? = nil, deprecated: Bool = false,
    examples: [JSONValue] = []
) = #externalMacro(module: "PeregrineMacros", type: "FieldMarkerMacro")

/// Makes a function a dependency: FastAPI's `Depends(function)`.
///
/// On a global function or a static method, it generates `<name>Dependency`, a
/// ``RequestDependency`` whose parameters are read from the request like an endpoint's:
///
/// ```swift
/// @Dependency
/// func commonParameters(q: String? = nil, skip: Int = 0, limit: Int = 100) -> CommonParameters {
///     CommonParameters(q: q, skip: skip, limit: limit)
/// }
/// ```
///
/// Endpoints use it with `@Depends(commonParametersDependency) commons: CommonParameters`, or for
/// its effect with `@GET("/items/", dependencies: ["commonParameters"])`.
@attached(peer, names: suffixed(Dependency))
public macro Dependency() = #externalMacro(module: "PeregrineMacros", type: "DependencyMacro")

/// Makes a struct a ``DependencyType``: FastAPI's classes used with `Depends()`. The struct is
/// built from the request through its initializer's parameters (or, without an initializer, its
/// stored properties), and an endpoint parameter of its type receives it.
///
/// ```swift
/// @Dependable
/// struct CommonQueryParams {
///     var q: String? = nil
///     var skip: Int = 0
///     var limit: Int = 100
/// }
/// ```
@attached(extension, conformances: DependencyType, names: named(dependency))
public macro Dependable() = #externalMacro(module: "PeregrineMacros", type: "DependableMacro")
