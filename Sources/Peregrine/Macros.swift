/// Makes a type an ``RouteCollection`` whose routes are its methods marked `@GET`, `@POST`, `@PUT`,
/// `@PATCH`, `@DELETE`, `@HEAD` or `@OPTIONS`.
///
/// The macro reads each endpoint's signature and generates its parameter extraction: a parameter
/// named in the path template comes from the path; one marked `@Query`, `@Header`, `@Cookie`,
/// `@Path` or `@Body` comes from there; any other comes from the query when its type is a
/// ``ParameterValue`` (a scalar), is injected when it is a ``RequestInjectable`` (``Request``,
/// ``ResponseHead``), and is read from the body otherwise. A parameter's argument label is its name
/// on the wire. Declaration mistakes (a placeholder without a parameter, a parameter that cannot come
/// from its source, a route declared twice) are compile-time errors.
@attached(extension, conformances: RouteCollection, names: named(routes), named(webSocketRoutes))
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
/// `operationID` replaces the document's generated id, `openapiExtra` is merged into the
/// operation's document (FastAPI's `openapi_extra`), and the `responseModel…` options shape the
/// returned model: leave out fields that were not set, that are `nil`, or that are not listed.
@attached(peer)
public macro GET(
    _ path: String, status: HTTPResponse.Status = .ok, responseModel: Any.Type? = nil,
    responseClass: (any ResponseClass.Type)? = nil, responses: [Int: AdditionalResponse] = [:],
    dependencies: [StaticString] = [],
    tags: [String] = [], summary: String? = nil, description: String? = nil, deprecated: Bool = false,
    name: String? = nil, includeInSchema: Bool = true, operationID: String? = nil, openapiExtra: JSONValue? = nil,
    responseModelExcludeUnset: Bool = false, responseModelExcludeNone: Bool = false,
    responseModelInclude: Set<String>? = nil, responseModelExclude: Set<String> = []
) = #externalMacro(module: "PeregrineMacros", type: "RouteMarkerMacro")

/// Declares a POST endpoint; the arguments are those of ``GET(_:status:responseModel:responseClass:responses:dependencies:tags:summary:description:deprecated:name:includeInSchema:operationID:openapiExtra:responseModelExcludeUnset:responseModelExcludeNone:responseModelInclude:responseModelExclude:)``.
@attached(peer)
public macro POST(
    _ path: String, status: HTTPResponse.Status = .ok, responseModel: Any.Type? = nil,
    responseClass: (any ResponseClass.Type)? = nil, responses: [Int: AdditionalResponse] = [:],
    dependencies: [StaticString] = [],
    tags: [String] = [], summary: String? = nil, description: String? = nil, deprecated: Bool = false,
    name: String? = nil, includeInSchema: Bool = true, operationID: String? = nil, openapiExtra: JSONValue? = nil,
    responseModelExcludeUnset: Bool = false, responseModelExcludeNone: Bool = false,
    responseModelInclude: Set<String>? = nil, responseModelExclude: Set<String> = []
) = #externalMacro(module: "PeregrineMacros", type: "RouteMarkerMacro")

/// Declares a PUT endpoint; the arguments are those of ``GET(_:status:responseModel:responseClass:responses:dependencies:tags:summary:description:deprecated:name:includeInSchema:operationID:openapiExtra:responseModelExcludeUnset:responseModelExcludeNone:responseModelInclude:responseModelExclude:)``.
@attached(peer)
public macro PUT(
    _ path: String, status: HTTPResponse.Status = .ok, responseModel: Any.Type? = nil,
    responseClass: (any ResponseClass.Type)? = nil, responses: [Int: AdditionalResponse] = [:],
    dependencies: [StaticString] = [],
    tags: [String] = [], summary: String? = nil, description: String? = nil, deprecated: Bool = false,
    name: String? = nil, includeInSchema: Bool = true, operationID: String? = nil, openapiExtra: JSONValue? = nil,
    responseModelExcludeUnset: Bool = false, responseModelExcludeNone: Bool = false,
    responseModelInclude: Set<String>? = nil, responseModelExclude: Set<String> = []
) = #externalMacro(module: "PeregrineMacros", type: "RouteMarkerMacro")

/// Declares a PATCH endpoint; the arguments are those of ``GET(_:status:responseModel:responseClass:responses:dependencies:tags:summary:description:deprecated:name:includeInSchema:operationID:openapiExtra:responseModelExcludeUnset:responseModelExcludeNone:responseModelInclude:responseModelExclude:)``.
@attached(peer)
public macro PATCH(
    _ path: String, status: HTTPResponse.Status = .ok, responseModel: Any.Type? = nil,
    responseClass: (any ResponseClass.Type)? = nil, responses: [Int: AdditionalResponse] = [:],
    dependencies: [StaticString] = [],
    tags: [String] = [], summary: String? = nil, description: String? = nil, deprecated: Bool = false,
    name: String? = nil, includeInSchema: Bool = true, operationID: String? = nil, openapiExtra: JSONValue? = nil,
    responseModelExcludeUnset: Bool = false, responseModelExcludeNone: Bool = false,
    responseModelInclude: Set<String>? = nil, responseModelExclude: Set<String> = []
) = #externalMacro(module: "PeregrineMacros", type: "RouteMarkerMacro")

/// Declares a DELETE endpoint; the arguments are those of ``GET(_:status:responseModel:responseClass:responses:dependencies:tags:summary:description:deprecated:name:includeInSchema:operationID:openapiExtra:responseModelExcludeUnset:responseModelExcludeNone:responseModelInclude:responseModelExclude:)``.
@attached(peer)
public macro DELETE(
    _ path: String, status: HTTPResponse.Status = .ok, responseModel: Any.Type? = nil,
    responseClass: (any ResponseClass.Type)? = nil, responses: [Int: AdditionalResponse] = [:],
    dependencies: [StaticString] = [],
    tags: [String] = [], summary: String? = nil, description: String? = nil, deprecated: Bool = false,
    name: String? = nil, includeInSchema: Bool = true, operationID: String? = nil, openapiExtra: JSONValue? = nil,
    responseModelExcludeUnset: Bool = false, responseModelExcludeNone: Bool = false,
    responseModelInclude: Set<String>? = nil, responseModelExclude: Set<String> = []
) = #externalMacro(module: "PeregrineMacros", type: "RouteMarkerMacro")

/// Declares a HEAD endpoint; the arguments are those of ``GET(_:status:responseModel:responseClass:responses:dependencies:tags:summary:description:deprecated:name:includeInSchema:operationID:openapiExtra:responseModelExcludeUnset:responseModelExcludeNone:responseModelInclude:responseModelExclude:)``.
@attached(peer)
public macro HEAD(
    _ path: String, status: HTTPResponse.Status = .ok, responseModel: Any.Type? = nil,
    responseClass: (any ResponseClass.Type)? = nil, responses: [Int: AdditionalResponse] = [:],
    dependencies: [StaticString] = [],
    tags: [String] = [], summary: String? = nil, description: String? = nil, deprecated: Bool = false,
    name: String? = nil, includeInSchema: Bool = true, operationID: String? = nil, openapiExtra: JSONValue? = nil,
    responseModelExcludeUnset: Bool = false, responseModelExcludeNone: Bool = false,
    responseModelInclude: Set<String>? = nil, responseModelExclude: Set<String> = []
) = #externalMacro(module: "PeregrineMacros", type: "RouteMarkerMacro")

/// Declares an OPTIONS endpoint; the arguments are those of ``GET(_:status:responseModel:responseClass:responses:dependencies:tags:summary:description:deprecated:name:includeInSchema:operationID:openapiExtra:responseModelExcludeUnset:responseModelExcludeNone:responseModelInclude:responseModelExclude:)``.
@attached(peer)
public macro OPTIONS(
    _ path: String, status: HTTPResponse.Status = .ok, responseModel: Any.Type? = nil,
    responseClass: (any ResponseClass.Type)? = nil, responses: [Int: AdditionalResponse] = [:],
    dependencies: [StaticString] = [],
    tags: [String] = [], summary: String? = nil, description: String? = nil, deprecated: Bool = false,
    name: String? = nil, includeInSchema: Bool = true, operationID: String? = nil, openapiExtra: JSONValue? = nil,
    responseModelExcludeUnset: Bool = false, responseModelExcludeNone: Bool = false,
    responseModelInclude: Set<String>? = nil, responseModelExclude: Set<String> = []
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

/// Makes a struct ``ModelContent`` with generated validation and JSON writing: pydantic's `BaseModel`.
///
/// ```swift
/// @Model(extra: .forbid)
/// struct SignUp {
///     @Field(minLength: 3) var username: String
///     var password: String
///     var passwordRepeat: String
///     var website: HttpUrl? = nil
///
///     @FieldValidator("username")
///     static func alphanumeric(_ value: String) throws -> String {
///         guard value.allSatisfy({ $0.isLetter || $0.isNumber }) else { throw ValueError("must be alphanumeric") }
///         return value.lowercased()
///     }
///
///     @ModelValidator
///     func passwordsMatch() throws {
///         if password != passwordRepeat { throw ValueError("passwords do not match") }
///     }
/// }
/// ```
///
/// Every stored property is a field named after the property (or its `@Field(alias:)`). A field
/// with a default value or an optional type may be absent; the others are required. Validation
/// reports every problem of the input at once, with its location, in pydantic's words, then runs
/// field validators (`@FieldValidator`, after each field, in declaration order) and, only when
/// every field validated, model validators (`@ModelValidator`). `extra: .forbid` refuses keys that
/// are not fields; `strict: true` turns off pydantic's lax coercions for every field. Output
/// writes every field, `nil` as `null`, then every `@Computed` property. The macro also records
/// which fields each validated value was given (``ModelContent/fieldsSet``), in a stored property
/// it adds.
@attached(
    extension, conformances: ModelContent, LiteralTagged, names: named(validate), named(writeJSON), named(init), named(encode),
    named(typeSchema), named(fieldKeys), named(fieldsSet), named(updated), named(_PeregrineConstraints),
    named(FieldTypes), named(LiteralFields))
@attached(member, names: named(_fieldsSet))
public macro Model(extra: ExtraFields = .ignore, strict: Bool = false) =
    #externalMacro(module: "PeregrineMacros", type: "ModelMacro")

/// Refines a field of a `@Model` type: pydantic's `Field(...)`.
/// `@Field(gt: 0, description: "The price must be greater than zero") var price: Double`.
///
/// Besides FastAPI's constraints: `strict` (no lax coercions for this field), `literal` (the
/// field takes exactly these values, pydantic's `Literal["cat"]`: a discriminated union's tag),
/// `multipleOf`, `allowInfNaN`, and for `Decimal` fields `maxDigits` and `decimalPlaces`.
/// It only annotates the property (storage and initializers are unchanged); `@Model` reads it.
@attached(peer)
public macro Field(
    alias: String? = nil, minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil, gt: Bound? = nil,
    ge: Bound? = nil, lt: Bound? = nil, le: Bound? = nil, multipleOf: Bound? = nil, allowInfNaN: Bool? = nil,
    maxDigits: Int? = nil, decimalPlaces: Int? = nil, literal: LiteralValues? = nil, strict: Bool? = nil,
    description: String? = nil, deprecated: Bool = false, examples: [JSONValue] = []
) = #externalMacro(module: "PeregrineMacros", type: "FieldMarkerMacro")

/// Makes a computed property of a `@Model` type part of its output: pydantic's `@computed_field`.
/// It is written after the stored fields and documented as a read-only, required property of the
/// model's output schema (FastAPI's `Model-Output`).
///
/// ```swift
/// @Computed var area: Double { width * height }
/// ```
@attached(peer)
public macro Computed(alias: String? = nil, description: String? = nil) =
    #externalMacro(module: "PeregrineMacros", type: "FieldMarkerMacro")

/// When a validator runs: after the field's (or model's) own validation, on the typed value, or
/// before it, on the raw input (pydantic's `mode="before"`).
public enum ValidatorMode: Sendable {
    case before, after
}

/// Makes a static function of a `@Model` type validate the named fields: pydantic's
/// `@field_validator`. After validation (the default) it receives the field's value and returns
/// it, possibly changed; `mode: .before` receives and returns the raw ``JSONValue``. Throwing
/// (``ValueError``) refuses the value with a `value_error` at the field.
@attached(peer)
public macro FieldValidator(_ fields: String..., mode: ValidatorMode = .after) =
    #externalMacro(module: "PeregrineMacros", type: "FieldMarkerMacro")

/// Makes a method of a `@Model` type validate the whole model: pydantic's
/// `@model_validator(mode="after")`, run only when every field validated. It throws (``ValueError``)
/// to refuse the model, with a `value_error` at the model's location, and may return a changed
/// `Self`. With `mode: .before` it is a static function of the raw input, run first.
@attached(peer)
public macro ModelValidator(mode: ValidatorMode = .after) =
    #externalMacro(module: "PeregrineMacros", type: "FieldMarkerMacro")

/// Makes an enum whose cases each hold one value a union of those types: pydantic's `int | str`,
/// or with `discriminator:` a discriminated union of models.
///
/// ```swift
/// @Union enum Tag { case int(Int), str(String) }
///
/// @Union(discriminator: "pet_type")
/// enum Pet { case cat(Cat), dog(Dog) }   // Cat declares @Field(literal: "cat") var pet_type: String
/// ```
///
/// Without a discriminator, validation follows pydantic's smart mode: the member matching the
/// input's own type wins, else the one matching it most exactly; when none matches, every
/// member's issues are reported under the case's name (`["body", "tag", "int"]`), so name the
/// cases as pydantic labels the types. With one, the input's tag field selects the member
/// (`union_tag_invalid`, `union_tag_not_found` otherwise) and its issues are located under the
/// tag. The document writes `anyOf`, or `oneOf` with the discriminator's mapping.
@attached(
    extension, conformances: Content, names: named(validate), named(writeJSON), named(init), named(encode),
    named(typeSchema), named(_union), named(_discriminatorFields))
public macro Union(discriminator: String? = nil) = #externalMacro(module: "PeregrineMacros", type: "UnionMacro")

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
