import Foundation

// `Decimal` and URLs validate as pydantic's `Decimal`, `HttpUrl` and `AnyUrl` (DecimalText and
// URLText hold the rules) and are written as pydantic serializes them; `jsonableEncoder` writes
// decimals as numbers, as FastAPI's `jsonable_encoder` does.

extension ExactDecimal {
    /// A constraint's bound as pydantic's decimal validator holds it: an integer exactly, a float
    /// through its shortest text (`0.25`).
    init(bound: Bound) {
        switch bound {
        case .int(let value): self.init(value)
        case .double(let value): self = DecimalText.fromDouble(value)
        }
    }
}

extension ExactDecimal: ParameterValue, JSONableRepresentable {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> ExactDecimal? {
        validate(input, constraints: .none, in: &context)
    }

    /// Digits and places are counted on the input as written, so the constraints are checked
    /// while it is read.
    public static func validate(_ input: JSONValue, constraints: Constraints, in context: inout ValidationContext) -> ExactDecimal? {
        if constraints.literal != nil, !constraints.checkLiteral(input, in: &context) { return nil }
        if context.isStrict {
            // Strict mode takes Decimal objects only, which JSON cannot carry.
            context.fail("is_instance_of", "Input should be an instance of Decimal", input: input, context: ["class": "Decimal"])
            return nil
        }
        let decimalConstraints = constraints.storage?.decimal ?? DecimalText.DecimalConstraints.none
        // The usual spelling skips the general path's conversions and its result type.
        if case .string(let text) = input, let decimal = DecimalText.commonDecimal(text) {
            if let problem = DecimalText.check(decimal, decimalConstraints) {
                context.fail(problem, input: input)
                return nil
            }
            context.noteLax()
            return decimal
        }
        switch DecimalText.validate(input.scalarInput, constraints: decimalConstraints) {
        case .success(let value):
            if case .int = input { context.noteStrict() } else { context.noteLax() }
            return value
        case .failure(let problem):
            context.fail(problem, input: input)
            return nil
        }
    }

    /// pydantic writes a `Decimal` as the string Python prints: `"12.50"`, `"1E+2"`.
    public func writeJSON(to writer: inout JSONWriter) { writer.write(DecimalText.pythonString(self)) }

    /// `jsonable_encoder` writes an integer when the exponent is not negative, else a float.
    public var jsonableValue: JSONValue {
        DecimalText.jsonableNumberText(self).flatMap { try? JSONParser.parse(Array($0.utf8)) } ?? .null
    }

    public static var typeSchema: TypeSchema { .decimal }

    public init(from decoder: any Decoder) throws { self = try ModelCoding.decode(Self.self, from: decoder) }
    public func encode(to encoder: any Encoder) throws { try ModelCoding.encode(self, to: encoder) }
}

/// Foundation's `Decimal` validates as pydantic's `Decimal` (with `maxDigits`, `decimalPlaces`
/// and the bounds), holding up to 38 significant digits. It does not keep trailing zeros, so a
/// response model writes `"12.5"` where pydantic writes `"12.50"`; ``ExactDecimal`` keeps every
/// digit as written.
extension Decimal: ParameterValue, JSONableRepresentable {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> Decimal? {
        ExactDecimal.validate(input, constraints: .none, in: &context)?.value
    }

    public static func validate(_ input: JSONValue, constraints: Constraints, in context: inout ValidationContext) -> Decimal? {
        ExactDecimal.validate(input, constraints: constraints, in: &context)?.value
    }

    public func writeJSON(to writer: inout JSONWriter) { ExactDecimal(self).writeJSON(to: &writer) }
    public var jsonableValue: JSONValue { ExactDecimal(self).jsonableValue }
    public static var typeSchema: TypeSchema { .decimal }
}

extension HttpUrl: ParameterValue, JSONableRepresentable {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> HttpUrl? {
        // A URL the server wrote may have grown past 2083 bytes in normalization (punycode).
        if context.validatesOutput, case .success(let parsed) = URLText.validate(input.scalarInput, kind: .any),
            parsed.scheme == "http" || parsed.scheme == "https"
        {
            return HttpUrl(parsed: parsed)
        }
        switch URLText.validate(input.scalarInput, kind: .http) {
        case .success(let parsed):
            context.noteLax()
            return HttpUrl(parsed: parsed)
        case .failure(let problem):
            context.fail(problem, input: input)
            return nil
        }
    }

    public func writeJSON(to writer: inout JSONWriter) { writer.write(description) }
    public var jsonableValue: JSONValue { .string(description) }
    public static var typeSchema: TypeSchema { .url(maxLength: 2083) }

    public init(from decoder: any Decoder) throws { self = try ModelCoding.decode(Self.self, from: decoder) }
    public func encode(to encoder: any Encoder) throws { try ModelCoding.encode(self, to: encoder) }
}

extension AnyURL: ParameterValue, JSONableRepresentable {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> AnyURL? {
        switch URLText.validate(input.scalarInput, kind: .any) {
        case .success(let parsed):
            context.noteLax()
            return AnyURL(parsed: parsed)
        case .failure(let problem):
            context.fail(problem, input: input)
            return nil
        }
    }

    public func writeJSON(to writer: inout JSONWriter) { writer.write(description) }
    public var jsonableValue: JSONValue { .string(description) }
    public static var typeSchema: TypeSchema { .url(maxLength: nil) }

    public init(from decoder: any Decoder) throws { self = try ModelCoding.decode(Self.self, from: decoder) }
    public func encode(to encoder: any Encoder) throws { try ModelCoding.encode(self, to: encoder) }
}
