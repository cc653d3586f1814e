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
    /// An integer, with the `format` naming its width when a client needs to know it (`int64`
    /// for `Int`): Swift's integers are fixed-width where Python's are not, and a generated
    /// client or a fuzzer should stay inside the range the server accepts.
    case integer(format: String?)
    case number
    /// A string, with a JSON Schema `format` when it has one (`uuid`, `date-time`, …).
    case string(format: String?)
    /// A string from a fixed set: an enum, named after its type.
    case enumeration(name: String, values: [String])
    /// An integer from a fixed set: an enum with integer raw values (Python's `IntEnum`), named
    /// after its type.
    case integerEnumeration(name: String, values: [Int])
    case array(TypeSchema)
    /// An object with string keys and values of one type.
    case dictionary(TypeSchema)
    /// A value or `null`.
    case optional(TypeSchema)
    /// An uploaded file.
    case file
    /// A `@Model` type: an object with named fields, described once under its name.
    case model(ModelSchema)
    /// One of fixed values, written inline: pydantic's `Literal[...]` (`const` for one value,
    /// `enum` for several).
    case literal([JSONValue])
    /// One of several types: pydantic's unions, `anyOf` — or, tagged by a field, `oneOf` with a
    /// `discriminator` mapping each tag to its model.
    case union([TypeSchema], discriminator: UnionDiscriminator?)
    /// A `Decimal`: pydantic documents it as a number or a string.
    case decimal
    /// A URL: a string in `uri` format of at most `maxLength` characters when it has a limit
    /// (pydantic's `HttpUrl` has 2083, `AnyUrl` none).
    case url(maxLength: Int?)
}

/// How a discriminated union tells its members apart: the field holding the tag, and the model
/// each tag selects.
public struct UnionDiscriminator: Sendable, Hashable {
    public let propertyName: String
    /// Tag → model schema name, in declaration order.
    public let mapping: [(tag: String, model: String)]

    public init(propertyName: String, mapping: [(tag: String, model: String)]) {
        self.propertyName = propertyName
        self.mapping = mapping
    }

    public static func == (lhs: UnionDiscriminator, rhs: UnionDiscriminator) -> Bool {
        lhs.propertyName == rhs.propertyName && lhs.mapping.map(\.tag) == rhs.mapping.map(\.tag)
            && lhs.mapping.map(\.model) == rhs.mapping.map(\.model)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(propertyName)
        for entry in mapping { hasher.combine(entry.tag) }
    }
}

/// The fields of a `@Model` type, as its macro describes them. Fields are produced on demand, so
/// that models may refer to each other (or to themselves) without building an endless value.
public struct ModelSchema: Sendable, Hashable {
    /// The type's name, which names its schema in the document (`Page_Label_` for a generic
    /// model's instance, as pydantic names it).
    public let name: String
    /// The schema's title: the name, or for a generic model's instance its Python spelling
    /// (`Page[Label]`).
    public let title: String
    /// Whether keys other than the fields are refused (`additionalProperties: false`).
    public let forbidsExtra: Bool
    public let fields: @Sendable () -> [ModelFieldSchema]

    public init(
        name: String, title: String? = nil, extra: ExtraFields = .ignore,
        fields: @escaping @Sendable () -> [ModelFieldSchema]
    ) {
        self.name = ModelSchema.componentName(name)
        self.title = title ?? name
        self.forbidsExtra = extra == .forbid
        self.fields = fields
    }

    /// pydantic's name for a parametrized model, `Page[Label]`, from the model's name and its
    /// arguments' names; ``init(name:title:extra:fields:)`` makes it a component name.
    public static func parametrizedName(_ name: String, _ arguments: [String]) -> String {
        "\(name)[\(arguments.joined(separator: ", "))]"
    }

    /// FastAPI's component names: every character outside `[a-zA-Z0-9.\-_]` becomes `_`.
    static func componentName(_ name: String) -> String {
        String(
            name.map { character -> Character in
                character.isASCII && (character.isLetter || character.isNumber || "._-".contains(character)) ? character : "_"
            })
    }

    // Two descriptions of one model are the same schema: models are identified by name.
    public static func == (lhs: ModelSchema, rhs: ModelSchema) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// One field of a model: its key on the wire, its type, whether it is required, its default and
/// its `@Field` constraints and documentation.
public struct ModelFieldSchema: Sendable, Hashable {
    public let key: String
    public let schema: TypeSchema
    public let isRequired: Bool
    /// The default value as JSON, when the field has one.
    public let defaultValue: JSONValue?
    public let constraints: Constraints
    public let description: String?
    public let deprecated: Bool
    /// Example values (`@Field(examples: [...])`).
    public let examples: [JSONValue]
    /// A `@Computed` property: in the output only, read-only and always present.
    public let isComputed: Bool

    public init<Value: Validatable & JSONWritable>(
        key: String, type: Value.Type, default defaultValue: (() -> Value)?, constraints: Constraints = .none,
        description: String? = nil, deprecated: Bool = false, examples: [JSONValue] = []
    ) {
        self.key = key
        self.schema = Value.typeSchema
        self.isRequired = defaultValue == nil && Value.valueWhenMissing == nil
        self.defaultValue = defaultValue.map { JSONValue($0()) }
        self.constraints = constraints
        self.description = description
        self.deprecated = deprecated
        self.examples = examples
        self.isComputed = false
    }

    /// A `@Computed` property of the model.
    public init<Value: Validatable & JSONWritable>(computed key: String, type: Value.Type, description: String? = nil) {
        self.key = key
        self.schema = Value.typeSchema
        self.isRequired = true
        self.defaultValue = nil
        self.constraints = .none
        self.description = description
        self.deprecated = false
        self.examples = []
        self.isComputed = true
    }
}

extension TypeSchema {
    /// How pydantic names a type argument of a generic model: a model by its name, Python's
    /// builtins by theirs (`int`, `str`, `list[int]`).
    public static func genericArgumentName<Value>(of type: Value.Type) -> String {
        guard let validatable = type as? any Validatable.Type else { return String(describing: type) }
        return validatable.typeSchema.pythonName
    }

    var pythonName: String {
        switch self {
        case .any: "Any"
        case .boolean: "bool"
        case .integer: "int"
        case .number: "float"
        case .string(let format):
            switch format {
            case "uuid": "UUID"
            case "date-time": "datetime"
            case "date": "date"
            case "time": "time"
            case "duration": "timedelta"
            default: "str"
            }
        case .enumeration(let name, _), .integerEnumeration(let name, _): name
        case .array(let element): "list[\(element.pythonName)]"
        case .dictionary(let value): "dict[str, \(value.pythonName)]"
        case .optional(let wrapped): "Optional[\(wrapped.pythonName)]"
        case .file: "UploadFile"
        case .model(let model): model.title
        case .literal(let values): "Literal[\(values.map(Constraints.pythonRepr).joined(separator: ", "))]"
        case .union(let members, _): "Union[\(members.map(\.pythonName).joined(separator: ", "))]"
        case .decimal: "Decimal"
        case .url: "HttpUrl"
        }
    }
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
    public static var typeSchema: TypeSchema {
        switch (isSigned, bitWidth) {
        case (true, 64): .integer(format: "int64")
        case (true, 32): .integer(format: "int32")
        default: .integer(format: nil)
        }
    }
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

extension ParameterValue where Self: RawRepresentable & CaseIterable, RawValue: FixedWidthInteger {
    /// An enum with integer raw values: its cases, named after the type, as pydantic documents
    /// an `IntEnum` (`{"type": "integer", "enum": [1, 2, 3]}`).
    public static var typeSchema: TypeSchema {
        .integerEnumeration(name: String(describing: Self.self), values: allCases.map { Int(clamping: $0.rawValue) })
    }
}

extension TypeSchema {
    /// The schema with `format` on its string, or on the string an optional wraps; other
    /// schemas are returned unchanged.
    public func withStringFormat(_ format: String) -> TypeSchema {
        switch self {
        case .string: .string(format: format)
        case .optional(let wrapped): .optional(wrapped.withStringFormat(format))
        default: self
        }
    }
}
