/// A value taken from a request header.
///
/// Header names are case-insensitive. A scalar reads the first field with the name; an array reads
/// every field with it (`X-Token: a` and `X-Token: b` give `["a", "b"]`), as Starlette does.
public struct HeaderParameter<Value: Validatable & Sendable>: RequestExtractor {
    /// The header name as reported in errors and documentation (for `user_agent`, `user-agent`).
    public let name: String
    public let constraints: Constraints
    public let description: String?
    public let deprecated: Bool
    let fieldName: HTTPField.Name?
    let defaultValue: (@Sendable () -> Value)?
    let isList: Bool

    init(
        name: String, defaultValue: (@Sendable () -> Value)?, isList: Bool, constraints: Constraints,
        description: String?, deprecated: Bool
    ) {
        self.name = name
        self.fieldName = HTTPField.Name(name)
        self.defaultValue = defaultValue
        self.isList = isList
        self.constraints = constraints
        self.description = description
        self.deprecated = deprecated
    }

    public var parameter: ParameterDescriptor? {
        ParameterDescriptor(
            source: .header, name: name, isRequired: defaultValue == nil && Value.valueWhenMissing == nil,
            constraints: constraints, description: description, deprecated: deprecated)
    }

    public func extract(from input: inout RequestInput) async throws -> Value? {
        var raw: JSONValue?
        if let fieldName {
            if isList {
                let values = input.request.headers[values: fieldName]
                raw = values.isEmpty ? nil : .array(values.map(JSONValue.string))
            } else {
                raw = input.request.headers[fieldName].map(JSONValue.string)
            }
        }
        return input.resolve(raw, at: ["header", .key(name)], default: defaultValue, constraints: constraints)
    }
}

extension HeaderParameter where Value: ParameterValue {
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

extension HeaderParameter {
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

    @available(*, unavailable, message: "a header parameter must be a scalar (a ParameterValue such as String, Int, an enum) or an array of scalars")
    public init(_ name: String, constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false) {
        fatalError()
    }

    @available(*, unavailable, message: "a header parameter must be a scalar (a ParameterValue such as String, Int, an enum) or an array of scalars")
    public init(
        _ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value,
        constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false
    ) {
        fatalError()
    }
}
