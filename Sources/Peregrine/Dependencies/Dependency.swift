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
    let resolve: @Sendable (inout RequestInput) async throws -> Value?

    /// A dependency computed by `function` from the values of `extractors`.
    @_disfavoredOverload
    public init<each Extractor: RequestExtractor>(
        _ name: String, _ extractors: repeat each Extractor,
        function: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Value
    ) {
        self.name = name
        self.parameters = Route.descriptors(repeat each extractors)
        self.security = nil
        self.securitySchemes = Route.securitySchemes(repeat each extractors)
        self.resolve = Self.calling(function, with: repeat each extractors)
    }

    /// A dependency whose function also registers a cleanup (FastAPI's `yield` dependencies).
    public init<each Extractor: RequestExtractor>(
        _ name: String, _ extractors: repeat each Extractor,
        function: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Scoped<Value>
    ) {
        self.name = name
        self.parameters = Route.descriptors(repeat each extractors)
        self.security = nil
        self.securitySchemes = Route.securitySchemes(repeat each extractors)
        let call = Self.calling(function, with: repeat each extractors)
        self.resolve = { input in
            guard let scoped = try await call(&input) else { return nil }
            input.cleanups.append(Cleanup(scope: scoped.scope, run: scoped.cleanup))
            return scoped.value
        }
    }

    /// Extracts the arguments and calls `function`, unless an argument failed validation: like
    /// FastAPI, a dependency whose own parameters failed is not called.
    private static func calling<each Extractor: RequestExtractor, Output>(
        _ function: @escaping @Sendable (repeat (each Extractor).Value) async throws -> Output,
        with extractors: repeat each Extractor
    ) -> @Sendable (inout RequestInput) async throws -> Output? {
        let hasDependencies = containsDependency(repeat each extractors)
        return { input in
            let issues = input.validation.issues.count
            let values = try await extractInOrder(repeat each extractors, hasDependencies: hasDependencies, from: &input)
            guard input.validation.issues.count == issues else { return nil }
            return try await function(repeat try unwrapExtracted(each values))
        }
    }

    /// A dependency with every part given: for wrappers of another dependency.
    init(
        name: String, parameters: [ParameterDescriptor], security: SecuritySchemeInfo?,
        securitySchemes: [SecuritySchemeInfo], resolve: @escaping @Sendable (inout RequestInput) async throws -> Value?
    ) {
        self.name = name
        self.parameters = parameters
        self.security = security
        self.securitySchemes = securitySchemes
        self.resolve = resolve
    }

    /// A dependency given as a closure over the request input, for what extractors do not cover.
    public init(
        _ name: String, security: SecuritySchemeInfo? = nil,
        resolve: @escaping @Sendable (inout RequestInput) async throws -> Value?
    ) {
        self.name = name
        self.parameters = []
        self.security = security
        self.securitySchemes = security.map { [$0] } ?? []
        self.resolve = resolve
    }

    /// The dependency as an endpoint parameter.
    public func parameter(useCache: Bool = true) -> DependencyParameter<Value> {
        DependencyParameter(self, useCache: useCache)
    }

    public func run(in input: inout RequestInput) async throws {
        _ = try await input.resolve(self, useCache: true)
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

/// An endpoint parameter whose value a dependency computes.
public struct DependencyParameter<Value: Sendable>: RequestExtractor {
    public let dependency: RequestDependency<Value>
    public let useCache: Bool

    public init(_ dependency: RequestDependency<Value>, useCache: Bool = true) {
        self.dependency = dependency
        self.useCache = useCache
    }

    public init(_ type: Value.Type, useCache: Bool = true) where Value: DependencyType {
        self.init(Value.dependency, useCache: useCache)
    }

    /// Dependencies are solved before the other parameters, as in FastAPI.
    public static var isDependency: Bool { true }

    public var parameters: [ParameterDescriptor] { dependency.parameters }
    public var securitySchemes: [SecuritySchemeInfo] { dependency.securitySchemes }

    public func extract(from input: inout RequestInput) async throws -> Value? {
        try await input.resolve(dependency, useCache: useCache)
    }
}

extension InferredParameter {
    /// A parameter whose type is a ``DependencyType`` is computed by that dependency.
    public static func make<Value: DependencyType>(_ type: Value.Type, _ name: String) -> DependencyParameter<Value> {
        DependencyParameter(Value.dependency)
    }
}

extension RequestInput {
    /// The value of `dependency` for this request: from the cache when it already ran (and
    /// `useCache` allows), else from its override or itself.
    public mutating func resolve<Value>(_ dependency: RequestDependency<Value>, useCache: Bool) async throws -> Value? {
        let key = DependencyCacheKey(dependency: ObjectIdentifier(dependency), scopes: securityScopes)
        if useCache, let cached = dependencyCache[key] {
            return cached as? Value
        }
        let effective = overrides?.replacement(for: dependency) ?? dependency
        let value = try await effective.resolve(&self)
        // A failed dependency is cached too, so that its issues are reported once.
        dependencyCache[key] = value.map { $0 as any Sendable } ?? DependencyFailed()
        return value
    }
}

/// What a dependency's value is cached under within a request: the dependency, and the security
/// scopes in force, as in FastAPI (`(call, tuple(sorted(set(security_scopes))))`), so that a
/// dependency checking scopes runs again for a dependant requiring other scopes.
struct DependencyCacheKey: Hashable {
    let dependency: ObjectIdentifier
    let scopes: [String]

    init(dependency: ObjectIdentifier, scopes: [String]) {
        self.dependency = dependency
        self.scopes = scopes.isEmpty ? [] : Array(Set(scopes)).sorted()
    }
}

/// Marks a dependency that failed validation in this request.
struct DependencyFailed: Sendable {}

/// Extracts the values of `extractors`, dependencies first (FastAPI solves them before the
/// other parameters), each in declaration order.
///
/// `hasDependencies` (from ``containsDependency(_:)``, computed once per route) skips the
/// dependency pass for routes without any: the pass costs generic metadata lookups per request.
func extractInOrder<each Extractor: RequestExtractor>(
    _ extractors: repeat each Extractor, hasDependencies: Bool, from input: inout RequestInput
) async throws -> (repeat (each Extractor).Value?) {
    guard hasDependencies else { return (repeat try await (each extractors).extract(from: &input)) }
    let early = (repeat try await extractIfDependency(each extractors, from: &input))
    return (repeat try await extractRest(each extractors, early: each early, from: &input))
}

/// Whether any of `extractors` is a dependency.
func containsDependency<each Extractor: RequestExtractor>(_ extractors: repeat each Extractor) -> Bool {
    var found = false
    for extractor in repeat each extractors {
        if type(of: extractor).isDependency { found = true }
    }
    return found
}

private enum EarlyValue<Value> {
    case extracted(Value?)
    case pending
}

private func extractIfDependency<Extractor: RequestExtractor>(
    _ extractor: Extractor, from input: inout RequestInput
) async throws -> EarlyValue<Extractor.Value> {
    guard Extractor.isDependency else { return .pending }
    return .extracted(try await extractor.extract(from: &input))
}

private func extractRest<Extractor: RequestExtractor>(
    _ extractor: Extractor, early: EarlyValue<Extractor.Value>, from input: inout RequestInput
) async throws -> Extractor.Value? {
    switch early {
    case .extracted(let value): return value
    case .pending: return try await extractor.extract(from: &input)
    }
}
