/// Where a parameter's value comes from.
public enum ParameterSource: String, Sendable, Hashable {
    case path, query, header, cookie, body
    /// A text field of a form body.
    case form
    /// A file of a `multipart/form-data` body.
    case file
    /// Computed by a dependency rather than read from the request.
    case dependency

    /// The first element of an error's location: FastAPI reports form fields and files as `body`.
    public var errorLocation: String {
        switch self {
        case .form, .file: "body"
        default: rawValue
        }
    }

    /// Whether the parameter is read from the request body.
    public var isBody: Bool { self == .body || self == .form || self == .file }
}

/// What a route declares about one of its parameters: enough to plan body reading, to describe
/// the route in its OpenAPI document, and to report errors at the right location.
public struct ParameterDescriptor: Sendable, Hashable {
    public var source: ParameterSource
    /// The name on the wire: the path placeholder, query key, header name, cookie name or body key.
    public var name: String
    public var isRequired: Bool
    public var constraints: Constraints
    public var description: String?
    public var deprecated: Bool
    /// For a body parameter, whether it was declared embedded (`@Body(embed: true)`).
    public var embed: Bool
    /// What the parameter's values look like, for the OpenAPI document.
    public var schema: TypeSchema
    /// The default value as JSON, when the parameter has one that can be written.
    public var defaultValue: JSONValue?

    /// Example values the document shows in the schema (FastAPI's `Query(examples=[...])`).
    public var examples: [JSONValue] = []
    /// For a form body, whether the parameter is a model read from the whole form (documented
    /// as the body's schema itself).
    public var isModel = false

    public init(
        source: ParameterSource,
        name: String,
        isRequired: Bool,
        constraints: Constraints = .none,
        description: String? = nil,
        deprecated: Bool = false,
        embed: Bool = false,
        schema: TypeSchema = .any,
        defaultValue: JSONValue? = nil
    ) {
        self.schema = schema
        self.defaultValue = defaultValue
        self.source = source
        self.name = name
        self.isRequired = isRequired
        self.constraints = constraints
        self.description = description
        self.deprecated = deprecated
        self.embed = embed
    }
}

/// Produces one argument of an endpoint from a request: a path, query, header, cookie or body
/// parameter, or an injected value such as the ``Request``.
///
/// Each parameter source is one small type behind this protocol (axum's extractor idea). The route
/// macros turn an endpoint's signature into a list of extractors; routes built at run time list
/// them by hand:
///
/// ```swift
/// app.add(Route(.get, "/hello/{name}", PathParameter<String>("name"),
///               QueryParameter<Int>("times", default: 1)) { name, times in
///     String(repeating: name, count: times)
/// })
/// ```
public protocol RequestExtractor: Sendable {
    associatedtype Value: Sendable

    /// The parameter this extractor reads, or nil for values that are injected rather than sent.
    var parameter: ParameterDescriptor? { get }

    /// Every request parameter behind this extractor: its own, or a dependency's, nested ones
    /// included. Body planning counts them all, as FastAPI flattens dependencies' bodies.
    var parameters: [ParameterDescriptor] { get }

    /// Whether this extractor runs a dependency; dependencies are solved before the other
    /// parameters, as FastAPI solves them.
    static var isDependency: Bool { get }

    /// The security schemes behind this extractor (a security dependency's, nested ones included).
    var securitySchemes: [SecuritySchemeInfo] { get }

    /// Extracts and validates the value. On failure, records the issues in `input.validation`
    /// and returns nil; throws only for errors that end the request at once.
    func extract(from input: inout RequestInput) async throws -> Value?

    /// Whether ``extractImmediately(from:)`` gives the value without suspending. An endpoint
    /// whose extractors all do has its arguments read in one synchronous pass, without an
    /// asynchronous call (and its frame) per parameter.
    static var extractsImmediately: Bool { get }

    /// The value, as ``extract(from:)`` gives it, read without suspending; called only when
    /// ``extractsImmediately`` is true.
    func extractImmediately(from input: inout RequestInput) throws -> Value?
}

extension RequestExtractor {
    public var parameter: ParameterDescriptor? { nil }
    public var parameters: [ParameterDescriptor] { parameter.map { [$0] } ?? [] }
    public static var isDependency: Bool { false }
    public var securitySchemes: [SecuritySchemeInfo] { [] }
    public static var extractsImmediately: Bool { false }

    public func extractImmediately(from input: inout RequestInput) throws -> Value? {
        preconditionFailure("\(Self.self) extracts its value asynchronously: call extract(from:)")
    }
}

/// An extractor that never suspends: it implements ``RequestExtractor/extractImmediately(from:)``
/// and gets ``RequestExtractor/extract(from:)`` from it.
public protocol ImmediateRequestExtractor: RequestExtractor {}

extension ImmediateRequestExtractor {
    public static var extractsImmediately: Bool { true }

    @inlinable
    public func extract(from input: inout RequestInput) async throws -> Value? {
        try extractImmediately(from: &input)
    }
}

/// An extractor whose parameter the document can show example values for.
public protocol ExampleDocumenting {
    /// Example values the document shows in the parameter's schema.
    var examples: [JSONValue] { get set }
}

extension ExampleDocumenting {
    /// The parameter with example values for the document (FastAPI's `Query(examples=[...])`,
    /// `Body(examples=[...])`).
    public func documented(examples: [JSONValue]) -> Self {
        var parameter = self
        parameter.examples = examples
        return parameter
    }
}

/// Chooses the source of an endpoint parameter that names none, from its type, as FastAPI does:
/// a scalar (``ParameterValue``, optional or not) is a query parameter, an ``UploadFile`` (or a
/// list of them) a file of a multipart form, an injectable type is injected, and anything else that validates (models, arrays, dictionaries) is read from the body.
///
/// The route macros call these for every parameter without an attribute that the path template
/// does not name; the compiler picks the overload, so the choice costs nothing at run time.
public enum InferredParameter {
    public static func make<Value: ParameterValue & Sendable>(_ type: Value.Type, _ name: String) -> QueryParameter<Value> {
        QueryParameter(name)
    }

    public static func make<Value: ParameterValue & Sendable>(
        _ type: Value.Type, _ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value
    ) -> QueryParameter<Value> {
        QueryParameter(name, default: defaultValue())
    }

    public static func make<Value: UploadedFiles>(_ type: Value.Type, _ name: String) -> FileParameter<Value> {
        FileParameter(name)
    }

    public static func make<Value: UploadedFiles>(
        _ type: Value.Type, _ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value
    ) -> FileParameter<Value> {
        FileParameter(name, default: defaultValue())
    }

    public static func make<Value: RequestInjectable>(_ type: Value.Type, _ name: String) -> Injected<Value> {
        Injected()
    }

    public static func make<Value: Validatable & Sendable>(_ type: Value.Type, _ name: String) -> BodyParameter<Value> {
        BodyParameter(name)
    }

    public static func make<Value: Validatable & Sendable>(
        _ type: Value.Type, _ name: String, default defaultValue: @autoclosure @escaping @Sendable () -> Value
    ) -> BodyParameter<Value> {
        BodyParameter(name, default: defaultValue())
    }
}

/// A value handed to endpoints rather than read from the request's parameters.
public protocol RequestInjectable: Sendable {
    static func inject(from input: inout RequestInput) -> Self
}

/// Injects a ``RequestInjectable`` value: the ``Request``, the ``ResponseHead``, the request context.
public struct Injected<Value: RequestInjectable>: ImmediateRequestExtractor {
    public init() {}

    @inlinable
    public func extractImmediately(from input: inout RequestInput) -> Value? {
        Value.inject(from: &input)
    }
}

extension Request: RequestInjectable {
    public static func inject(from input: inout RequestInput) -> Request { input.request }
}

extension AppRequestContext: RequestInjectable {
    public static func inject(from input: inout RequestInput) -> AppRequestContext { input.context }
}
