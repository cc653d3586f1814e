// Routes built by hand leave the renderer to the closure's type: each initializer here picks the
// matching `OutputRenderer` and nothing else. (The route macros name the renderer explicitly.)
extension Route {
    /// A route whose output is written by its response class (JSON by default).
    public init<each Extractor: RequestExtractor, Output: JSONWritable>(
        _ method: HTTPRequest.Method, _ path: String, status: HTTPResponse.Status = .ok, operation: OperationInfo? = nil,
        dependencies: [any RouteDependency] = [], _ extractors: repeat each Extractor,
        handler: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Output
    ) {
        self.init(
            method, path, status: status, operation: operation, dependencies: dependencies, repeat each extractors,
            renderer: .automatic(for: Output.self), handler: handler)
    }

    /// A route whose output is filtered through `responseModel` (FastAPI's `response_model`).
    public init<each Extractor: RequestExtractor, Output: JSONWritable, Model: Validatable & JSONWritable>(
        _ method: HTTPRequest.Method, _ path: String, status: HTTPResponse.Status = .ok, responseModel: Model.Type,
        operation: OperationInfo? = nil, dependencies: [any RouteDependency] = [], _ extractors: repeat each Extractor,
        handler: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Output
    ) {
        self.init(
            method, path, status: status, operation: operation, dependencies: dependencies, repeat each extractors,
            renderer: .model(Model.self, for: Output.self), handler: handler)
    }

    /// A route that returns nothing: `null`, as for a FastAPI endpoint returning `None`.
    /// Disfavored, so that a one-expression closure returning a value keeps its value rather than
    /// being read as a closure that discards it.
    @_disfavoredOverload
    public init<each Extractor: RequestExtractor>(
        _ method: HTTPRequest.Method, _ path: String, status: HTTPResponse.Status = .ok, operation: OperationInfo? = nil,
        dependencies: [any RouteDependency] = [], _ extractors: repeat each Extractor,
        handler: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Void
    ) {
        self.init(
            method, path, status: status, operation: operation, dependencies: dependencies, repeat each extractors,
            renderer: .automatic(for: Void.self), handler: handler)
    }

    /// A route whose output is any `Encodable` value.
    @_disfavoredOverload
    public init<each Extractor: RequestExtractor, Output: Encodable>(
        _ method: HTTPRequest.Method, _ path: String, status: HTTPResponse.Status = .ok, operation: OperationInfo? = nil,
        dependencies: [any RouteDependency] = [], _ extractors: repeat each Extractor,
        handler: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Output
    ) {
        self.init(
            method, path, status: status, operation: operation, dependencies: dependencies, repeat each extractors,
            renderer: .automatic(for: Output.self), handler: handler)
    }

    /// A route that returns a ready response, sent as it is.
    @_disfavoredOverload
    public init<each Extractor: RequestExtractor, Output: ResponseGenerator>(
        _ method: HTTPRequest.Method, _ path: String, status: HTTPResponse.Status = .ok, operation: OperationInfo? = nil,
        dependencies: [any RouteDependency] = [], _ extractors: repeat each Extractor,
        handler: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Output
    ) {
        self.init(
            method, path, status: status, operation: operation, dependencies: dependencies, repeat each extractors,
            renderer: .automatic(for: Output.self), handler: handler)
    }

    /// A route that returns a ready response carrying background tasks.
    @_disfavoredOverload
    public init<each Extractor: RequestExtractor, Output: ResponseGenerator & BackgroundCarrying>(
        _ method: HTTPRequest.Method, _ path: String, status: HTTPResponse.Status = .ok, operation: OperationInfo? = nil,
        dependencies: [any RouteDependency] = [], _ extractors: repeat each Extractor,
        handler: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Output
    ) {
        self.init(
            method, path, status: status, operation: operation, dependencies: dependencies, repeat each extractors,
            renderer: .automatic(for: Output.self), handler: handler)
    }
}
