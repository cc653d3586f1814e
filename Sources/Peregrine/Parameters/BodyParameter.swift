/// A value taken from the JSON body.
///
/// A route with one body parameter reads the whole body as that parameter; a route with several,
/// or with one declared `embed: true`, reads an object whose members are named after the
/// parameters (`{"item": {...}, "user": {...}, "importance": 5}`), exactly as FastAPI does.
public struct BodyParameter<Value: Validatable & Sendable>: ImmediateRequestExtractor, ExampleDocumenting {
    public let name: String
    public let embed: Bool
    public let constraints: Constraints
    public let description: String?
    public let deprecated: Bool
    @usableFromInline let defaultValue: (@Sendable () -> Value)?
    public var examples: [JSONValue] = []

    init(
        name: String, defaultValue: (@Sendable () -> Value)?, embed: Bool, constraints: Constraints, description: String?,
        deprecated: Bool
    ) {
        self.name = name
        self.embed = embed
        self.defaultValue = defaultValue
        self.constraints = constraints
        self.description = description
        self.deprecated = deprecated
    }

    public init(
        _ name: String, embed: Bool = false, constraints: Constraints = .none, description: String? = nil,
        deprecated: Bool = false
    ) {
        self.init(
            name: name, defaultValue: nil, embed: embed, constraints: constraints, description: description, deprecated: deprecated)
    }

    public init(
        _ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value, embed: Bool = false,
        constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false
    ) {
        self.init(
            name: name, defaultValue: defaultValue, embed: embed, constraints: constraints, description: description,
            deprecated: deprecated)
    }

    public var parameter: ParameterDescriptor? {
        var descriptor = ParameterDescriptor(
            source: .body, name: name, isRequired: defaultValue == nil && Value.valueWhenMissing == nil,
            constraints: constraints, description: description, deprecated: deprecated, embed: embed,
            schema: Value.typeSchema, defaultValue: defaultValue.flatMap { ($0() as? any JSONWritable).map { JSONValue($0) } })
        descriptor.examples = examples
        return descriptor
    }


    @inlinable
    public func extractImmediately(from input: inout RequestInput) -> Value? {
        if input.embedsBody {
            // Anything but an object (a list, a scalar, non-JSON text) has no member to read.
            var raw: JSONValue?
            if case .json(.object(let object)) = input.body { raw = object[name] }
            return input.validate(raw, at: ["body", .key(name)], default: defaultValue, constraints: constraints)
        }
        let raw: JSONValue? =
            switch input.body {
            case .absent, .form: nil
            case .json(let value): value
            case .text(let text): .string(text)
            }
        return input.validate(raw, at: ["body"], default: defaultValue, constraints: constraints)
    }
}

extension ParameterAttribute where Location == BodyLocation, Value: Validatable & Sendable {
    /// The extractor of a `@Body` parameter, as the route macros generate it.
    public static func extractor(
        _ name: String, embed: Bool = false,
        constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false
    ) -> BodyParameter<Value> {
        BodyParameter(
            name: name, defaultValue: nil, embed: embed, constraints: constraints, description: description,
            deprecated: deprecated)
    }

    public static func extractor(
        _ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value, embed: Bool = false,
        constraints: Constraints = .none, description: String? = nil, deprecated: Bool = false
    ) -> BodyParameter<Value> {
        BodyParameter(
            name: name, defaultValue: defaultValue, embed: embed, constraints: constraints, description: description,
            deprecated: deprecated)
    }
}
