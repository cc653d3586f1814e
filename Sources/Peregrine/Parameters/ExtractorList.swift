/// The extractors of one function's parameters, in declaration order, and the call of the
/// function with their values: what routes, WebSocket endpoints and dependencies share.
///
/// The list knows what the OpenAPI document needs (its parameters and security schemes, nested
/// dependencies' included) and extracts every value before calling, dependencies first, as
/// FastAPI solves them before the other parameters.
public struct ExtractorList<each Extractor: RequestExtractor>: Sendable {
    let extractors: (repeat each Extractor)
    /// Every request parameter behind the extractors, dependencies' included.
    public let parameters: [ParameterDescriptor]
    /// The security schemes behind the extractors.
    public let securitySchemes: [SecuritySchemeInfo]
    /// Whether an extractor runs a dependency. Computed once: the dependency pass costs generic
    /// metadata lookups per request, which lists without dependencies skip.
    public let hasDependencies: Bool

    public init(_ extractors: repeat each Extractor) {
        self.extractors = (repeat each extractors)
        var parameters: [ParameterDescriptor] = []
        var schemes: [SecuritySchemeInfo] = []
        var hasDependencies = false
        for extractor in repeat each extractors {
            parameters.append(contentsOf: extractor.parameters)
            schemes.append(contentsOf: extractor.securitySchemes)
            if type(of: extractor).isDependency { hasDependencies = true }
        }
        self.parameters = parameters
        self.securitySchemes = schemes
        self.hasDependencies = hasDependencies
    }

    /// Extracts every value and calls `function` with them, or returns nil without calling it
    /// when `requirement` is not met (the issues are in `input.validation`).
    public func call<Output>(
        _ function: @Sendable (repeat (each Extractor).Value) async throws -> Output,
        from input: inout RequestInput, requiring requirement: ValidationRequirement
    ) async throws -> Output? {
        let issuesBefore = requirement == .validRequest ? 0 : input.validation.issues.count
        let values = try await extract(from: &input)
        guard input.validation.issues.count == issuesBefore else { return nil }
        return try await function(repeat try Self.unwrap(each values))
    }

    private func extract(from input: inout RequestInput) async throws -> (repeat (each Extractor).Value?) {
        guard hasDependencies else { return (repeat try await (each extractors).extract(from: &input)) }
        let early = (repeat try await Self.extractIfDependency(each extractors, from: &input))
        return (repeat try await Self.extractRest(each extractors, early: each early, from: &input))
    }

    private static func extractIfDependency<E: RequestExtractor>(_ extractor: E, from input: inout RequestInput) async throws -> EarlyValue<E.Value> {
        guard E.isDependency else { return .pending }
        return .extracted(try await extractor.extract(from: &input))
    }

    private static func extractRest<E: RequestExtractor>(
        _ extractor: E, early: EarlyValue<E.Value>, from input: inout RequestInput
    ) async throws -> E.Value? {
        switch early {
        case .extracted(let value): return value
        case .pending: return try await extractor.extract(from: &input)
        }
    }

    private static func unwrap<Value>(_ value: Value?) throws -> Value {
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

private enum EarlyValue<Value> {
    case extracted(Value?)
    case pending
}

/// An extractor returned nil without recording why; this is a bug in that extractor.
struct ExtractorContractViolation: Error, CustomStringConvertible {
    var description: String { "a request extractor returned no value and recorded no validation issue" }
}
