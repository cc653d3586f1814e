/// Reads one field of a model; the code the `@Model` macro generates calls these for every field.
public enum ModelField {
    /// An absent field takes its default, or its type's value for "missing" (`nil` for optionals),
    /// or is reported `missing` with the whole object as input, as pydantic does. A present one is
    /// validated at `key` (strictly when `strict`: no lax coercions), its constraints checked, and
    /// its index recorded in `fieldsSet`.
    ///
    /// Inlinable, so that it is specialized for each field's type in the model's own module.
    @inlinable
    public static func validate<Value: Validatable>(
        _ raw: JSONValue?,
        key: String,
        in object: JSONValue,
        default defaultValue: (() -> Value)?,
        constraints: Constraints,
        strict: Bool = false,
        index: Int,
        fieldsSet: inout FieldsSet,
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
        fieldsSet.insert(index)
        guard strict, !context.isStrict else { return Value.validate(raw, constraints: constraints, in: &context) }
        context.isStrict = true
        defer { context.isStrict = false }
        return Value.validate(raw, constraints: constraints, in: &context)
    }

    /// The field as the previous overload reads it, for code that does not track fields set.
    @inlinable
    public static func validate<Value: Validatable>(
        _ raw: JSONValue?,
        key: String,
        in object: JSONValue,
        default defaultValue: (() -> Value)?,
        constraints: Constraints,
        context: inout ValidationContext
    ) -> Value? {
        var fieldsSet = FieldsSet.none
        return validate(
            raw, key: key, in: object, default: defaultValue, constraints: constraints, index: 0, fieldsSet: &fieldsSet,
            context: &context)
    }

    /// Runs a field validator (`@FieldValidator`) on a value that validated: its result replaces
    /// the value; a thrown error is a `value_error` at the field, with the input as sent.
    public static func apply<Value>(
        _ validator: (Value) throws -> Value, to value: Value?, key: String, raw: JSONValue?, in object: JSONValue,
        context: inout ValidationContext
    ) -> Value? {
        guard let value else { return nil }
        do {
            return try validator(value)
        } catch {
            context.enter(.key(key))
            context.failValue(error, input: raw ?? object)
            context.leave()
            return nil
        }
    }

    /// Runs a `mode: .before` field validator on the raw input, before the field's own validation.
    public static func applyBefore(
        _ validator: (JSONValue) throws -> JSONValue, to raw: JSONValue?, key: String, context: inout ValidationContext
    ) -> (raw: JSONValue?, failed: Bool) {
        guard let raw else { return (nil, false) }
        do {
            return (try validator(raw), false)
        } catch {
            context.enter(.key(key))
            context.failValue(error, input: raw)
            context.leave()
            return (raw, true)
        }
    }

    /// Reports every key of `object` that is not a field (`extra = forbid`), one `extra_forbidden`
    /// issue per key, after the fields' issues as pydantic orders them; true when there is none.
    public static func forbidExtra(
        _ object: JSONObject, isField: (String) -> Bool, context: inout ValidationContext
    ) -> Bool {
        var valid = true
        for (key, value) in object where !isField(key) {
            context.enter(.key(key))
            context.fail("extra_forbidden", "Extra inputs are not permitted", input: value)
            context.leave()
            valid = false
        }
        return valid
    }

    /// Runs a whole-model validator (`@ModelValidator`); a thrown error is a `value_error` at the
    /// model's location with the whole input.
    public static func check<Model>(
        _ model: inout Model, with validator: (Model) throws -> Model, input: JSONValue, context: inout ValidationContext
    ) -> Bool {
        do {
            model = try validator(model)
            return true
        } catch {
            context.failValue(error, input: input)
            return false
        }
    }

    /// Runs a `mode: .before` model validator on the raw input.
    public static func checkBefore(
        _ input: JSONValue, with validator: (JSONValue) throws -> JSONValue, context: inout ValidationContext
    ) -> JSONValue? {
        do {
            return try validator(input)
        } catch {
            context.failValue(error, input: input)
            return nil
        }
    }
}

extension ValidationContext {
    /// Records a validator's refusal as pydantic reports a `ValueError`: `value_error`,
    /// "Value error, <message>", with an `error` context FastAPI writes as `{}`.
    mutating func failValue(_ error: any Error, input: JSONValue) {
        let message = (error as? ValueError)?.message ?? String(describing: error)
        fail("value_error", "Value error, \(message)", input: input, context: ["error": .object([:])])
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
        guard let options = SerializationOptions.current else { return try JSONValue(model).encode(to: encoder) }
        var writer = JSONWriter()
        writer.options = options
        model.writeJSON(to: &writer)
        try ((try? JSONParser.parse(writer.bytes)) ?? .null).encode(to: encoder)
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
