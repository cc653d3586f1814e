/// A parameter read from text: a path placeholder, a query key, a header or a cookie.
///
/// A scalar (a ``ParameterValue``) reads one value; on a ``ListLocation`` an array reads every
/// value given under the name, and no value at all counts as missing. Validation turns the text
/// into the parameter's type with pydantic's rules, and errors are reported at
/// `[source, name]` (`["query", "q"]`).
public struct TextParameter<Location: TextLocation, Value: Validatable & Sendable>: ImmediateRequestExtractor, ExampleDocumenting {
    /// Everything the parameter knows, in one reference: extractor lists copy their extractors
    /// as they read a request, and one retain is cheaper than one per field.
    @usableFromInline
    final class Storage: Sendable {
        let name: String
        @usableFromInline let constraints: Constraints
        let description: String?
        let deprecated: Bool
        @usableFromInline let key: Location.Key
        /// Where errors are reported, built once rather than for every request.
        @usableFromInline let location: [LocationElement]
        @usableFromInline let defaultValue: (@Sendable () -> Value)?
        @usableFromInline let isList: Bool
        /// A JSON Schema `format` the document gives the value, over its type's own.
        let format: String?
        let examples: [JSONValue]

        init(
            name: String, defaultValue: (@Sendable () -> Value)?, isList: Bool, constraints: Constraints,
            description: String?, deprecated: Bool, format: String? = nil, examples: [JSONValue] = []
        ) {
            self.name = name
            self.key = Location.key(for: name)
            self.location = [.key(Location.source.errorLocation), .key(name)]
            self.defaultValue = defaultValue
            self.isList = isList
            self.constraints = constraints
            self.description = description
            self.deprecated = deprecated
            self.format = format
            self.examples = examples
        }

        func with(format: String? = nil, examples: [JSONValue]? = nil) -> Storage {
            Storage(
                name: name, defaultValue: defaultValue, isList: isList, constraints: constraints, description: description,
                deprecated: deprecated, format: format ?? self.format, examples: examples ?? self.examples)
        }
    }

    @usableFromInline var storage: Storage

    /// The name on the wire, as reported in errors (for headers, the hyphenated name).
    public var name: String { storage.name }
    public var constraints: Constraints { storage.constraints }
    public var description: String? { storage.description }
    public var deprecated: Bool { storage.deprecated }
    public var examples: [JSONValue] {
        get { storage.examples }
        set { storage = storage.with(examples: newValue) }
    }

    init(
        name: String, defaultValue: (@Sendable () -> Value)?, isList: Bool, constraints: Constraints,
        description: String?, deprecated: Bool
    ) {
        storage = Storage(
            name: name, defaultValue: defaultValue, isList: isList, constraints: constraints, description: description,
            deprecated: deprecated)
    }

    public var parameter: ParameterDescriptor? {
        var descriptor = ParameterDescriptor(
            source: Location.source, name: name, isRequired: storage.defaultValue == nil && Value.valueWhenMissing == nil,
            constraints: constraints, description: description, deprecated: deprecated,
            schema: storage.format.map { Value.typeSchema.withStringFormat($0) } ?? Value.typeSchema,
            defaultValue: storage.defaultValue.flatMap { ($0() as? any JSONWritable).map { JSONValue($0) } })
        descriptor.examples = examples
        return descriptor
    }

    /// The parameter documented with the string `format` given (`"password"`, which Swagger UI
    /// masks), as pydantic's `json_schema_extra={"format": ...}` does; validation is unchanged.
    public func documented(format: String) -> Self {
        var parameter = self
        parameter.storage = storage.with(format: format)
        return parameter
    }

    @inlinable
    public func extractImmediately(from input: inout RequestInput) -> Value? {
        let raw: JSONValue?
        if storage.isList {
            let values = Location.values(for: storage.key, in: &input)
            raw = values.isEmpty ? nil : .array(values.map(JSONValue.string))
        } else {
            raw = Location.value(for: storage.key, in: &input).map(JSONValue.string)
        }
        return input.validate(raw, at: storage.location, default: storage.defaultValue, constraints: storage.constraints)
    }
}

/// A value from the route's path: `PathParameter<Int>("item_id")`.
public typealias PathParameter<Value: Validatable & Sendable> = TextParameter<PathLocation, Value>
/// A value from the query string: `QueryParameter<Int>("skip", default: 0)`.
public typealias QueryParameter<Value: Validatable & Sendable> = TextParameter<QueryLocation, Value>
/// A value from a header, named as sent: `HeaderParameter<String?>("user-agent")`.
public typealias HeaderParameter<Value: Validatable & Sendable> = TextParameter<HeaderLocation, Value>
/// A value from a cookie: `CookieParameter<String?>("ads_id")`.
public typealias CookieParameter<Value: Validatable & Sendable> = TextParameter<CookieLocation, Value>
/// A text field of a form body: `FormParameter<String>("username")`.
public typealias FormParameter<Value: Validatable & Sendable> = TextParameter<FormLocation, Value>

extension TextParameter where Value: ParameterValue {
    public init(_ name: String, constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false) {
        self.init(
            name: name, defaultValue: nil, isList: false, constraints: constraints, description: description,
            deprecated: deprecated)
    }

    public init(
        _ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value,
        constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false
    ) {
        self.init(
            name: name, defaultValue: defaultValue, isList: false, constraints: constraints,
            description: description, deprecated: deprecated)
    }
}

extension TextParameter where Location: ListLocation {
    public init<Element: ParameterValue>(
        _ name: String, constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false
    ) where Value == [Element] {
        self.init(
            name: name, defaultValue: nil, isList: true, constraints: constraints, description: description,
            deprecated: deprecated)
    }

    public init<Element: ParameterValue>(
        _ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value,
        constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false
    ) where Value == [Element] {
        self.init(
            name: name, defaultValue: defaultValue, isList: true, constraints: constraints,
            description: description, deprecated: deprecated)
    }

    public init<Element: ParameterValue>(
        _ name: String, constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false
    ) where Value == [Element]? {
        self.init(
            name: name, defaultValue: nil, isList: true, constraints: constraints, description: description,
            deprecated: deprecated)
    }

    public init<Element: ParameterValue>(
        _ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value,
        constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false
    ) where Value == [Element]? {
        self.init(
            name: name, defaultValue: defaultValue, isList: true, constraints: constraints,
            description: description, deprecated: deprecated)
    }
}

extension TextParameter {
    // Chosen only when no initializer above applies, to say why in the compiler's error.
    @available(*, unavailable, message: "a path, query, header, cookie or form parameter must be a scalar (a ParameterValue such as String, Int or an enum), or for queries, headers and forms an array of scalars; read models from the body")
    public init(_ name: String, constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false) {
        fatalError()
    }

    @available(*, unavailable, message: "a path, query, header, cookie or form parameter must be a scalar (a ParameterValue such as String, Int or an enum), or for queries, headers and forms an array of scalars; read models from the body")
    public init(
        _ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value,
        constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false
    ) {
        fatalError()
    }
}

// The extractors of `@Path`, `@Query`, `@Header`, `@Cookie` and `@Form` parameters, as the route
// macros generate them: the attribute the user wrote names the location, and the library picks
// the extractor, through the initializers above.
extension ParameterAttribute where Location: TextLocation, Value: ParameterValue {
    public static func extractor(
        _ name: String, constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false
    ) -> TextParameter<Location, Value> {
        .init(name, constraints: constraints, description: description, deprecated: deprecated)
    }

    public static func extractor(
        _ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value, constraints: Constraints = .none,
        description: String? = nil, deprecated: Bool = false
    ) -> TextParameter<Location, Value> {
        .init(name, default: defaultValue(), constraints: constraints, description: description, deprecated: deprecated)
    }
}

extension ParameterAttribute where Location: ListLocation {
    public static func extractor<Element: ParameterValue>(
        _ name: String, constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false
    ) -> TextParameter<Location, Value> where Value == [Element] {
        .init(name, constraints: constraints, description: description, deprecated: deprecated)
    }

    public static func extractor<Element: ParameterValue>(
        _ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value, constraints: Constraints = .none,
        description: String? = nil, deprecated: Bool = false
    ) -> TextParameter<Location, Value> where Value == [Element] {
        .init(name, default: defaultValue(), constraints: constraints, description: description, deprecated: deprecated)
    }

    public static func extractor<Element: ParameterValue>(
        _ name: String, constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false
    ) -> TextParameter<Location, Value> where Value == [Element]? {
        .init(name, constraints: constraints, description: description, deprecated: deprecated)
    }

    public static func extractor<Element: ParameterValue>(
        _ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value, constraints: Constraints = .none,
        description: String? = nil, deprecated: Bool = false
    ) -> TextParameter<Location, Value> where Value == [Element]? {
        .init(name, default: defaultValue(), constraints: constraints, description: description, deprecated: deprecated)
    }
}

extension ParameterAttribute where Location: TextLocation, Value: Validatable & Sendable {
    // Chosen only when no factory above applies, to say why in the compiler's error.
    @available(*, unavailable, message: "a path, query, header, cookie or form parameter must be a scalar (a ParameterValue such as String, Int or an enum), or for queries, headers and forms an array of scalars; read models from the body")
    public static func extractor(
        _ name: String, constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false
    ) -> TextParameter<Location, Value> {
        fatalError()
    }

    @available(*, unavailable, message: "a path, query, header, cookie or form parameter must be a scalar (a ParameterValue such as String, Int or an enum), or for queries, headers and forms an array of scalars; read models from the body")
    public static func extractor(
        _ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value, constraints: Constraints = .none,
        description: String? = nil, deprecated: Bool = false
    ) -> TextParameter<Location, Value> {
        fatalError()
    }
}
