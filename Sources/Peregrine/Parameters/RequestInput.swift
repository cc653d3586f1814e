import Logging

/// The request body, read once before the parameters are extracted.
public enum RequestBodyValue: Sendable {
    /// No body, or an empty one.
    case absent
    /// A body sent as JSON (`application/json` or `application/*+json`), parsed.
    case json(JSONValue)
    /// A body sent with any other content type, as text. FastAPI validates such a body as it is,
    /// so a model parameter reports `model_attributes_type` with the text as input.
    case text(String)
    /// A form body, read because the route has form or file parameters.
    case form(FormData)
}

/// What a route's parameters are extracted from, and the issues found while doing so.
///
/// The request pipeline builds one per request. Each ``RequestExtractor`` reads its value from
/// the request data here and records what is wrong in ``validation``, so that all problems are
/// reported together. What the request accumulates for its response (headers, background tasks,
/// cleanups) and the dependencies solved so far are kept apart, in ``effects`` and
/// ``dependencies``, and are the framework's business.
public struct RequestInput: Sendable {
    public let request: Request
    public let context: AppRequestContext
    /// The decoded values of the path's placeholders.
    public let pathParameters: [(name: String, value: String)]
    /// The body, when the route reads one.
    public let body: RequestBodyValue
    /// Whether body parameters are read as members of a JSON object keyed by their names
    /// (FastAPI does so when a route has several body parameters, or one declared with `embed`).
    public let embedsBody: Bool
    /// The app's state, URLs, limits and runner.
    let services: AppServices
    /// The connection, for WebSocket endpoints.
    let webSocket: WebSocket?

    /// The issues found so far.
    public var validation = ValidationContext()
    /// What the request has asked of its response so far.
    var effects = RequestEffects()
    /// The dependencies solved so far.
    var dependencies = DependencySolving()

    private var parsedQuery: QueryString?
    private var parsedCookies: CookieHeader?

    init(
        request: Request, context: AppRequestContext, pathParameters: [(name: String, value: String)], body: RequestBodyValue = .absent,
        embedsBody: Bool = false, services: AppServices, webSocket: WebSocket? = nil
    ) {
        self.request = request
        self.context = context
        self.pathParameters = pathParameters
        self.body = body
        self.embedsBody = embedsBody
        self.services = services
        self.webSocket = webSocket
    }

    /// The form, when the route reads its body as one.
    public var form: FormData? {
        if case .form(let form) = body { return form }
        return nil
    }

    /// The query string's items, parsed on first use.
    public var query: QueryString {
        mutating get {
            if let parsedQuery { return parsedQuery }
            let rawQuery = request.uri.query ?? ""
            let query = QueryString(rawQuery[...])
            parsedQuery = query
            return query
        }
    }

    /// The request's cookies, parsed on first use from its first `Cookie` header, like Starlette.
    public var cookies: CookieHeader {
        mutating get {
            if let parsedCookies { return parsedCookies }
            let cookies = CookieHeader(request.headers[.cookie])
            parsedCookies = cookies
            return cookies
        }
    }

    /// The value of the path placeholder `name`.
    public func pathParameter(_ name: String) -> String? {
        pathParameters.first(where: { $0.name == name })?.value
    }

    public var logger: Logger { context.logger }

    /// Validates one parameter: an absent value takes the default, or the type's value for
    /// "missing" (`nil` for optionals), or becomes a `missing` error; a present one is validated
    /// and its constraints checked. Issues are recorded at `location`.
    @inlinable
    public mutating func validate<Value: Validatable>(
        _ raw: JSONValue?,
        at location: [LocationElement],
        default defaultValue: (@Sendable () -> Value)?,
        constraints: Constraints
    ) -> Value? {
        guard let raw else {
            if let defaultValue { return defaultValue() }
            if let value = Value.valueWhenMissing { return value }
            validation.record(.missing(at: location))
            return nil
        }
        for element in location { validation.enter(element) }
        let value = Value.validate(raw, constraints: constraints, in: &validation)
        for _ in location { validation.leave() }
        return value
    }
}
