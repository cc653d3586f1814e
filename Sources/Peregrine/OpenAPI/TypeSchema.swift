import Foundation

/// What values of a type look like in JSON Schema, as FastAPI's OpenAPI document describes them:
/// Peregrine's own description of a parameter's or a field's type, from which the document is
/// built.
///
/// Every ``Validatable`` type has one (``Validatable/typeSchema``): scalars, `UUID` (a string
/// in `uuid` format), arrays, optionals (FastAPI's `anyOf` with `null`), dictionaries, enums with
/// string raw values (a named enumeration) and `JSONValue` (any value).
public indirect enum TypeSchema: Sendable, Hashable {
    /// Any JSON value (`{}`).
    case any
    case boolean
    case integer
    case number
    /// A string, with a JSON Schema `format` when it has one (`uuid`, `date-time`, …).
    case string(format: String?)
    /// A string from a fixed set: an enum, named after its type.
    case enumeration(name: String, values: [String])
    case array(TypeSchema)
    /// An object with string keys and values of one type.
    case dictionary(TypeSchema)
    /// A value or `null`.
    case optional(TypeSchema)
    /// An uploaded file.
    case file
}

extension String {
    public static var typeSchema: TypeSchema { .string(format: nil) }
}

extension Bool {
    public static var typeSchema: TypeSchema { .boolean }
}

extension Double {
    public static var typeSchema: TypeSchema { .number }
}

extension Float {
    public static var typeSchema: TypeSchema { .number }
}

extension ValidatableInteger {
    public static var typeSchema: TypeSchema { .integer }
}

extension UUID {
    public static var typeSchema: TypeSchema { .string(format: "uuid") }
}

extension Optional where Wrapped: Validatable {
    public static var typeSchema: TypeSchema { .optional(Wrapped.typeSchema) }
}

extension Array where Element: Validatable {
    public static var typeSchema: TypeSchema { .array(Element.typeSchema) }
}

extension Set where Element: Validatable {
    public static var typeSchema: TypeSchema { .array(Element.typeSchema) }
}

extension Dictionary where Key == String, Value: Validatable {
    public static var typeSchema: TypeSchema { .dictionary(Value.typeSchema) }
}

extension ParameterValue where Self: RawRepresentable & CaseIterable, RawValue == String {
    /// An enum with string raw values: its cases, named after the type, as FastAPI names enums.
    public static var typeSchema: TypeSchema {
        .enumeration(name: String(describing: Self.self), values: allCases.map(\.rawValue))
    }
}
