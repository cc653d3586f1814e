import Foundation
import OpenAPIKit

/// Schemas: how types, models and security schemes are written into the document's components.
extension OpenAPIDocumentBuilder {
    /// The JSON Schema of a type, as pydantic writes it: optionals as `anyOf` with null,
    /// constraints on the non-null branch, models and enums as references to components.
    mutating func schema(_ type: TypeSchema, title: String?, constraints: Constraints = .none) -> JSONSchema {
        switch type {
        case .any:
            return .fragment(.init(title: title))
        case .boolean:
            return .boolean(title: title)
        case .integer(let format):
            return .integer(
                format: integerFormats ? format.flatMap(JSONTypeFormat.IntegerFormat.init(rawValue:)) ?? .unspecified : .unspecified,
                title: title,
                maximum: Self.integerBound(constraints.le, constraints.lt),
                minimum: Self.integerBound(constraints.ge, constraints.gt))
        case .number:
            return .number(
                title: title, maximum: Self.numberBound(constraints.le, constraints.lt),
                minimum: Self.numberBound(constraints.ge, constraints.gt))
        case .string(let format):
            return .string(
                format: format.map { JSONTypeFormat.StringFormat(rawValue: $0) } ?? .unspecified, title: title,
                minLength: constraints.minLength, maxLength: constraints.maxLength, pattern: constraints.pattern?.source)
        case .integerEnumeration(let name, let values):
            if schemas[name] == nil {
                schemas[name] = .integer(title: name, allowedValues: values.map { AnyCodable($0) })
            }
            return .reference(.component(named: name))
        case .enumeration(let name, let values):
            if schemas[name] == nil {
                schemas[name] = .string(title: name, allowedValues: values.map { AnyCodable($0) })
            }
            return .reference(.component(named: name))
        case .array(let element):
            return .array(title: title, items: schema(element, title: nil))
        case .dictionary(let value):
            return .object(title: title, additionalProperties: .b(schema(value, title: nil)))
        case .optional(.union(let members, nil)):
            // pydantic flattens `int | str | None` into one anyOf.
            return .any(of: members.map { schema($0, title: nil) } + [.null()], core: .init(required: false, title: title))
        case .optional(let wrapped):
            if nullableStyle == .typeArray {
                let plain = schema(wrapped, title: title, constraints: constraints)
                switch plain.value {
                case .boolean, .integer, .number, .string, .array, .object:
                    return plain.nullableSchemaObject().optionalSchemaObject()
                default:
                    break  // a reference or a combination: only anyOf can add null to it
                }
            }
            return .any(of: [schema(wrapped, title: nil, constraints: constraints), .null()], core: .init(required: false, title: title))
        case .file:
            return .string(title: title, contentMediaType: OpenAPI.ContentType(rawValue: "application/octet-stream"))
        case .model(let model):
            let name = componentName(of: model)
            registerModel(model, as: name)
            return .reference(.component(named: name))
        case .literal(let values):
            let allowed = values.map(\.anyCodable)
            switch values.first {
            case .int?: return .integer(title: title, allowedValues: allowed)
            case .bool?: return .boolean(title: title, allowedValues: allowed)
            default: return .string(title: title, allowedValues: allowed)
            }
        case .union(let members, let discriminator):
            let branches = members.map { schema($0, title: nil) }
            guard let discriminator else { return .any(of: branches, core: .init(title: title)) }
            var mapping = OrderedDictionary<String, String>()
            for entry in discriminator.mapping {
                mapping[entry.tag] = "#/components/schemas/" + componentName(ofModelNamed: entry.model)
            }
            return .one(
                of: branches,
                core: .init(
                    title: title,
                    discriminator: OpenAPI.Discriminator(
                        propertyName: discriminator.propertyName, mapping: mapping)))
        case .decimal:
            let number = JSONSchema.number(
                maximum: Self.numberBound(constraints.le, constraints.lt), minimum: Self.numberBound(constraints.ge, constraints.gt))
            return .any(of: [number, .string], core: .init(title: title))
        case .url(let maxLength):
            return .string(format: .other("uri"), title: title, minLength: 1, maxLength: maxLength)
        }
    }

    /// The component a model is described under in the current mode: its name, or with `-Input`
    /// or `-Output` when the two modes differ and both are documented.
    func componentName(of model: ModelSchema) -> String {
        componentName(ofModelNamed: model.name)
    }

    func componentName(ofModelNamed name: String) -> String {
        guard splitModels.contains(name) else { return name }
        return name + (mode == .input ? "-Input" : "-Output")
    }

    /// The models documented both as input and as output whose two schemas differ (they have
    /// computed fields, or hold models that do).
    static func modelsToSplit(_ routes: [Route]) -> Set<String> {
        var usage: [Mode: Set<String>] = [:]
        var differing: Set<String> = []
        var models: [String: ModelSchema] = [:]
        func walk(_ type: TypeSchema, _ mode: Mode, _ seen: inout Set<String>) {
            switch type {
            case .array(let element), .dictionary(let element), .optional(let element):
                walk(element, mode, &seen)
            case .union(let members, _):
                for member in members { walk(member, mode, &seen) }
            case .model(let model):
                usage[mode, default: []].insert(model.name)
                models[model.name] = model
                guard seen.insert(model.name).inserted else { return }
                for field in model.fields() where mode == .output || !field.isComputed {
                    walk(field.schema, mode, &seen)
                }
            default:
                break
            }
        }
        for route in routes {
            let parameters = route.dependencies.flatMap(\.parameters) + route.parameters
            for parameter in parameters {
                var seen = Set<String>()
                walk(parameter.schema, .input, &seen)
            }
            var seen = Set<String>()
            if let response = route.responseSchema { walk(response, .output, &seen) }
            for additional in route.additionalResponses.values {
                if let schema = additional.schema { walk(schema, .output, &seen) }
            }
        }
        // A model differs when it has computed fields or holds a model that differs.
        var changed = true
        while changed {
            changed = false
            for (name, model) in models where !differing.contains(name) {
                let fields = model.fields()
                let differs = fields.contains { field in
                    field.isComputed || field.schema.referencedModelNames.contains { differing.contains($0) }
                }
                if differs {
                    differing.insert(name)
                    changed = true
                }
            }
        }
        let both = (usage[.input] ?? []).intersection(usage[.output] ?? [])
        return differing.intersection(both)
    }

    mutating func registerModel(_ model: ModelSchema, as name: String) {
        guard schemas[name] == nil else { return }
        schemas[name] = .fragment  // placeholder, so that a model referring to itself stops here
        var properties = OrderedDictionary<String, JSONSchema>()
        for field in model.fields() where mode == .output || !field.isComputed {
            // A literal field (a discriminated union's tag) is documented by its values.
            let type = field.constraints.literal.map { TypeSchema.literal($0) } ?? field.schema
            var property = schema(type, title: Self.title(field.key), constraints: field.constraints)
            if let description = field.description { property = property.with(description: description) }
            property = Self.withDefault(property, field.defaultValue)
            property = Self.withExamples(property, field.examples)
            if field.isComputed { property = property.readOnlySchemaObject() }
            if !field.isRequired { property = property.optionalSchemaObject() }
            properties[field.key] = property
        }
        schemas[name] = .object(
            title: model.title, properties: properties, additionalProperties: model.forbidsExtra ? .a(false) : nil)
    }

    mutating func registerValidationErrors() {
        guard schemas["HTTPValidationError"] == nil else { return }
        schemas["ValidationError"] = .object(
            title: "ValidationError",
            properties: [
                "loc": .array(title: "Location", items: .any(of: .string, .integer)),
                "msg": .string(title: "Message"),
                "type": .string(title: "Error Type"),
                "input": .fragment(.init(required: false, title: "Input")),
                "ctx": .object(required: false, title: "Context"),
            ])
        schemas["HTTPValidationError"] = .object(
            title: "HTTPValidationError",
            properties: ["detail": .array(required: false, title: "Detail", items: .reference(.component(named: "ValidationError")))])
    }

    static func integerBound(_ inclusive: Bound?, _ exclusive: Bound?) -> (Int, exclusive: Bool)? {
        if let exclusive { return (Int(exclusive.doubleValue), true) }
        if let inclusive { return (Int(inclusive.doubleValue), false) }
        return nil
    }

    static func numberBound(_ inclusive: Bound?, _ exclusive: Bound?) -> (Double, exclusive: Bool)? {
        if let exclusive { return (exclusive.doubleValue, true) }
        if let inclusive { return (inclusive.doubleValue, false) }
        return nil
    }

    static func securityScheme(_ info: SecuritySchemeInfo) -> OpenAPI.SecurityScheme {
        switch info.kind {
        case .oauth2Password(let tokenURL, let scopes):
            var ordered = OrderedDictionary<String, String>()
            for key in scopes.keys.sorted() { ordered[key] = scopes[key] }
            return .oauth2(
                flows: .init(password: .init(tokenUrl: URL(string: tokenURL) ?? URL(string: "token")!, scopes: ordered)),
                description: info.description)
        case .http(let scheme):
            return .http(scheme: scheme, description: info.description)
        case .apiKey(let name, let location):
            let place: OpenAPI.SecurityScheme.Location =
                switch location {
                case .header: .header
                case .query: .query
                case .cookie: .cookie
                }
            return .apiKey(name: name, location: place, description: info.description)
        }
    }
}


extension PathTemplate {
    /// The template as OpenAPI writes paths: `{name:path}` placeholders become `{name}`.
    var openAPIPath: String {
        "/" + segments.map { segment in
            switch segment {
            case .literal(let text): text
            case .parameter(let name), .remainder(let name): "{\(name)}"
            }
        }.joined(separator: "/")
    }
}

extension JSONValue {
    /// The value as OpenAPIKit holds example and default values.
    var anyCodable: AnyCodable {
        switch self {
        case .null: AnyCodable(String?.none)
        case .bool(let value): AnyCodable(value)
        case .int(let value): AnyCodable(value)
        case .double(let value): AnyCodable(value)
        case .string(let value): AnyCodable(value)
        case .array(let values): AnyCodable(values.map(\.anyCodable))
        case .object(let object): AnyCodable(Dictionary(uniqueKeysWithValues: object.map { ($0.key, $0.value.anyCodable) }))
        }
    }
}

extension JSONSchema.CoreContext {
    /// The context with `readOnly: true`, everything else kept: OpenAPIKit has no transformation
    /// for permissions.
    func readOnlyContext() -> Self {
        Self(
            format: format, required: required, nullable: nullable, permissions: .readOnly,
            deprecated: deprecated ? true : nil, title: title, description: description, discriminator: discriminator,
            externalDocs: externalDocs, id: id, allowedValues: allowedValues, defaultValue: defaultValue, examples: examples,
            anchor: anchor, dynamicAnchor: dynamicAnchor, defs: defs, xml: xml, vendorExtensions: vendorExtensions)
    }
}

extension JSONSchema {
    /// The schema marked `readOnly`, as pydantic marks computed fields.
    func readOnlySchemaObject() -> JSONSchema {
        switch value {
        case .boolean(let core): .init(schema: .boolean(core.readOnlyContext()))
        case .number(let core, let number): .init(schema: .number(core.readOnlyContext(), number))
        case .integer(let core, let integer): .init(schema: .integer(core.readOnlyContext(), integer))
        case .string(let core, let string): .init(schema: .string(core.readOnlyContext(), string))
        case .array(let core, let array): .init(schema: .array(core.readOnlyContext(), array))
        case .object(let core, let object): .init(schema: .object(core.readOnlyContext(), object))
        case .any(let schemas, let core): .init(schema: .any(of: schemas, core: core.readOnlyContext()))
        case .one(let schemas, let core): .init(schema: .one(of: schemas, core: core.readOnlyContext()))
        case .all(let schemas, let core): .init(schema: .all(of: schemas, core: core.readOnlyContext()))
        case .fragment(let core): .init(schema: .fragment(core.readOnlyContext()))
        default: self
        }
    }
}

extension TypeSchema {
    /// The models this schema refers to directly (through collections, optionals and unions).
    var referencedModelNames: [String] {
        switch self {
        case .model(let model): [model.name]
        case .array(let element), .dictionary(let element), .optional(let element): element.referencedModelNames
        case .union(let members, _): members.flatMap(\.referencedModelNames)
        default: []
        }
    }
}
