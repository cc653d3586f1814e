/// What the `@Model` macro gives a struct beyond ``Content``: the fields it knows it was given,
/// and the partial update built on that knowledge.
public protocol ModelContent: Content {
    /// The types of the stored fields, `ModelFieldTypes<Int, [String]>`: `@Model` records them so
    /// that a model used as a query, header, cookie or form parameter is checked at compile time.
    associatedtype FieldTypes = UnrecordedFieldTypes
    /// The keys of the fields, in declaration order (aliases where declared).
    static var fieldKeys: [String] { get }
    /// Which fields were given a value; see ``FieldsSet``.
    var fieldsSet: FieldsSet { get set }
    /// This model with every field that `update` was given replaced by `update`'s value: the PATCH
    /// pattern, pydantic's `model.model_copy(update=update.model_dump(exclude_unset=True))`.
    func updated(with update: Self) -> Self
}

extension ModelContent {
    /// The keys of the fields that were given a value: pydantic's `model_fields_set`.
    public var fieldKeysSet: Set<String> {
        Set(Self.fieldKeys.enumerated().filter { fieldsSet.contains($0.offset) }.map(\.element))
    }
}

/// What a validator throws to refuse a value: pydantic's `ValueError`. Its message becomes a
/// `value_error` issue, "Value error, <message>", at the field (or, from a model validator, at
/// the model).
///
/// ```swift
/// @FieldValidator("username")
/// static func alphanumeric(_ value: String) throws -> String {
///     guard value.allSatisfy({ $0.isLetter || $0.isNumber }) else { throw ValueError("must be alphanumeric") }
///     return value.lowercased()
/// }
/// ```
public struct ValueError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// How a model treats input keys that are not its fields: pydantic's `extra` setting.
public enum ExtraFields: Sendable {
    /// Unknown keys are dropped (pydantic's default).
    case ignore
    /// Each unknown key is an `extra_forbidden` issue.
    case forbid
}

/// A model built from data that does not fit it: pydantic's `ValidationError` raised in an
/// endpoint, which FastAPI answers with a 500 (the data is the server's, not the client's).
public struct ModelValidationError: Error, Sendable, CustomStringConvertible {
    public let issues: [ValidationIssue]

    public var description: String { "validation failed: \(RequestValidationError(issues).summary)" }
}

extension Validatable {
    /// Validates `data` as this type, as pydantic's `Model(**data)` or `model_validate` does; the
    /// value knows which fields `data` gave (``ModelContent/fieldsSet``).
    public init(validating data: JSONValue) throws {
        var context = ValidationContext()
        guard let value = Self.validate(data, in: &context) else { throw ModelValidationError(issues: context.issues) }
        self = value
    }
}
