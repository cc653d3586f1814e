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
