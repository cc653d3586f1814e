/// A type that can be built from request input with pydantic's rules (its "lax mode").
///
/// Every parameter source feeds validation the same way: path, query, header and cookie values
/// arrive as JSON strings (or arrays of strings for lists), bodies as parsed JSON. So `"5"` becomes
/// `5` for an `Int` whether it came from a query or a JSON body, as in FastAPI.
///
/// Conformances exist for `String`, the integer and floating-point types, `Bool`, `UUID`,
/// `Optional`, `Array`, `Set`, `Dictionary` with string keys and `JSONValue`; enums get one from
/// ``ParameterValue``, and models from the `@Model` macro.
public protocol Validatable {
    /// Builds a value from `input`, or records every issue found in `context` and returns nil.
    static func validate(_ input: JSONValue, in context: inout ValidationContext) -> Self?

    /// Builds a value and checks `constraints` on it. The default validates, then calls
    /// ``check(_:input:in:)``; a type whose constraints need the input as written (a `Decimal`'s
    /// digits) checks them while it reads it.
    static func validate(_ input: JSONValue, constraints: Constraints, in context: inout ValidationContext) -> Self?

    /// Checks `constraints` on a value that has already validated, recording the first violation.
    /// The default accepts everything; strings, numbers, arrays and optionals check what applies.
    func check(_ constraints: Constraints, input: JSONValue, in context: inout ValidationContext) -> Bool

    /// Checks, after the constraints, that the value can be written back as JSON, recording the
    /// issue if not. The default accepts everything; floating-point numbers refuse infinities and NaN.
    func checkRepresentable(input: JSONValue, in context: inout ValidationContext) -> Bool

    /// The value a missing input stands for, when the type has one: `nil` for optionals.
    /// Types without one (the default) make a missing value a `missing` error.
    static var valueWhenMissing: Self? { get }

    /// What the type's values look like, for the OpenAPI document; any value by default.
    static var typeSchema: TypeSchema { get }
}

extension Validatable {
    public func check(_ constraints: Constraints, input: JSONValue, in context: inout ValidationContext) -> Bool {
        true
    }

    public func checkRepresentable(input: JSONValue, in context: inout ValidationContext) -> Bool {
        true
    }

    public static var valueWhenMissing: Self? { nil }

    public static var typeSchema: TypeSchema { .any }

    /// Validates and then checks constraints, the two steps every field goes through.
    @inlinable
    public static func validate(
        _ input: JSONValue,
        constraints: Constraints,
        in context: inout ValidationContext
    ) -> Self? {
        if constraints.literal != nil, !(input == .null && valueWhenMissing != nil),
            !constraints.checkLiteral(input, in: &context)
        {
            return nil
        }
        guard let value = validate(input, in: &context) else { return nil }
        if !constraints.isEmpty {
            guard value.check(constraints, input: input, in: &context) else { return nil }
            if constraints.allowInfNaN == true { return value }
        }
        return value.checkRepresentable(input: input, in: &context) ? value : nil
    }
}

/// A type whose values can come from a path segment, a query string, a header or a cookie: a
/// scalar with a textual form. Enums with raw values get everything from a bare conformance:
///
/// ```swift
/// enum ModelName: String, CaseIterable, ParameterValue {
///     case alexnet, resnet, lenet
/// }
/// ```
///
/// A parameter of such a type is a query parameter unless the path template names it; any other
/// `Content` type is read from the body, as in FastAPI.
public protocol ParameterValue: Content, ParameterModelField {}

/// A type that can be received in a request and sent in a response.
///
/// Models conform through the `@Model` macro, which generates validation that reports every
/// error, honours default values and checks `@Field` constraints. A plain `Codable` type can
/// conform without the macro; it is then read and written through `Codable`, which stops at the
/// first error and treats properties with default values as required.
public protocol Content: Validatable, JSONWritable, Codable, Sendable {}
