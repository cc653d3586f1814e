/// One step of the path to an invalid value: an object key or an array index.
public enum LocationElement: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case key(String)
    case index(Int)

    public init(stringLiteral value: String) { self = .key(value) }
    public init(integerLiteral value: Int) { self = .index(value) }
}

extension LocationElement: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) {
        switch self {
        case .key(let key): writer.write(key)
        case .index(let index): writer.write(index)
        }
    }
}

/// One validation error, in pydantic's shape: FastAPI lists these under `detail` in a 422 answer.
///
/// ```json
/// {"type": "greater_than", "loc": ["body", "items", 1, "price"], "msg": "Input should be greater than 0",
///  "input": -2, "ctx": {"gt": 0.0}}
/// ```
public struct ValidationIssue: Sendable, Hashable {
    /// pydantic's error type, such as `missing` or `int_parsing`.
    public var type: String
    /// Where the value was: the parameter source (`path`, `query`, `header`, `cookie`, `body`)
    /// followed by keys and indices.
    public var location: [LocationElement]
    /// pydantic's human-readable message.
    public var message: String
    /// The offending input as received (`null` for a missing value).
    public var input: JSONValue
    /// Values that explain the error, such as the violated bound.
    public var context: JSONObject?

    public init(
        type: String,
        location: [LocationElement],
        message: String,
        input: JSONValue,
        context: JSONObject? = nil
    ) {
        self.type = type
        self.location = location
        self.message = message
        self.input = input
        self.context = context
    }

    /// The error FastAPI reports for a required value that is absent.
    public static func missing(at location: [LocationElement]) -> ValidationIssue {
        ValidationIssue(type: "missing", location: location, message: "Field required", input: .null)
    }
}

extension ValidationIssue: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) {
        writer.writeObject { writer in
            writer.writeMember("type", type)
            writer.writeMember("loc", location)
            writer.writeMember("msg", message)
            writer.writeMember("input", input)
            if let context { writer.writeMember("ctx", JSONValue.object(context)) }
        }
    }
}

/// Thrown when a request's parameters or body do not validate; answered with 422 and every issue.
public struct RequestValidationError: Error, Sendable {
    public var issues: [ValidationIssue]

    public init(_ issues: [ValidationIssue]) {
        self.issues = issues
    }
}

/// Thrown when an endpoint's return value does not validate against its response model.
///
/// As in FastAPI this is the server's fault: it is logged and answered with a generic 500.
public struct ResponseValidationError: Error, Sendable, CustomStringConvertible {
    public var issues: [ValidationIssue]

    public init(_ issues: [ValidationIssue]) {
        self.issues = issues
    }

    public var description: String {
        var writer = JSONWriter()
        writer.writeArray(issues)
        return "ResponseValidationError: \(writer.string)"
    }
}
