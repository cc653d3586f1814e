/// Reads one field of a model; the code the `@Model` macro generates calls it for every field.
public enum ModelField {
    /// An absent field takes its default, or its type's value for "missing" (`nil` for optionals),
    /// or is reported `missing` with the whole object as input, as pydantic does. A present one is
    /// validated at `key` and its constraints checked.
    public static func validate<Value: Validatable>(
        _ raw: JSONValue?,
        key: String,
        in object: JSONValue,
        default defaultValue: (() -> Value)?,
        constraints: Constraints,
        context: inout ValidationContext
    ) -> Value? {
        context.enter(.key(key))
        defer { context.leave() }
        guard let raw else {
            if let defaultValue { return defaultValue() }
            if let value = Value.valueWhenMissing { return value }
            context.fail("missing", "Field required", input: object)
            return nil
        }
        return Value.validate(raw, constraints: constraints, in: &context)
    }
}

/// `Codable` for `@Model` types, through the same validation and writing as requests and
/// responses, so that a model reads and writes the same way whatever the path.
public enum ModelCoding {
    public static func decode<Model: Validatable>(_ type: Model.Type, from decoder: any Decoder) throws -> Model {
        let value = try JSONValue(from: decoder)
        var context = ValidationContext()
        guard let model = Model.validate(value, in: &context) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "invalid \(Model.self): \(RequestValidationError(context.issues).summary)"))
        }
        return model
    }

    public static func encode(_ model: some JSONWritable, to encoder: any Encoder) throws {
        try JSONValue(model).encode(to: encoder)
    }
}

extension RequestValidationError {
    /// The issues as one line of text, for logs and error descriptions.
    public var summary: String {
        var writer = JSONWriter()
        writer.writeArray(issues)
        return writer.string
    }
}
