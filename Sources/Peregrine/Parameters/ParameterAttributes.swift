// The attributes that refine an endpoint parameter, written as property wrappers so that they can
// annotate function parameters. They hold no behaviour: the `@Routes` macro reads their arguments
// and generates the matching extractor. Arguments mirror FastAPI's `Query(...)`, `Path(...)` and
// friends.

/// Reads a parameter from the query string: `@Query(minLength: 3, maxLength: 50) q: String? = nil`.
/// An array parameter reads every value of its key.
@propertyWrapper
public struct Query<Value> {
    public var wrappedValue: Value

    public init(
        wrappedValue: Value, alias: String? = nil, minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil,
        gt: Bound? = nil, ge: Bound? = nil, lt: Bound? = nil, le: Bound? = nil, description: String? = nil,
        deprecated: Bool = false
    ) {
        self.wrappedValue = wrappedValue
    }
}

/// Reads a parameter from the path, refining a placeholder: `@Path(ge: 1, le: 1000) item_id: Int`.
@propertyWrapper
public struct Path<Value> {
    public var wrappedValue: Value

    public init(
        wrappedValue: Value, alias: String? = nil, minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil,
        gt: Bound? = nil, ge: Bound? = nil, lt: Bound? = nil, le: Bound? = nil, description: String? = nil,
        deprecated: Bool = false
    ) {
        self.wrappedValue = wrappedValue
    }
}

/// Reads a parameter from a header. The header's name is the parameter's name with underscores
/// and camel-case humps turned into hyphens (`user_agent` and `userAgent` read `user-agent`),
/// unless `convertUnderscores` is false or an `alias` is given. An array reads every field.
@propertyWrapper
public struct Header<Value> {
    public var wrappedValue: Value

    public init(
        wrappedValue: Value, alias: String? = nil, convertUnderscores: Bool = true, minLength: Int? = nil,
        maxLength: Int? = nil, pattern: String? = nil, gt: Bound? = nil, ge: Bound? = nil, lt: Bound? = nil,
        le: Bound? = nil, description: String? = nil, deprecated: Bool = false
    ) {
        self.wrappedValue = wrappedValue
    }
}

/// Reads a parameter from a cookie: `@Cookie ads_id: String? = nil`.
@propertyWrapper
public struct Cookie<Value> {
    public var wrappedValue: Value

    public init(
        wrappedValue: Value, alias: String? = nil, minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil,
        gt: Bound? = nil, ge: Bound? = nil, lt: Bound? = nil, le: Bound? = nil, description: String? = nil,
        deprecated: Bool = false
    ) {
        self.wrappedValue = wrappedValue
    }
}

/// Reads a parameter from the JSON body. A scalar marked `@Body` is a body member
/// (`@Body(gt: 0) importance: Int`); `embed: true` makes a lone body parameter a member named
/// after it rather than the whole body.
@propertyWrapper
public struct Body<Value> {
    public var wrappedValue: Value

    public init(
        wrappedValue: Value, alias: String? = nil, embed: Bool = false, minLength: Int? = nil, maxLength: Int? = nil,
        pattern: String? = nil, gt: Bound? = nil, ge: Bound? = nil, lt: Bound? = nil, le: Bound? = nil,
        description: String? = nil, deprecated: Bool = false
    ) {
        self.wrappedValue = wrappedValue
    }
}
