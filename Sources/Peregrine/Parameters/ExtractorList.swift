/// The extractors of one function's parameters, in declaration order, and the call of the
/// function with their values: what routes, WebSocket endpoints and dependencies share.
///
/// The list knows what the OpenAPI document needs (its parameters and security schemes, nested
/// dependencies' included) and extracts every value before calling, dependencies first, as
/// FastAPI solves them before the other parameters.
public struct ExtractorList<each Extractor: RequestExtractor>: Sendable {
    @usableFromInline let extractors: (repeat each Extractor)
    /// Every request parameter behind the extractors, dependencies' included.
    public let parameters: [ParameterDescriptor]
    /// The security schemes behind the extractors.
    public let securitySchemes: [SecuritySchemeInfo]
    /// Whether an extractor runs a dependency. Computed once: the dependency pass costs generic
    /// metadata lookups per request, which lists without dependencies skip.
    public let hasDependencies: Bool
    /// Whether every extractor reads its value without suspending, so that the arguments are
    /// read in one synchronous pass.
    public let extractsImmediately: Bool

    public init(_ extractors: repeat each Extractor) {
        self.extractors = (repeat each extractors)
        var parameters: [ParameterDescriptor] = []
        var schemes: [SecuritySchemeInfo] = []
        var hasDependencies = false
        var extractsImmediately = true
        for extractor in repeat each extractors {
            parameters.append(contentsOf: extractor.parameters)
            schemes.append(contentsOf: extractor.securitySchemes)
            if type(of: extractor).isDependency { hasDependencies = true }
            if !type(of: extractor).extractsImmediately { extractsImmediately = false }
        }
        self.parameters = parameters
        self.securitySchemes = schemes
        self.hasDependencies = hasDependencies
        self.extractsImmediately = extractsImmediately
    }

    /// Extracts every value and calls `function` with them, or returns nil without calling it
    /// when `requirement` is not met (the issues are in `input.validation`).
    ///
    /// Inlinable, with what it calls, so that the module declaring the route specializes it for
    /// its extractors: unspecialized, every request paid for generic metadata lookups and
    /// copies of the extractors.
    @inlinable
    public func call<Output>(
        _ function: @Sendable (repeat (each Extractor).Value) async throws -> Output,
        from input: inout RequestInput, requiring requirement: ValidationRequirement
    ) async throws -> Output? {
        let issuesBefore = requirement == .validRequest ? 0 : input.validation.issues.count
        if extractsImmediately {
            guard let values = try extractImmediately(from: &input, issuesBefore: issuesBefore) else { return nil }
            return try await function(repeat each values)
        }
        let values = try await extract(from: &input)
        guard input.validation.issues.count == issuesBefore else { return nil }
        return try await function(repeat try Self.unwrap(each values))
    }

    /// Every value, read in one synchronous pass (so that the values' buffers are on the stack,
    /// not allocated from the task), or nil when the extractors recorded issues.
    @inlinable
    func extractImmediately(
        from input: inout RequestInput, issuesBefore: Int
    ) throws -> (repeat (each Extractor).Value)? {
        // Dependencies never extract immediately, so declaration order is solving order.
        let values = (repeat try (each extractors).extractImmediately(from: &input))
        guard input.validation.issues.count == issuesBefore else { return nil }
        return (repeat try Self.unwrap(each values))
    }

    @inlinable
    func extract(from input: inout RequestInput) async throws -> (repeat (each Extractor).Value?) {
        guard hasDependencies else { return (repeat try await (each extractors).extract(from: &input)) }
        let early = (repeat try await Self.extractIfDependency(each extractors, from: &input))
        return (repeat try await Self.extractRest(each extractors, early: each early, from: &input))
    }

    @inlinable
    static func extractIfDependency<E: RequestExtractor>(_ extractor: E, from input: inout RequestInput) async throws -> EarlyValue<E.Value> {
        guard E.isDependency else { return .pending }
        return .extracted(try await extractor.extract(from: &input))
    }

    @inlinable
    static func extractRest<E: RequestExtractor>(
        _ extractor: E, early: EarlyValue<E.Value>, from input: inout RequestInput
    ) async throws -> E.Value? {
        switch early {
        case .extracted(let value): return value
        case .pending: return try await extractor.extract(from: &input)
        }
    }

    @inlinable @inline(__always)
    static func unwrap<Value>(_ value: Value?) throws -> Value {
        guard let value else { throw ExtractorContractViolation() }
        return value
    }
}

/// When a failed validation keeps an extractor list's function from being called.
public enum ValidationRequirement: Sendable {
    /// No issue at all in the request so far: an endpoint runs only for a valid request.
    case validRequest
    /// No issue recorded by this list's own extractors: like FastAPI, a dependency whose own
    /// parameters failed is not called, while the rest of the request is still checked.
    case validArguments
}

@usableFromInline
enum EarlyValue<Value> {
    case extracted(Value?)
    case pending
}

/// An extractor returned nil without recording why; this is a bug in that extractor.
@usableFromInline
struct ExtractorContractViolation: Error, CustomStringConvertible {
    @usableFromInline init() {}
    @usableFromInline var description: String { "a request extractor returned no value and recorded no validation issue" }
}
