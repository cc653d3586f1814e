/// A value computed from the request by a function with parameters of its own: FastAPI's
/// `Depends(...)`.
///
/// The `@Dependency` macro builds one from a function, next to it as `<name>Dependency`
/// (`verifyTokenDependency` below):
///
/// ```swift
/// @Dependency
/// func verifyToken(@Header x_token: String) throws {
///     guard x_token == "fake-super-secret-token" else { throw HTTPException(400, detail: "X-Token header invalid") }
/// }
///
/// @Dependency
/// func commonParameters(q: String? = nil, skip: Int = 0, limit: Int = 100) -> CommonParameters { ... }
/// ```
///
/// and endpoints use it by parameter (`@Depends(commonParametersDependency) commons: CommonParameters`)
/// or for its effect only (`@GET("/items/", dependencies: ["verifyToken"])`). A dependency's parameters
/// come from the request like an endpoint's, other dependencies included, to any depth; all of them
/// are validated together with the endpoint's, and every issue comes back in one 422. Within a
/// request a dependency runs once, and its value is reused wherever it appears, unless a parameter
/// asks for `useCache: false`. The function may return ``Scoped`` to register a cleanup.
public final class RequestDependency<Value: Sendable>: Sendable, RouteDependency {
    public let name: String
    /// The request parameters the dependency reads, its sub-dependencies' included.
    public let parameters: [ParameterDescriptor]
    /// The security scheme the dependency checks, for the OpenAPI document.
    public let security: SecuritySchemeInfo?
    /// Its own security scheme and those of the dependencies it uses.
    public let securitySchemes: [SecuritySchemeInfo]
    /// Computes the value for one request; nil when its parameters failed validation.
    let compute: @Sendable (inout RequestInput) async throws -> Value?

    /// A dependency computed by `function` from the values of `extractors`.
    @_disfavoredOverload
    public convenience init<each Extractor: RequestExtractor>(
        _ name: String, _ extractors: repeat each Extractor,
        function: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Value
    ) {
        let list = ExtractorList(repeat each extractors)
        self.init(name: name, parameters: list.parameters, security: nil, securitySchemes: list.securitySchemes) { input in
            try await list.call(function, from: &input, requiring: .validArguments)
        }
    }

    /// A dependency whose function also registers a cleanup (FastAPI's `yield` dependencies).
    public convenience init<each Extractor: RequestExtractor>(
        _ name: String, _ extractors: repeat each Extractor,
        function: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Scoped<Value>
    ) {
        let list = ExtractorList(repeat each extractors)
        self.init(name: name, parameters: list.parameters, security: nil, securitySchemes: list.securitySchemes) { input in
            guard let scoped = try await list.call(function, from: &input, requiring: .validArguments) else { return nil }
            input.effects.cleanups.append(Cleanup(scope: scoped.scope, run: scoped.cleanup))
            return scoped.value
        }
    }

    /// A dependency with every part given: for wrappers of another dependency.
    init(
        name: String, parameters: [ParameterDescriptor], security: SecuritySchemeInfo?,
        securitySchemes: [SecuritySchemeInfo], compute: @escaping @Sendable (inout RequestInput) async throws -> Value?
    ) {
        self.name = name
        self.parameters = parameters
        self.security = security
        self.securitySchemes = securitySchemes
        self.compute = compute
    }

    /// A dependency given as a closure over the request input, for what extractors do not cover.
    public convenience init(
        _ name: String, security: SecuritySchemeInfo? = nil,
        compute: @escaping @Sendable (inout RequestInput) async throws -> Value?
    ) {
        self.init(name: name, parameters: [], security: security, securitySchemes: security.map { [$0] } ?? [], compute: compute)
    }

    /// The dependency as an endpoint parameter.
    public func parameter(useCache: Bool = true) -> DependencyParameter<Value> {
        DependencyParameter(self, useCache: useCache)
    }

    public func run(in input: inout RequestInput) async throws {
        _ = try await input.value(of: self, useCache: true)
    }
}

/// A dependency run for its effect before a route's parameters: FastAPI's
/// `dependencies=[Depends(...)]` on a route, a router or the app.
public protocol RouteDependency: Sendable {
    /// The request parameters the dependency reads.
    var parameters: [ParameterDescriptor] { get }
    /// The security schemes it checks.
    var securitySchemes: [SecuritySchemeInfo] { get }
    func run(in input: inout RequestInput) async throws
}

/// A type that is its own dependency, like a FastAPI class used with `Depends()`: an endpoint
/// parameter of the type is computed from the request. The `@Dependable` macro on a struct
/// generates this from its initializer's (or its stored properties') parameters.
public protocol DependencyType: Sendable {
    static var dependency: RequestDependency<Self> { get }
}
