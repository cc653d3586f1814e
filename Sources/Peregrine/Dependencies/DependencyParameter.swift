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
        try await input.value(of: dependency, useCache: useCache)
    }
}

extension InferredParameter {
    /// A parameter whose type is a ``DependencyType`` is computed by that dependency.
    public static func make<Value: DependencyType>(_ type: Value.Type, _ name: String) -> DependencyParameter<Value> {
        DependencyParameter(Value.dependency)
    }
}

extension ParameterAttribute where Location == DependencyLocation, Value: Sendable {
    /// The extractor of a `@Depends(dependency)` parameter, as the route macros generate it.
    public static func extractor(_ dependency: RequestDependency<Value>, useCache: Bool = true) -> DependencyParameter<Value> {
        DependencyParameter(dependency, useCache: useCache)
    }

    /// The extractor of a bare `@Depends` parameter, whose type is its own dependency.
    public static func extractor(useCache: Bool = true) -> DependencyParameter<Value> where Value: DependencyType {
        DependencyParameter(Value.dependency, useCache: useCache)
    }
}
