/// A value taken from the query string.
///
/// A scalar reads the last value given for its key, as FastAPI does; an array reads every value
/// given for it (`?tags=a&tags=b`), and an empty list counts as missing.
public struct QueryParameter<Value: Validatable & Sendable>: RequestExtractor {
    public let name: String
    public let constraints: Constraints
    public let description: String?
    public let deprecated: Bool
    let defaultValue: (@Sendable () -> Value)?
    let isList: Bool

    init(
        name: String, defaultValue: (@Sendable () -> Value)?, isList: Bool, constraints: Constraints,
        description: String?, deprecated: Bool
    ) {
        self.name = name
        self.defaultValue = defaultValue
        self.isList = isList
        self.constraints = constraints
        self.description = description
        self.deprecated = deprecated
    }

    public var parameter: ParameterDescriptor? {
        ParameterDescriptor(
            source: .query, name: name, isRequired: defaultValue == nil && Value.valueWhenMissing == nil,
            constraints: constraints, description: description, deprecated: deprecated)
    }

    public func extract(from input: inout RequestInput) async throws -> Value? {
        let raw: JSONValue?
        if isList {
            let values = input.query.values(for: name)
            raw = values.isEmpty ? nil : .array(values.map(JSONValue.string))
        } else {
            raw = input.query.lastValue(for: name).map(JSONValue.string)
        }
        return input.resolve(raw, at: ["query", .key(name)], default: defaultValue, constraints: constraints)
    }
}

extension QueryParameter where Value: ParameterValue {
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

extension QueryParameter {
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

    @available(*, unavailable, message: "a query parameter must be a scalar (a ParameterValue such as String, Int, an enum) or an array of scalars; read models from the body with @Body")
    public init(_ name: String, constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false) {
        fatalError()
    }

    @available(*, unavailable, message: "a query parameter must be a scalar (a ParameterValue such as String, Int, an enum) or an array of scalars; read models from the body with @Body")
    public init(
        _ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value,
        constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false
    ) {
        fatalError()
    }
}
