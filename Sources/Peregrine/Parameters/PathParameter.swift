/// A value taken from the path, named by a `{name}` or `{name:path}` placeholder of the route.
public struct PathParameter<Value: ParameterValue & Sendable>: RequestExtractor {
    public let name: String
    public let constraints: Constraints
    public let description: String?
    public let deprecated: Bool

    public init(_ name: String, constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false) {
        self.name = name
        self.constraints = constraints
        self.description = description
        self.deprecated = deprecated
    }

    public var parameter: ParameterDescriptor? {
        ParameterDescriptor(
            source: .path, name: name, isRequired: true, constraints: constraints, description: description,
            deprecated: deprecated)
    }

    public func extract(from input: inout RequestInput) async throws -> Value? {
        input.resolve(
            input.pathParameter(name).map(JSONValue.string), at: ["path", .key(name)], default: nil,
            constraints: constraints)
    }
}
