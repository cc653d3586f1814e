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
///
/// Declared for the route's own status, it describes the success response further, as FastAPI
/// merges `responses={202: {...}}` into it: its description and headers are the success
/// response's, and the route's model stays its body unless another model is given.
public struct AdditionalResponse: Sendable, ExpressibleByStringLiteral {
    public var description: String
    /// The body's JSON schema, when the response has a documented model.
    public var schema: TypeSchema?
    /// Headers the response carries, by name, with their descriptions (string-valued).
    public var headers: [String: String]

    public init(_ description: String, model: (any Validatable.Type)? = nil, headers: [String: String] = [:]) {
        self.description = description
        self.schema = model?.typeSchema
        self.headers = headers
    }

    public init(stringLiteral description: String) {
        self.init(description)
    }

    /// A `202 Accepted` for work that goes on after the answer, whose `Location` header points to
    /// where its progress is read (a durable job's status, for instance).
    public static func accepted(
        _ description: String = "Accepted: the work goes on after this answer",
        location: String = "Where the work's status is read"
    ) -> AdditionalResponse {
        AdditionalResponse(description, headers: ["Location": location])
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
