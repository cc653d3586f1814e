/// An attribute that refines an endpoint parameter: `@Query`, `@Path`, `@Header`, `@Cookie`,
/// `@Body`. Written as a property wrapper so that it can annotate a function parameter; it holds
/// no behaviour, since the `@Routes` macro reads its arguments and generates the extractor.
/// Arguments mirror FastAPI's `Query(...)`, `Path(...)` and friends.
@propertyWrapper
public struct ParameterAttribute<Location: ParameterLocation, Value> {
    private var value: Value

    public var wrappedValue: Value {
        get { value }
        set { value = newValue }
    }
}

/// Locations whose attribute takes only a name, constraints and documentation.
///
/// Every attribute's `examples` are example values the document shows in the parameter's schema
/// (FastAPI's `Query(examples=[...])`).
public protocol PlainAttributeLocation: ParameterLocation {}
extension PathLocation: PlainAttributeLocation {}
extension QueryLocation: PlainAttributeLocation {}
extension CookieLocation: PlainAttributeLocation {}
extension FormLocation: PlainAttributeLocation {}

/// Reads a parameter from the query string: `@Query(minLength: 3, maxLength: 50) q: String? = nil`.
/// An array parameter reads every value of its key.
public typealias Query<Value> = ParameterAttribute<QueryLocation, Value>
/// Reads a parameter from the path, refining a placeholder: `@Path(ge: 1, le: 1000) item_id: Int`.
public typealias Path<Value> = ParameterAttribute<PathLocation, Value>
/// Reads a parameter from a cookie: `@Cookie ads_id: String? = nil`.
public typealias Cookie<Value> = ParameterAttribute<CookieLocation, Value>
/// Reads a parameter from a header. The header's name is the parameter's name with underscores
/// and camel-case humps turned into hyphens (`user_agent` and `userAgent` read `user-agent`),
/// unless `convertUnderscores` is false or an `alias` is given. An array reads every field.
public typealias Header<Value> = ParameterAttribute<HeaderLocation, Value>
/// Reads a text field of a form body (`application/x-www-form-urlencoded` or
/// `multipart/form-data`): `@Form(minLength: 3) password: String`. An array reads every value of
/// the field. FastAPI's `Form()`.
public typealias Form<Value> = ParameterAttribute<FormLocation, Value>
/// Reads a file of a `multipart/form-data` body: `@File file: [UInt8]` for its bytes, or
/// ``UploadFile`` for the file itself (which needs no attribute). FastAPI's `File()`.
public typealias File<Value> = ParameterAttribute<FileLocation, Value>
/// Computes a parameter with a dependency: FastAPI's `Depends`.
/// `@Depends(commonParametersDependency)` uses the dependency the `@Dependency` macro made of the
/// function `commonParameters`; a bare `@Depends` uses the parameter's type, which must be a
/// ``DependencyType``. `useCache: false` runs the dependency again even if the request already did.
public typealias Depends<Value> = ParameterAttribute<DependencyLocation, Value>
/// Reads a parameter from the JSON body. A scalar marked `@Body` is a body member
/// (`@Body(gt: 0) importance: Int`); `embed: true` makes a lone body parameter a member named
/// after it rather than the whole body.
public typealias Body<Value> = ParameterAttribute<BodyLocation, Value>

extension ParameterAttribute where Location: PlainAttributeLocation {
    public init(
        wrappedValue: Value, alias: String? = nil, minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil,
        gt: Bound? = nil, ge: Bound? = nil, lt: Bound? = nil, le: Bound? = nil, description: String? = nil,
        deprecated: Bool = false, examples: [JSONValue] = []
    ) {
        self.value = wrappedValue
    }
}

extension ParameterAttribute where Location == HeaderLocation {
    public init(
        wrappedValue: Value, alias: String? = nil, convertUnderscores: Bool = true, minLength: Int? = nil,
        maxLength: Int? = nil, pattern: String? = nil, gt: Bound? = nil, ge: Bound? = nil, lt: Bound? = nil,
        le: Bound? = nil, description: String? = nil, deprecated: Bool = false, examples: [JSONValue] = []
    ) {
        self.value = wrappedValue
    }
}

extension ParameterAttribute where Location == BodyLocation {
    public init(
        wrappedValue: Value, alias: String? = nil, embed: Bool = false, minLength: Int? = nil, maxLength: Int? = nil,
        pattern: String? = nil, gt: Bound? = nil, ge: Bound? = nil, lt: Bound? = nil, le: Bound? = nil,
        description: String? = nil, deprecated: Bool = false, examples: [JSONValue] = []
    ) {
        self.value = wrappedValue
    }
}

extension ParameterAttribute where Location == FileLocation {
    public init(wrappedValue: Value, alias: String? = nil, description: String? = nil) {
        self.value = wrappedValue
    }
}

extension ParameterAttribute where Location == DependencyLocation {
    public init(wrappedValue: Value, _ dependency: RequestDependency<Value>, useCache: Bool = true) {
        self.value = wrappedValue
    }

    public init(wrappedValue: Value, useCache: Bool = true) where Value: DependencyType {
        self.value = wrappedValue
    }
}
