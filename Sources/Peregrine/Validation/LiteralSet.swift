/// A fixed set of values declared as an enum: pydantic's `Literal["s", "m", "l"]`.
///
/// ```swift
/// enum Size: String, CaseIterable, LiteralSet { case s, m, l }
/// ```
///
/// It differs from a plain ``ParameterValue`` enum (Python's `Enum`) the way `Literal` does in
/// FastAPI: a refused value is a `literal_error` (not `enum`), and the document writes the values
/// inline in each schema (`"enum": ["s", "m", "l"]`, or `const` for one value) instead of as a
/// named component.
public protocol LiteralSet: ParameterValue, RawRepresentable, CaseIterable where RawValue: Validatable & JSONWritable {}

extension LiteralSet {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> Self? {
        if case .string(let text) = input, let raw = text as? RawValue {
            if let value = Self(rawValue: raw) { return value }
        } else if case .int(let number) = input, let raw = number as? RawValue {
            if let value = Self(rawValue: raw) { return value }
        }
        let constraints = Constraints(literal: LiteralValues(allCases.map { JSONValue($0.rawValue) }))
        _ = constraints.checkLiteral(input, in: &context)
        return nil
    }

    public func writeJSON(to writer: inout JSONWriter) { rawValue.writeJSON(to: &writer) }

    public static var typeSchema: TypeSchema { .literal(allCases.map { JSONValue($0.rawValue) }) }
}
