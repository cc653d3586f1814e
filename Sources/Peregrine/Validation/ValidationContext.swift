/// Collects the issues found while validating one request.
///
/// Validation never stops at the first problem: each value is checked, failures are recorded with
/// the current location, and the request fails once everything has been looked at, so a client
/// sees every mistake at once (pydantic's behaviour).
public struct ValidationContext: Sendable {
    /// The location of the value being validated.
    public private(set) var location: [LocationElement]
    /// The issues found so far.
    public private(set) var issues: [ValidationIssue] = []

    public init(location: [LocationElement] = []) {
        self.location = location
        self.location.reserveCapacity(8)
    }

    /// Whether no issue has been recorded.
    public var isValid: Bool { issues.isEmpty }

    /// Records an issue at the current location.
    public mutating func fail(_ type: String, _ message: String, input: JSONValue, context: JSONObject? = nil) {
        issues.append(ValidationIssue(type: type, location: location, message: message, input: input, context: context))
    }

    /// Records that a required value is absent at the current location (the input is `null`).
    public mutating func failMissing() {
        issues.append(.missing(at: location))
    }

    /// Records a ready-made issue.
    public mutating func record(_ issue: ValidationIssue) {
        issues.append(issue)
    }

    /// Appends `element` to the location; balance with ``leave()``.
    public mutating func enter(_ element: LocationElement) {
        location.append(element)
    }

    /// Removes the last element of the location.
    public mutating func leave() {
        location.removeLast()
    }
}
