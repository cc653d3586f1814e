/// One endpoint: a method, a path template, the extractors that produce its arguments, the
/// function that turns them into a value, and the renderer that turns the value into a response.
///
/// The `@Routes` macro builds these from annotated methods. They can also be built at run time:
///
/// ```swift
/// app.add(Route(.get, "/items/{item_id}", PathParameter<Int>("item_id")) { itemID in
///     ["item_id": JSONValue.int(itemID)] as JSONValue
/// })
/// ```
///
/// The handler's return value becomes the response as ``OutputRenderer`` describes: a
/// ``JSONWritable`` or `Encodable` value through the route's response class, `Void` as `null`, a
/// ready response (a ``JSONResponse``, a Hummingbird `Response`, any `ResponseGenerator`) as it is.
public struct Route: Sendable {
    /// Extracts the arguments, calls the endpoint and renders its value with the route's status
    /// and the response class in force.
    @usableFromInline typealias Handler = @Sendable (inout RequestInput, RenderSettings) async throws -> Response

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
    public let readyResponse: ReadyResponse?
    /// Set when the endpoint streams items (JSON Lines or Server-Sent Events).
    public let stream: StreamDescription?
    /// Answers besides the success that the document lists, by status (FastAPI's `responses=`).
    public var additionalResponses: [Int: AdditionalResponse] = [:]
    /// How returned models are shaped: FastAPI's `response_model_exclude_unset`,
    /// `response_model_exclude_none`, `response_model_include` and `response_model_exclude`.
    public var serialization: SerializationOptions?
    /// The security schemes its parameters' dependencies check.
    public let securitySchemes: [SecuritySchemeInfo]
    /// The request parameters, in declaration order, those of dependencies included.
    public let parameters: [ParameterDescriptor]
    /// Dependencies run for their effect before the parameters: the app's, then the router's,
    /// then the route's own.
    public var dependencies: [any RouteDependency] {
        didSet { body = BodyPlan(parameters: parameters, dependencies: dependencies) }
    }
    let handler: Handler
    /// How the request body is read.
    private(set) var body: BodyPlan

    /// A route whose endpoint's return value `renderer` turns into the response.
    ///
    /// Inlinable so that the request handler is compiled in the module that declares the route,
    /// specialized for its extractors and output type.
    @inlinable
    public init<each Extractor: RequestExtractor, Output>(
        _ method: HTTPRequest.Method,
        _ path: String,
        status: HTTPResponse.Status = .ok,
        operation: OperationInfo? = nil,
        dependencies: [any RouteDependency] = [],
        _ extractors: repeat each Extractor,
        renderer: OutputRenderer<Output>,
        handler: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Output
    ) {
        let list = ExtractorList(repeat each extractors)
        self.init(
            method, path, status: status, operation: operation, dependencies: dependencies,
            parameters: list.parameters, securitySchemes: list.securitySchemes, renderer: renderer
        ) { input, settings in
            guard let output = try await list.call(handler, from: &input, requiring: .validRequest) else {
                throw RequestValidationError(input.validation.issues)
            }
            return try renderer.render(output, settings, &input)
        }
    }

    /// A route whose `handler` extracts the parameters, calls the endpoint and renders its value.
    @usableFromInline
    init<Output>(
        _ method: HTTPRequest.Method, _ path: String, status: HTTPResponse.Status, operation: OperationInfo?,
        dependencies: [any RouteDependency], parameters: [ParameterDescriptor], securitySchemes: [SecuritySchemeInfo],
        renderer: OutputRenderer<Output>, handler: @escaping Handler
    ) {
        do {
            self.path = try PathTemplate(path)
        } catch {
            // Macro-built routes are checked at compile time; a bad run-time path is a programming error.
            preconditionFailure("\(error)")
        }
        self.method = method
        self.status = status
        self.operation = operation ?? OperationInfo(name: Self.defaultName(method, path))
        self.dependencies = dependencies
        self.parameters = parameters
        self.securitySchemes = securitySchemes
        self.responseSchema = renderer.responseSchema
        self.readyResponse = renderer.readyResponse
        self.stream = renderer.stream
        self.body = BodyPlan(parameters: parameters, dependencies: dependencies)
        self.handler = handler
    }

    /// The route with `responseClass` rendering its return values: FastAPI's `response_class`.
    public func responseClass(_ responseClass: any ResponseClass.Type) -> Route {
        var route = self
        route.responseClass = responseClass
        return route
    }

    /// The route with its returned models shaped by `options` (FastAPI's `response_model_exclude_unset`
    /// and friends).
    public func serialization(_ options: SerializationOptions) -> Route {
        var route = self
        route.serialization = options.isPlain ? nil : options
        return route
    }

    /// FastAPI's default operation name for routes without a function name: method and path.
    static func defaultName(_ method: HTTPRequest.Method, _ path: String) -> String {
        let cleaned = path.map { $0.isLetter || $0.isNumber ? $0 : "_" }
        return String(cleaned) + "_" + method.rawValue.lowercased()
    }
}

/// How a route reads its request body, planned from its parameters and its dependencies'.
struct BodyPlan: Sendable {
    /// Whether the route reads the request body.
    let readsBody: Bool
    /// Whether the route reads the body as a form, because it has form or file parameters
    /// (FastAPI then reads every body parameter from the form).
    let readsForm: Bool
    /// Whether body parameters are members of an object named after them: FastAPI embeds them
    /// when there are several (the dependencies' included), or when one is declared `embed`.
    let embeds: Bool

    init(parameters: [ParameterDescriptor], dependencies: [any RouteDependency]) {
        var names = Set<String>()
        // A dependency used twice contributes its body parameters once, as in FastAPI.
        let bodies = (dependencies.flatMap(\.parameters) + parameters).filter {
            $0.source.isBody && names.insert($0.name).inserted
        }
        readsBody = !bodies.isEmpty
        readsForm = bodies.contains { $0.source == .form || $0.source == .file }
        embeds = bodies.count > 1 || bodies.contains { $0.embed }
    }
}
