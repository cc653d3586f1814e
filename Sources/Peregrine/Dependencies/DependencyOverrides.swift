import Synchronization

/// Replacements for dependencies, for tests: FastAPI's `app.dependency_overrides`.
///
/// ```swift
/// app.dependencyOverrides.override(commonParametersDependency, with: Dependency("fake") { _ in fakeCommons })
/// ```
///
/// A replacement is a dependency of the same value type; its own parameters are read from the
/// request in place of the original's.
public final class DependencyOverrides: Sendable {
    private let replacements = Mutex<[ObjectIdentifier: any Sendable]>([:])
    // Read on every dependency resolution; an atomic flag keeps the common case lock-free.
    private let isEmpty = Atomic<Bool>(true)

    public init() {}

    public func override<Value>(_ dependency: RequestDependency<Value>, with replacement: RequestDependency<Value>) {
        replacements.withLock { $0[ObjectIdentifier(dependency)] = replacement }
        isEmpty.store(false, ordering: .releasing)
    }

    /// Overrides the dependency of a ``DependencyType``.
    public func override<Value: DependencyType>(_ type: Value.Type, with replacement: RequestDependency<Value>) {
        override(Value.dependency, with: replacement)
    }

    public func remove<Value>(_ dependency: RequestDependency<Value>) {
        let empty = replacements.withLock { replacements -> Bool in
            replacements[ObjectIdentifier(dependency)] = nil
            return replacements.isEmpty
        }
        isEmpty.store(empty, ordering: .releasing)
    }

    public func removeAll() {
        replacements.withLock { $0.removeAll() }
        isEmpty.store(true, ordering: .releasing)
    }

    func replacement<Value>(for dependency: RequestDependency<Value>) -> RequestDependency<Value>? {
        guard !isEmpty.load(ordering: .acquiring) else { return nil }
        return replacements.withLock { $0[ObjectIdentifier(dependency)] } as? RequestDependency<Value>
    }
}
