/// Another answer an endpoint gives besides its success, for the OpenAPI document: FastAPI's
/// `responses={404: {"model": Message, "description": "Item not found"}}`.
///
/// Errors an endpoint raises itself (`HTTPException(.notFound)`) are invisible to the framework
/// until they happen; declaring them lets clients, generated code and fuzzers expect them.
///
/// ```swift
/// @GET("/items/{id}", responses: [404: AdditionalResponse("Item not found", model: Message.self)])
/// @GET("/users/me/", responses: [401: "Could not validate credentials"])
/// ```
public struct AdditionalResponse: Sendable, ExpressibleByStringLiteral {
    public var description: String
    /// The body's JSON schema, when the response has a documented model.
    public var schema: TypeSchema?

    public init(_ description: String, model: (any Validatable.Type)? = nil) {
        self.description = description
        self.schema = model?.typeSchema
    }

    public init(stringLiteral description: String) {
        self.init(description)
    }
}

extension Route {
    /// The route with other answers documented beside its success: FastAPI's `responses=`.
    public func responses(_ responses: [Int: AdditionalResponse]) -> Route {
        var route = self
        route.additionalResponses.merge(responses) { _, new in new }
        return route
    }
}
