import Foundation
import OpenAPIKit

/// Builds an app's OpenAPI 3.1 document from its routes, the way FastAPI's `get_openapi` does:
/// an operation per route (operationId, summary, tags, parameters, request body, responses,
/// security), model schemas and FastAPI's validation-error schemas under `components`.
struct OpenAPIDocumentBuilder {
    /// Whether a schema describes what a client sends or what it receives: models with computed
    /// fields differ between the two (FastAPI's `Model-Input` and `Model-Output`).
    enum Mode: Hashable {
        case input, output
    }

    var nullableStyle = OpenAPINullableStyle.anyOf
    /// Whether integers state their width (`int64`), beyond what pydantic writes.
    var integerFormats = false
    /// The mode schemas are built in now.
    var mode = Mode.input
    /// The models that are documented in both modes and differ between them, by name.
    var splitModels: Set<String> = []
    var schemas: [String: JSONSchema] = [:]
    var securitySchemes: [String: OpenAPI.SecurityScheme] = [:]

    /// The document of `routes` (and `webhooks`), as JSON: OpenAPIKit writes the document, then
    /// what it cannot express is written over it (streamed items' `itemSchema`, each route's
    /// `openapiExtra`), keys sorted.
    static func documentJSON(settings: OpenAPIDocumentSettings, routes: [Route], webhooks: [Route] = []) -> JSONValue {
        var builder = OpenAPIDocumentBuilder(nullableStyle: settings.nullableStyle)
        builder.uniqueID = settings.generateUniqueID
        builder.integerFormats = settings.integerFormats
        let documented = routes.filter(\.operation.includeInSchema)
        builder.splitModels = Self.modelsToSplit(documented + webhooks)
        var paths: OpenAPI.PathItem.Map = [:]
        for (path, item) in builder.pathItems(documented, section: "paths", keyedBy: { $0.path.openAPIPath }) {
            paths[OpenAPI.Path(rawValue: path)] = .pathItem(item)
        }
        var webhookItems = OrderedDictionary<String, Either<OpenAPI.Reference<OpenAPI.PathItem>, OpenAPI.PathItem>>()
        for (name, item) in builder.pathItems(webhooks, section: "webhooks", keyedBy: { $0.operation.name }) {
            webhookItems[name] = .b(item)
        }
        var components = OpenAPI.Components()
        for name in builder.schemas.keys.sorted() {
            guard let key = OpenAPI.ComponentKey(rawValue: name) else { continue }
            components.schemas[key] = builder.schemas[name]
        }
        for name in builder.securitySchemes.keys.sorted() {
            guard let key = OpenAPI.ComponentKey(rawValue: name), let scheme = builder.securitySchemes[name] else { continue }
            components.securitySchemes[key] = .b(scheme)
        }
        let document = OpenAPI.Document(
            openAPIVersion: .v3_1_0,
            info: .init(
                title: settings.title, summary: settings.summary, description: settings.description,
                termsOfService: settings.termsOfService.flatMap(URL.init(string:)),
                contact: settings.contact.map { OpenAPI.Document.Info.Contact(name: $0.name, url: $0.url.flatMap(URL.init(string:)), email: $0.email) },
                license: settings.license.map { license in
                    if let identifier = license.identifier { return .init(name: license.name, spdxIdentifier: identifier) }
                    return .init(name: license.name, url: license.url.flatMap(URL.init(string:)))
                },
                version: settings.version),
            servers: settings.servers.compactMap { server in
                URL(string: server.url).map { OpenAPI.Server(url: $0, description: server.description) }
            },
            paths: paths, webhooks: webhookItems, components: components,
            tags: settings.tags.isEmpty ? nil : settings.tags.map { OpenAPI.Tag(name: $0.name, description: $0.description) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document), var json = try? JSONParser.parse(Array(data)) else {
            // The document is built from the app's own declarations; failing to encode it is a bug.
            preconditionFailure("the OpenAPI document does not encode")
        }
        for patch in builder.patches { json = patch.apply(to: json) }
        return json.sortingKeys()
    }

    /// What OpenAPIKit cannot write, merged into one operation's JSON afterwards.
    struct Patch {
        /// Under `paths` or `webhooks`.
        let section: String
        let path: String
        let method: String
        let value: JSONValue

        func apply(to document: JSONValue) -> JSONValue {
            document.merging(at: [section, path, method], value)
        }
    }

    var uniqueID: (@Sendable (Route) -> String)?
    var patches: [Patch] = []

    mutating func pathItems(
        _ routes: [Route], section: String, keyedBy key: (Route) -> String
    ) -> OrderedDictionary<String, OpenAPI.PathItem> {
        var paths = OrderedDictionary<String, OpenAPI.PathItem>()
        for route in routes {
            let path = key(route)
            var item = paths[path] ?? OpenAPI.PathItem()
            let operation = self.operation(for: route)
            switch route.method {
            case .get: item.get = operation
            case .post: item.post = operation
            case .put: item.put = operation
            case .patch: item.patch = operation
            case .delete: item.delete = operation
            case .head: item.head = operation
            case .options: item.options = operation
            default: continue
            }
            paths[path] = item
            let method = route.method.rawValue.lowercased()
            if let stream = route.stream {
                patches.append(Patch(section: section, path: path, method: method, value: streamResponse(stream, route: route)))
            }
            if let extra = route.operation.openapiExtra {
                patches.append(Patch(section: section, path: path, method: method, value: extra))
            }
        }
        return paths
    }

    /// A streamed response's content: FastAPI documents each item with OpenAPI 3.2's
    /// `itemSchema`, the generic event for Server-Sent Events.
    mutating func streamResponse(_ stream: StreamDescription, route: Route) -> JSONValue {
        let status = String(route.status.code)
        if route.responseClass == EventSourceResponse.self {
            let event: JSONValue = [
                "type": "object",
                "properties": [
                    "data": ["type": "string"], "event": ["type": "string"], "id": ["type": "string"],
                    "retry": ["type": "integer", "minimum": 0],
                ],
            ]
            return ["responses": [status: ["content": .object(["text/event-stream": ["itemSchema": event]])]]]
        }
        var item: JSONValue = .object([:])
        if let schema = stream.itemSchema {
            mode = .output
            let json = self.schema(schema, title: nil)
            mode = .input
            let encoder = JSONEncoder()
            if let data = try? encoder.encode(json), let parsed = try? JSONParser.parse(Array(data)) { item = parsed }
        }
        return ["responses": [status: ["content": .object(["application/jsonl": ["itemSchema": item]])]]]
    }

    /// FastAPI's `generate_unique_id`: the name and path with every non-word character made `_`,
    /// then the method. A Swift name's camel-case humps become underscores first (`readItem` →
    /// `read_item`), so that an endpoint gets the id FastAPI gives its Python twin.
    static func operationID(for route: Route) -> String {
        let text = snakeCase(route.operation.name) + route.path.openAPIPath
        let cleaned = String(text.unicodeScalars.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" ? Character($0) : "_" })
        return cleaned + "_" + route.method.rawValue.lowercased()
    }

    /// A schema with the default value, unless it is null (FastAPI leaves `None` defaults out).
    static func withDefault(_ schema: JSONSchema, _ value: JSONValue?) -> JSONSchema {
        guard let value, value != .null else { return schema }
        return schema.with(defaultValue: value.anyCodable)
    }

    /// The schema with example values (pydantic's `examples`), unless there are none.
    static func withExamples(_ schema: JSONSchema, _ examples: [JSONValue]) -> JSONSchema {
        guard !examples.isEmpty else { return schema }
        let values = examples.map(\.anyCodable)
        if case .reference = schema.value {
            // A reference takes no siblings in OpenAPIKit: pydantic's allOf wrapper carries them.
            return .all(of: [schema], core: .init(examples: values))
        }
        return (try? schema.with(examples: values)) ?? schema
    }

    /// `readItemPage` → `read_item_page`; names without humps are unchanged.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        var previous: Character?
        for character in name {
            if character.isUppercase, let previous, previous.isLowercase || previous.isNumber {
                result.append("_")
            }
            result.append(contentsOf: character.lowercased())
            previous = character
        }
        return result
    }

    /// FastAPI's titles: Python's `str.title()` (a letter after a non-letter is upper case, after a
    /// letter lower case) with `_` shown as a space; camel-case humps count as word breaks.
    static func title(_ name: String) -> String {
        var result = ""
        var previousIsLetter = false
        for character in snakeCase(name) {
            if character == "_" {
                result.append(" ")
                previousIsLetter = false
            } else if character.isLetter {
                result.append(contentsOf: previousIsLetter ? character.lowercased() : character.uppercased())
                previousIsLetter = true
            } else {
                result.append(character)
                previousIsLetter = false
            }
        }
        return result
    }

    mutating func operation(for route: Route) -> OpenAPI.Operation {
        let id = route.operation.operationID ?? uniqueID?(route) ?? Self.operationID(for: route)
        let all = route.dependencies.flatMap(\.parameters) + route.parameters
        var seen = Set<String>()
        let unique = all.filter { seen.insert("\($0.source.rawValue) \($0.name)").inserted }
        var parameters: OpenAPI.Parameter.Array = []
        for source in [ParameterSource.path, .query, .header, .cookie] {
            for descriptor in unique where descriptor.source == source {
                parameters.append(.parameter(parameter(descriptor)))
            }
        }
        let bodies = unique.filter { $0.source.isBody }
        let requestBody = bodies.isEmpty ? nil : self.requestBody(bodies, operationID: id)

        var responses: OpenAPI.Response.Map = [:]
        let status = OpenAPI.Response.StatusCode(integerLiteral: route.status.code)
        if route.stream != nil {
            // The content is written over by a patch: OpenAPIKit has no `itemSchema`.
            responses[status] = .response(description: "Successful Response")
        } else if let ready = route.readyResponse, route.responseClass == nil, ready.mediaType != "application/json" {
            // A stream, a file or a redirect: its media type is known only at run time.
            var content: OpenAPI.Content.Map = [:]
            if let type = ready.mediaType.flatMap(OpenAPI.ContentType.init(rawValue:)) {
                content[type] = .content(.init(schema: .string))
            }
            responses[status] = .response(description: "Successful Response", content: content)
        } else if route.status.allowsBody && route.status.code != 205 && route.status.code != 304 {
            let mediaType = route.responseClass?.mediaType ?? "application/json"
            mode = .output
            let schema: JSONSchema =
                mediaType == "application/json" ? route.responseSchema.map { self.schema($0, title: nil) } ?? .fragment : .string
            mode = .input
            let contentType = OpenAPI.ContentType(rawValue: mediaType) ?? .json
            responses[status] = .response(description: "Successful Response", content: [contentType: .content(.init(schema: schema))])
        } else {
            responses[status] = .response(description: "Successful Response")
        }
        if !unique.isEmpty {
            registerValidationErrors()
            responses[422] = .response(
                description: "Validation Error",
                content: [.json: .content(.init(schema: .reference(.component(named: "HTTPValidationError"))))])
        }
        for (code, additional) in route.additionalResponses.sorted(by: { $0.key < $1.key }) {
            mode = .output
            var content: OpenAPI.Content.Map = additional.schema.map {
                [.json: .content(.init(schema: self.schema($0, title: nil)))]
            } ?? [:]
            mode = .input
            let statusCode = OpenAPI.Response.StatusCode(integerLiteral: code)
            // For the route's own status, the route's body stays unless another model is named.
            if code == route.status.code, additional.schema == nil, case .b(let success)? = responses[statusCode] {
                content = success.content
            }
            var headers: OpenAPI.Header.Map?
            for (name, description) in additional.headers.sorted(by: { $0.key < $1.key }) {
                headers = headers ?? [:]
                headers?[name] = .b(OpenAPI.Header(schema: .string, description: description))
            }
            responses[statusCode] = .response(description: additional.description, headers: headers, content: content)
        }
        var security: [OpenAPI.SecurityRequirement]?
        let schemes = route.dependencies.flatMap(\.securitySchemes) + route.securitySchemes
        if !schemes.isEmpty {
            security = []
            // One requirement per scheme and set of scopes (FastAPI lists a scheme used twice twice).
            var seen = Set<[String]>()
            for scheme in schemes where seen.insert([scheme.name] + scheme.requiredScopes).inserted {
                securitySchemes[scheme.name] = Self.securityScheme(scheme)
                security?.append([.component(named: scheme.name): scheme.requiredScopes])
            }
        }
        let summary = route.operation.summary ?? Self.title(route.operation.name)
        return OpenAPI.Operation(
            tags: route.operation.tags.isEmpty ? nil : route.operation.tags, summary: summary,
            description: route.operation.description, operationId: id, parameters: parameters, requestBody: requestBody,
            responses: responses, deprecated: route.operation.deprecated, security: security)
    }

    mutating func parameter(_ descriptor: ParameterDescriptor) -> OpenAPI.Parameter {
        var schema = self.schema(descriptor.schema, title: Self.title(descriptor.name), constraints: descriptor.constraints)
        if let description = descriptor.description { schema = schema.with(description: description) }
        schema = Self.withDefault(schema, descriptor.defaultValue)
        schema = Self.withExamples(schema, descriptor.examples)
        let (name, required, description, deprecated) =
            (descriptor.name, descriptor.isRequired, descriptor.description, descriptor.deprecated)
        switch descriptor.source {
        case .path:
            return .path(name: name, schema: schema, description: description, deprecated: deprecated)
        case .header:
            return .header(name: name, required: required, schema: schema, description: description, deprecated: deprecated)
        case .cookie:
            return .cookie(name: name, required: required, schema: schema, description: description, deprecated: deprecated)
        default:
            return .query(name: name, required: required, schema: schema, description: description, deprecated: deprecated)
        }
    }

    mutating func requestBody(_ bodies: [ParameterDescriptor], operationID: String) -> OpenAPI.Request {
        let isForm = bodies.contains { $0.source == .form || $0.source == .file }
        let required = bodies.contains { $0.isRequired }
        let schema: JSONSchema
        if bodies.count == 1, !bodies[0].embed, !isForm || bodies[0].isModel {
            schema = Self.withExamples(
                self.schema(bodies[0].schema, title: Self.title(bodies[0].name), constraints: bodies[0].constraints),
                bodies[0].examples)
        } else {
            let name = "Body_" + operationID
            var properties = OrderedDictionary<String, JSONSchema>()
            for body in bodies {
                var property = self.schema(body.schema, title: Self.title(body.name), constraints: body.constraints)
                property = Self.withDefault(property, body.defaultValue)
                property = Self.withExamples(property, body.examples)
                if !body.isRequired { property = property.optionalSchemaObject() }
                properties[body.name] = property
            }
            schemas[name] = .object(title: name, properties: properties)
            schema = .reference(.component(named: name))
        }
        let mediaType: OpenAPI.ContentType =
            bodies.contains { $0.source == .file } ? .multipartForm : isForm ? .form : .json
        return OpenAPI.Request(content: [mediaType: .content(.init(schema: schema))], required: required)
    }
}
