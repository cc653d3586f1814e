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

/// One endpoint: a method, a path template, the extractors that produce its arguments, and the
/// function that turns them into a response.
///
/// The `@Routes` macro builds these from annotated methods. They can also be built at run time:
///
/// ```swift
/// app.add(Route(.get, "/items/{item_id}", PathParameter<Int>("item_id")) { itemID in
///     ["item_id": JSONValue.int(itemID)] as JSONValue
/// })
/// ```
///
/// The handler's return value becomes the response: a ``JSONWritable`` or `Encodable` value is
/// written as JSON with the route's status, a Hummingbird `Response` (or any `ResponseGenerator`)
/// is sent as it is, and `Void` gives `null`.
public struct Route: Sendable {
    public typealias Handler = @Sendable (inout RequestInput) async throws -> Response

    public let method: HTTPRequest.Method
    public var path: PathTemplate
    /// The status of a successful response.
    public let status: HTTPResponse.Status
    public var operation: OperationInfo
    /// How a returned value becomes a response when the endpoint returns a value rather than a
    /// ready response; nil takes the app's default (``JSONResponse`` unless the app says otherwise).
    public var responseClass: (any ResponseClass.Type)?
    /// What a successful response's body looks like, when the route knows (its response model or
    /// its return type), for the OpenAPI document.
    public var responseSchema: TypeSchema?
    /// Set when the endpoint returns a ready response rather than a value to render: the media
    /// type its type guarantees (``HTMLResponse``'s `text/html`), or nil when the response picks
    /// it at run time (a stream, a file, a redirect, a Hummingbird `Response`). The document then
    /// states that media type, or no content at all, where FastAPI would claim JSON.
    public internal(set) var readyResponse: ReadyResponse?
    /// Answers besides the success that the document lists, by status (FastAPI's `responses=`).
    public var additionalResponses: [Int: AdditionalResponse] = [:]
    /// The security schemes its parameters' dependencies check.
    public let securitySchemes: [SecuritySchemeInfo]
    /// The request parameters, in declaration order, those of dependencies included.
    public let parameters: [ParameterDescriptor]
    /// Dependencies run for their effect before the parameters: the app's, then the router's,
    /// then the route's own.
    public var dependencies: [any RouteDependency] {
        didSet { planBody() }
    }
    let handler: Handler

    /// Whether the route reads the request body.
    public private(set) var readsBody = false
    /// Whether the route reads the body as a form, because it has form or file parameters
    /// (FastAPI then reads every body parameter from the form).
    public private(set) var readsForm = false
    /// Whether body parameters are members of an object named after them: FastAPI embeds them
    /// when there are several (the dependencies' included), or when one is declared `embed`.
    public private(set) var embedsBody = false

    private mutating func planBody() {
        var names = Set<String>()
        // A dependency used twice contributes its body parameters once, as in FastAPI.
        let bodies = (dependencies.flatMap(\.parameters) + parameters).filter {
            $0.source.isBody && names.insert($0.name).inserted
        }
        readsBody = !bodies.isEmpty
        readsForm = bodies.contains { $0.source == .form || $0.source == .file }
        embedsBody = bodies.count > 1 || bodies.contains { $0.embed }
    }

    init(
        method: HTTPRequest.Method, path: String, status: HTTPResponse.Status, operation: OperationInfo,
        dependencies: [any RouteDependency], parameters: [ParameterDescriptor],
        securitySchemes: [SecuritySchemeInfo] = [], responseSchema: TypeSchema? = nil, handler: @escaping Handler
    ) {
        self.dependencies = dependencies
        self.securitySchemes = securitySchemes
        self.responseSchema = responseSchema
        do {
            self.path = try PathTemplate(path)
        } catch {
            // Macro-built routes are checked at compile time; a bad run-time path is a programming error.
            preconditionFailure("\(error)")
        }
        self.method = method
        self.status = status
        self.operation = operation
        self.parameters = parameters
        self.handler = handler
        planBody()
    }

    /// Builds the type-erased handler: extract every argument, fail with all issues at once, call
    /// the endpoint, render its output.
    static func makeHandler<each Extractor: RequestExtractor, Output>(
        _ extractors: repeat each Extractor,
        status: HTTPResponse.Status,
        endpoint: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Output,
        render: @escaping @Sendable (Output, HTTPResponse.Status, inout RequestInput) throws -> Response
    ) -> Handler {
        let hasDependencies = containsDependency(repeat each extractors)
        return { input in
            let values = try await extractInOrder(repeat each extractors, hasDependencies: hasDependencies, from: &input)
            guard input.validation.isValid else { throw RequestValidationError(input.validation.issues) }
            let output = try await endpoint(repeat try unwrapExtracted(each values))
            return try render(output, status, &input)
        }
    }

    static func securitySchemes<each Extractor: RequestExtractor>(_ extractors: repeat each Extractor) -> [SecuritySchemeInfo] {
        var schemes: [SecuritySchemeInfo] = []
        for extractor in repeat each extractors {
            schemes.append(contentsOf: extractor.securitySchemes)
        }
        return schemes
    }

    static func descriptors<each Extractor: RequestExtractor>(_ extractors: repeat each Extractor) -> [ParameterDescriptor] {
        var descriptors: [ParameterDescriptor] = []
        for extractor in repeat each extractors {
            descriptors.append(contentsOf: extractor.parameters)
        }
        return descriptors
    }
}

/// An extractor returned nil without recording why; this is a bug in that extractor.
struct ExtractorContractViolation: Error, CustomStringConvertible {
    var description: String { "a request extractor returned no value and recorded no validation issue" }
}

func unwrapExtracted<Value>(_ value: Value?) throws -> Value {
    guard let value else { throw ExtractorContractViolation() }
    return value
}

/// What the document can say about a ready response an endpoint returns.
public struct ReadyResponse: Sendable {
    /// The media type every response of the returned type has, if the type fixes one.
    public let mediaType: String?
}

// MARK: - Building routes, one initializer per kind of output

extension Route {
    /// The part every initializer shares: describe the parameters, build the handler.
    private init<each Extractor: RequestExtractor, Output>(
        _ method: HTTPRequest.Method, _ path: String, status: HTTPResponse.Status, operation: OperationInfo?,
        dependencies: [any RouteDependency], extractors: repeat each Extractor,
        responseSchema: TypeSchema? = (Output.self as? any Validatable.Type)?.typeSchema,
        endpoint: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Output,
        render: @escaping @Sendable (Output, HTTPResponse.Status, inout RequestInput) throws -> Response
    ) {
        self.init(
            method: method, path: path, status: status,
            operation: operation ?? OperationInfo(name: Self.defaultName(method, path)), dependencies: dependencies,
            parameters: Self.descriptors(repeat each extractors),
            securitySchemes: Self.securitySchemes(repeat each extractors), responseSchema: responseSchema,
            handler: Self.makeHandler(repeat each extractors, status: status, endpoint: endpoint, render: render))
    }

    /// A route whose output is written as JSON.
    public init<each Extractor: RequestExtractor, Output: JSONWritable & SendableMetatype>(
        _ method: HTTPRequest.Method,
        _ path: String,
        status: HTTPResponse.Status = .ok,
        operation: OperationInfo? = nil,
        dependencies: [any RouteDependency] = [],
        _ extractors: repeat each Extractor,
        handler: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Output
    ) {
        self.init(
            method, path, status: status, operation: operation, dependencies: dependencies,
            extractors: repeat each extractors, endpoint: handler
        ) {
            output, status, input in ResponseRendering.render(output, status: status, as: input.responseClass)
        }
    }

    /// A route whose output is validated against `responseModel` and written as that model, so
    /// that fields the model does not declare are left out (FastAPI's `response_model`).
    public init<
        each Extractor: RequestExtractor, Output: JSONWritable & SendableMetatype,
        Model: Validatable & JSONWritable & SendableMetatype
    >(
        _ method: HTTPRequest.Method,
        _ path: String,
        status: HTTPResponse.Status = .ok,
        responseModel: Model.Type,
        operation: OperationInfo? = nil,
        dependencies: [any RouteDependency] = [],
        _ extractors: repeat each Extractor,
        handler: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Output
    ) {
        self.init(
            method, path, status: status, operation: operation, dependencies: dependencies,
            extractors: repeat each extractors, responseSchema: Model.typeSchema, endpoint: handler
        ) {
            output, status, input in
            try ResponseRendering.json(output, as: Model.self, status: status, responseClass: input.responseClass)
        }
    }

    /// A route that returns a ready response (a Hummingbird `Response`, a ``JSONResponse``), sent
    /// as it is.
    @_disfavoredOverload
    public init<each Extractor: RequestExtractor, Output: ResponseGenerator>(
        _ method: HTTPRequest.Method,
        _ path: String,
        status: HTTPResponse.Status = .ok,
        operation: OperationInfo? = nil,
        dependencies: [any RouteDependency] = [],
        _ extractors: repeat each Extractor,
        handler: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Output
    ) {
        self.init(
            method, path, status: status, operation: operation, dependencies: dependencies,
            extractors: repeat each extractors, endpoint: handler
        ) {
            output, _, input in
            if let carrier = output as? any BackgroundCarrying { input.responseBackground = carrier.background }
            return try output.response(from: input.request, context: input.context)
        }
        readyResponse = ReadyResponse(mediaType: (Output.self as? any ResponseClass.Type)?.mediaType)
    }

    /// A route that returns nothing: the body is `null`, as for a FastAPI endpoint returning `None`.
    public init<each Extractor: RequestExtractor>(
        _ method: HTTPRequest.Method,
        _ path: String,
        status: HTTPResponse.Status = .ok,
        operation: OperationInfo? = nil,
        dependencies: [any RouteDependency] = [],
        _ extractors: repeat each Extractor,
        handler: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Void
    ) {
        self.init(
            method, path, status: status, operation: operation, dependencies: dependencies,
            extractors: repeat each extractors, endpoint: handler
        ) {
            _, status, _ in ResponseRendering.json(JSONValue.null, status: status)
        }
    }

    /// A route whose output is any `Encodable` value, written as JSON through `Encodable`.
    @_disfavoredOverload
    public init<each Extractor: RequestExtractor, Output: Encodable & SendableMetatype>(
        _ method: HTTPRequest.Method,
        _ path: String,
        status: HTTPResponse.Status = .ok,
        operation: OperationInfo? = nil,
        dependencies: [any RouteDependency] = [],
        _ extractors: repeat each Extractor,
        handler: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Output
    ) {
        self.init(
            method, path, status: status, operation: operation, dependencies: dependencies,
            extractors: repeat each extractors, endpoint: handler
        ) {
            output, status, _ in ResponseRendering.json(EncodableContent(output), status: status)
        }
    }

    /// The route with `responseClass` rendering its return values: FastAPI's `response_class`.
    public func responseClass(_ responseClass: any ResponseClass.Type) -> Route {
        var route = self
        route.responseClass = responseClass
        return route
    }

    /// FastAPI's default operation name for routes without a function name: method and path.
    static func defaultName(_ method: HTTPRequest.Method, _ path: String) -> String {
        let cleaned = path.map { $0.isLetter || $0.isNumber ? $0 : "_" }
        return String(cleaned) + "_" + method.rawValue.lowercased()
    }
}
