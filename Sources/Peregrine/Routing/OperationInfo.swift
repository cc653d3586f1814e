/// Documentation of a route's operation, for its OpenAPI description.
public struct OperationInfo: Sendable, Hashable {
    /// A unique name for the operation, by default the endpoint's function name.
    public var name: String
    public var summary: String?
    public var description: String?
    public var tags: [String]
    public var deprecated: Bool
    /// Whether the route appears in the OpenAPI document.
    public var includeInSchema: Bool
    /// The operation's id in the document, replacing the generated one (FastAPI's `operation_id`).
    public var operationID: String?
    /// Merged into the operation's document, over what Peregrine writes (FastAPI's `openapi_extra`).
    public var openapiExtra: JSONValue?

    public init(
        name: String,
        summary: String? = nil,
        description: String? = nil,
        tags: [String] = [],
        deprecated: Bool = false,
        includeInSchema: Bool = true,
        operationID: String? = nil,
        openapiExtra: JSONValue? = nil
    ) {
        self.name = name
        self.summary = summary
        self.description = description
        self.tags = tags
        self.deprecated = deprecated
        self.includeInSchema = includeInSchema
        self.operationID = operationID
        self.openapiExtra = openapiExtra
    }
}
