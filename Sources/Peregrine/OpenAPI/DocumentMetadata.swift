/// A server the API is reachable at, listed in the OpenAPI document: FastAPI's `servers`.
public struct OpenAPIServer: Sendable, Hashable {
    public var url: String
    public var description: String?

    public init(url: String, description: String? = nil) {
        self.url = url
        self.description = description
    }
}

/// A tag's documentation, listed in the OpenAPI document: FastAPI's `openapi_tags`. The docs pages
/// show tags in this order, with their descriptions.
public struct OpenAPITag: Sendable, Hashable {
    public var name: String
    public var description: String?

    public init(name: String, description: String? = nil) {
        self.name = name
        self.description = description
    }
}

/// How the document writes a value that may be null (a Swift optional).
public enum OpenAPINullableStyle: Sendable, Hashable {
    /// `{"anyOf": [{"type": "string"}, {"type": "null"}]}`, as pydantic and FastAPI write it.
    case anyOf
    /// `{"type": ["string", "null"]}` wherever the value is of a plain type (references and
    /// combinations keep `anyOf`). The same JSON Schema, in the form swift-openapi-generator 1.x
    /// reads: it skips an `anyOf` member of type null and drops the whole field with it.
    case typeArray
}

/// Who to contact about the API, in the document's `info`: FastAPI's `contact`.
public struct OpenAPIContact: Sendable, Hashable {
    public var name: String?
    public var url: String?
    public var email: String?

    public init(name: String? = nil, url: String? = nil, email: String? = nil) {
        self.name = name
        self.url = url
        self.email = email
    }
}

/// The API's license, in the document's `info`: FastAPI's `license_info`, with a URL or an
/// SPDX identifier.
public struct OpenAPILicense: Sendable, Hashable {
    public var name: String
    public var url: String?
    public var identifier: String?

    public init(name: String, url: String? = nil, identifier: String? = nil) {
        self.name = name
        self.url = url
        self.identifier = identifier
    }
}

/// Everything the document says besides the routes: its `info`, servers and tags, how optionals
/// are written and how operation ids are made.
public struct OpenAPIDocumentSettings: Sendable {
    public var title: String
    public var version: String
    public var summary: String?
    public var description: String?
    public var termsOfService: String?
    public var contact: OpenAPIContact?
    public var license: OpenAPILicense?
    public var servers: [OpenAPIServer]
    public var tags: [OpenAPITag]
    public var nullableStyle: OpenAPINullableStyle
    /// Whether integers state their width (`"format": "int64"` for `Int`), which pydantic does
    /// not write: a generated client or a fuzzer then stays inside the range the server accepts.
    public var integerFormats: Bool
    /// Makes each route's operation id, unless the route names its own: FastAPI's
    /// `generate_unique_id_function`. Nil uses FastAPI's default (name, path and method).
    public var generateUniqueID: (@Sendable (Route) -> String)?

    public init(
        title: String, version: String, summary: String? = nil, description: String? = nil, termsOfService: String? = nil,
        contact: OpenAPIContact? = nil, license: OpenAPILicense? = nil, servers: [OpenAPIServer] = [],
        tags: [OpenAPITag] = [], nullableStyle: OpenAPINullableStyle = .anyOf, integerFormats: Bool = false,
        generateUniqueID: (@Sendable (Route) -> String)? = nil
    ) {
        self.title = title
        self.version = version
        self.summary = summary
        self.description = description
        self.termsOfService = termsOfService
        self.contact = contact
        self.license = license
        self.servers = servers
        self.tags = tags
        self.nullableStyle = nullableStyle
        self.integerFormats = integerFormats
        self.generateUniqueID = generateUniqueID
    }
}
