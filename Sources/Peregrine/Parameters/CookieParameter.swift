/// A value taken from a cookie of the request.
public struct CookieParameter<Value: Validatable & Sendable>: RequestExtractor {
    public let name: String
    public let constraints: Constraints
    public let description: String?
    public let deprecated: Bool
    let defaultValue: (@Sendable () -> Value)?

    init(
        name: String, defaultValue: (@Sendable () -> Value)?, constraints: Constraints, description: String?,
        deprecated: Bool
    ) {
        self.name = name
        self.defaultValue = defaultValue
        self.constraints = constraints
        self.description = description
        self.deprecated = deprecated
    }

    public var parameter: ParameterDescriptor? {
        ParameterDescriptor(
            source: .cookie, name: name, isRequired: defaultValue == nil && Value.valueWhenMissing == nil,
            constraints: constraints, description: description, deprecated: deprecated)
    }

    public func extract(from input: inout RequestInput) async throws -> Value? {
        let raw = input.cookies[name].map(JSONValue.string)
        return input.resolve(raw, at: ["cookie", .key(name)], default: defaultValue, constraints: constraints)
    }
}

extension CookieParameter where Value: ParameterValue {
    public init(_ name: String, constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false) {
        self.init(name: name, defaultValue: nil, constraints: constraints, description: description, deprecated: deprecated)
    }

    public init(
        _ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value,
        constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false
    ) {
        self.init(
            name: name, defaultValue: defaultValue, constraints: constraints, description: description,
            deprecated: deprecated)
    }
}

extension CookieParameter {
    @available(*, unavailable, message: "a cookie parameter must be a scalar (a ParameterValue such as String, Int, an enum)")
    public init(_ name: String, constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false) {
        fatalError()
    }

    @available(*, unavailable, message: "a cookie parameter must be a scalar (a ParameterValue such as String, Int, an enum)")
    public init(
        _ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value,
        constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false
    ) {
        fatalError()
    }
}
