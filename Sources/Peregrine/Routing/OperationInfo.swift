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

    public init(
        name: String,
        summary: String? = nil,
        description: String? = nil,
        tags: [String] = [],
        deprecated: Bool = false,
        includeInSchema: Bool = true
    ) {
        self.name = name
        self.summary = summary
        self.description = description
        self.tags = tags
        self.deprecated = deprecated
        self.includeInSchema = includeInSchema
    }
}
