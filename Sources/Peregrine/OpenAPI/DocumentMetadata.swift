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
