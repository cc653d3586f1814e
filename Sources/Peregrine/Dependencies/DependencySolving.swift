/// The dependencies one request has solved, and the security scopes in force while one is being
/// solved.
struct DependencySolving: Sendable {
    /// Values of the dependencies solved so far, by dependency and the security scopes in force.
    var cache: [DependencyCacheKey: any Sendable] = [:]
    /// The security scopes required by the dependants of the dependency being solved (see
    /// ``SecurityScopes``).
    var securityScopes: [String] = []
}

extension RequestInput {
    /// The value of `dependency` for this request: from the cache when it already ran (and
    /// `useCache` allows), else from its override or itself.
    public mutating func value<Value>(of dependency: RequestDependency<Value>, useCache: Bool) async throws -> Value? {
        let key = DependencyCacheKey(dependency: ObjectIdentifier(dependency), scopes: dependencies.securityScopes)
        if useCache, let cached = dependencies.cache[key] {
            return cached as? Value
        }
        let effective = services.overrides.replacement(for: dependency) ?? dependency
        let value = try await effective.compute(&self)
        // A failed dependency is cached too, so that its issues are reported once.
        dependencies.cache[key] = value.map { $0 as any Sendable } ?? DependencyFailed()
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
