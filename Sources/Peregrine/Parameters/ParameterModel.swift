/// A `@Model` read from the query, the headers, the cookies or a form as a whole: FastAPI's
/// parameter models (`filters: Annotated[FilterParams, Query()]`).
///
/// ```swift
/// @Model(extra: .forbid)
/// struct FilterParams {
///     @Field(gt: 0, le: 100) var limit: Int = 100
///     var tags: [String] = []
/// }
///
/// @GET("/catalog/")
/// func catalog(@Query filters: FilterParams) -> FilterParams { filters }
/// ```
///
/// Each field is read as a parameter of its own would be (a list field takes every value of its
/// name; header names are the keys with `_` as `-`), the values not claimed by a field are added
/// as extra keys, and the model validates the whole: a model with `extra: .forbid` refuses unknown
/// parameters (`extra_forbidden` at `["query", "tool"]`). The document lists each field as its own
/// parameter; a form model is documented as the request body.
///
/// Every field must be a scalar or a list of scalars (``ParameterModelField``): a nested model or
/// a dictionary cannot come from text, and the compiler refuses such a model as a parameter.
public struct ParameterModel<Location: TextLocation, Model: ModelContent>: ImmediateRequestExtractor where Model.FieldTypes: TextFieldTypes {
    struct FieldReader: Sendable {
        let key: String
        /// The name on the wire: the key, or for headers the key with `-` for `_`.
        let wireName: String
        let wireKey: Location.Key
        let isList: Bool
        let descriptor: ParameterDescriptor
    }

    let name: String
    let fields: [FieldReader]
    /// Names (lower-case for headers) that a field claims, so that they are not extra keys.
    let claimed: Set<String>
    let renamedKeys: [String: String]

    public init(_ name: String) {
        self.name = name
        guard case .model(let schema) = Model.typeSchema else {
            preconditionFailure("\(Model.self) is not a @Model type, so it cannot be read as a parameter model")
        }
        let isHeader = Location.source == .header
        var fields: [FieldReader] = []
        var claimed = Set<String>()
        var renamed: [String: String] = [:]
        for field in schema.fields() where !field.isComputed {
            // The compiler has checked that every field is a scalar or a list of scalars.
            let isList: Bool
            switch field.schema {
            case .array, .optional(.array): isList = true
            default: isList = false
            }
            let wireName = isHeader ? field.key.replacingUnderscores() : field.key
            if wireName != field.key { renamed[field.key] = wireName }
            claimed.insert(isHeader ? wireName.lowercased() : wireName)
            if isHeader { claimed.insert(field.key.lowercased()) }
            var descriptor = ParameterDescriptor(
                source: Location.source, name: wireName, isRequired: field.isRequired, constraints: field.constraints,
                description: field.description, deprecated: field.deprecated, schema: field.schema,
                defaultValue: field.defaultValue)
            descriptor.examples = field.examples
            fields.append(
                FieldReader(key: field.key, wireName: wireName, wireKey: Location.key(for: wireName), isList: isList, descriptor: descriptor))
        }
        self.fields = fields
        self.claimed = claimed
        self.renamedKeys = renamed
    }

    public var parameters: [ParameterDescriptor] { fields.map(\.descriptor) }

    public func extractImmediately(from input: inout RequestInput) -> Model? {
        var object = JSONObject()
        for field in fields {
            if field.isList {
                let values = Location.values(for: field.wireKey, in: &input)
                if !values.isEmpty { object[field.key] = .array(values.map(JSONValue.string)) }
            } else if let value = Location.value(for: field.wireKey, in: &input) {
                object[field.key] = .string(value)
            }
        }
        // What no field claims is handed to the model too, so that its `extra` setting decides.
        var extras = JSONObject()
        for (name, value) in Location.entries(in: &input) where !claimed.contains(name) {
            switch extras[name] {
            case nil: extras[name] = .string(value)
            case .array(var values)?:
                values.append(.string(value))
                extras[name] = .array(values)
            case let first?: extras[name] = .array([first, .string(value)])
            }
        }
        for (key, value) in extras where object[key] == nil { object[key] = value }
        let start = input.validation.issues.count
        input.validation.enter(.key(Location.source.errorLocation))
        let model = Model.validate(.object(object), in: &input.validation)
        input.validation.leave()
        if !renamedKeys.isEmpty {
            input.validation.renameKeys(from: start, at: 1) { renamedKeys[$0] }
        }
        return model
    }
}

/// A `@Model` read from a form body as a whole (`data: Annotated[LoginForm, Form()]`): its
/// fields from the form's fields, the rest as extra keys, documented as the request body.
public struct FormModel<Model: ModelContent>: ImmediateRequestExtractor where Model.FieldTypes: TextFieldTypes {
    let reader: ParameterModel<FormLocation, Model>

    public init(_ name: String) {
        reader = ParameterModel(name)
    }

    public var parameter: ParameterDescriptor? {
        var descriptor = ParameterDescriptor(source: .form, name: reader.name, isRequired: true, schema: Model.typeSchema)
        descriptor.isModel = true
        return descriptor
    }

    public func extractImmediately(from input: inout RequestInput) -> Model? {
        reader.extractImmediately(from: &input)
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}

// `@Query`, `@Header` and `@Cookie` on a `@Model` parameter, and `@Form` on one. A model whose
// fields are not all text falls to the unavailable overloads, so the compiler names the mistake.
extension ParameterAttribute where Location: TextLocation, Value: ModelContent, Value.FieldTypes: TextFieldTypes {
    public static func extractor(_ name: String) -> ParameterModel<Location, Value> {
        ParameterModel(name)
    }
}

extension ParameterAttribute where Location == FormLocation, Value: ModelContent, Value.FieldTypes: TextFieldTypes {
    public static func extractor(_ name: String) -> FormModel<Value> {
        FormModel(name)
    }
}

extension ParameterAttribute where Location: TextLocation, Value: ModelContent {
    @available(
        *, unavailable,
        message: "every field of a query, header, cookie or form parameter model must be a scalar (a ParameterValue such as String, Int or an enum) or a list of scalars; a nested model or a dictionary cannot come from text: read this model from the body, or flatten its nested fields"
    )
    public static func extractor(_ name: String) -> Never {
        fatalError()
    }
}
