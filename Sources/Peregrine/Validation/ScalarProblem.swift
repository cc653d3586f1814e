// What the scalar parsers (DecimalText, URLText, TemporalText) take and report: a JSON value
// reduced to what pydantic's lax mode distinguishes, and pydantic's error for a refusal.

/// A JSON value as the validator sees it. An integer beyond `Int`'s range should be passed
/// as `.string` of its digits: `Decimal(int)` and `Decimal(str(int))` are the same value.
enum ScalarInput: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case other
}

/// A value in an error's `ctx`.
enum ProblemValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    /// A Decimal, as the JSON number text FastAPI's `jsonable_encoder` makes of it (`"0"`,
    /// `"0.25"`, `"100"`): an integer when its exponent is >= 0, otherwise a float.
    case decimalText(String)
}

/// One pydantic error: its `type`, its `msg`, and its `ctx` entries in pydantic's order.
struct ScalarProblem: Error, Equatable {
    let type: String
    let message: String
    let context: [(String, ProblemValue)]?

    init(type: String, message: String, context: [(String, ProblemValue)]? = nil) {
        self.type = type
        self.message = message
        self.context = context
    }

    static func == (lhs: ScalarProblem, rhs: ScalarProblem) -> Bool {
        guard lhs.type == rhs.type, lhs.message == rhs.message else { return false }
        switch (lhs.context, rhs.context) {
        case (nil, nil): return true
        case (let left?, let right?):
            return left.count == right.count && zip(left, right).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }
}

extension JSONValue {
    var scalarInput: ScalarInput {
        switch self {
        case .string(let text): .string(text)
        case .int(let value): .int(value)
        case .double(let value): .double(value)
        case .bool(let value): .bool(value)
        case .null: .null
        case .array, .object: .other
        }
    }
}

extension ValidationContext {
    /// Records a parser's refusal with pydantic's type, message and context; a decimal bound in
    /// the context is the number FastAPI's JSON shows.
    mutating func fail(_ problem: ScalarProblem, input: JSONValue) {
        var details: JSONObject?
        if let pairs = problem.context {
            var object = JSONObject()
            for (key, value) in pairs {
                switch value {
                case .string(let text): object[key] = .string(text)
                case .int(let number): object[key] = .int(number)
                case .double(let number): object[key] = .double(number)
                case .decimalText(let text): object[key] = (try? JSONParser.parse(Array(text.utf8))) ?? .string(text)
                }
            }
            details = object
        }
        fail(problem.type, problem.message, input: input, context: details)
    }
}
