/// How exactly an input matched a type, as pydantic-core's smart unions rank their members.
public enum Exactness: Int, Sendable, Comparable {
    case lax, strict, exact

    public static func < (lhs: Exactness, rhs: Exactness) -> Bool { lhs.rawValue < rhs.rawValue }
}

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
    /// Whether values are being validated strictly (pydantic's strict mode: no lax coercions, so
    /// `"5"` is not an `Int`); set while a strict field or model is read.
    public var isStrict = false
    /// Whether the value is the server's own output being filtered through a response model,
    /// rather than a client's input: limits that guard against clients (a URL's length) are not
    /// applied to what the server wrote itself.
    public var validatesOutput = false
    /// How exactly the input matched the types validated since the last reset: a coercion such as
    /// `"5"` → `5` lowers it. Smart-mode unions pick the member that matched most exactly.
    public var exactness = Exactness.exact

    /// Records that the value was accepted by a coercion pydantic's strict mode would refuse.
    public mutating func noteLax() {
        exactness = min(exactness, .lax)
    }

    /// Records that the value was accepted by a conversion strict mode allows, but that is not
    /// the input's own type (an integer given for a float).
    public mutating func noteStrict() {
        exactness = min(exactness, .strict)
    }

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

    /// Renames the key at `position` of the locations of the issues recorded from `start` on
    /// (a parameter model reports header names, not its fields' keys).
    mutating func renameKeys(from start: Int, at position: Int, _ rename: (String) -> String?) {
        for index in issues.indices.dropFirst(start) where issues[index].location.count > position {
            if case .key(let key) = issues[index].location[position], let renamed = rename(key) {
                issues[index].location[position] = .key(renamed)
            }
        }
    }

    /// Empties the context for another attempt at the same value, with `element` as the last
    /// element of its location (a smart union tries each member under its label).
    mutating func restart(at element: LocationElement) {
        location[location.count - 1] = element
        issues.removeAll(keepingCapacity: true)
        exactness = .exact
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
