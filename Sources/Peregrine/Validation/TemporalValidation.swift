import Foundation

// Dates, times and durations validate as pydantic's `datetime`, `date`, `time` and `timedelta`
// (TemporalText holds the rules), write themselves as pydantic serializes them, and give
// `jsonableEncoder` the form FastAPI's `jsonable_encoder` writes.

/// A value `jsonableEncoder` writes differently from its own JSON: FastAPI's `jsonable_encoder`
/// has encoders of its own for `datetime` (`isoformat()`), `timedelta` (seconds) and `Decimal`
/// (a number), where pydantic's serialization writes `Z`, ISO durations and strings.
public protocol JSONableRepresentable {
    /// The value as `jsonable_encoder` writes it.
    var jsonableValue: JSONValue { get }
}

extension ValidationContext {
    /// Reads a temporal value: strictly, only JSON has no such type, so every input is refused
    /// with `type` (pydantic's strict mode takes Python objects only).
    mutating func temporal<Value>(
        _ input: JSONValue, strictType: String, strictMessage: String,
        _ parse: (ScalarInput) -> Result<Value, ScalarProblem>
    ) -> Value? {
        if isStrict {
            fail(strictType, strictMessage, input: input)
            return nil
        }
        switch parse(input.scalarInput) {
        case .success(let value):
            noteLax()
            return value
        case .failure(let problem):
            fail(problem, input: input)
            return nil
        }
    }
}

extension DateTime: ParameterValue, JSONableRepresentable {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> DateTime? {
        // The usual spelling skips the general path's conversions and its result type: a model
        // with datetimes validates nearly as fast as one with strings.
        if case .string(let text) = input, !context.isStrict, let value = TemporalText.commonDateTime(text) {
            context.noteLax()
            return value
        }
        return context.temporal(input, strictType: "datetime_type", strictMessage: "Input should be a valid datetime", TemporalText.dateTime)
    }

    public func writeJSON(to writer: inout JSONWriter) { writer.write(TemporalText.serialized(self)) }
    public var jsonableValue: JSONValue { .string(TemporalText.isoformat(self)) }
    public static var typeSchema: TypeSchema { .string(format: "date-time") }

    public init(from decoder: any Decoder) throws { self = try ModelCoding.decode(Self.self, from: decoder) }
    public func encode(to encoder: any Encoder) throws { try ModelCoding.encode(self, to: encoder) }
}

extension CalendarDate: ParameterValue, JSONableRepresentable {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> CalendarDate? {
        context.temporal(input, strictType: "date_type", strictMessage: "Input should be a valid date", TemporalText.date)
    }

    public func writeJSON(to writer: inout JSONWriter) { writer.write(TemporalText.serialized(self)) }
    public var jsonableValue: JSONValue { .string(TemporalText.isoformat(self)) }
    public static var typeSchema: TypeSchema { .string(format: "date") }

    public init(from decoder: any Decoder) throws { self = try ModelCoding.decode(Self.self, from: decoder) }
    public func encode(to encoder: any Encoder) throws { try ModelCoding.encode(self, to: encoder) }
}

extension TimeOfDay: ParameterValue, JSONableRepresentable {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> TimeOfDay? {
        context.temporal(input, strictType: "time_type", strictMessage: "Input should be a valid time", TemporalText.time)
    }

    public func writeJSON(to writer: inout JSONWriter) { writer.write(TemporalText.serialized(self)) }
    public var jsonableValue: JSONValue { .string(TemporalText.isoformat(self)) }
    public static var typeSchema: TypeSchema { .string(format: "time") }

    public init(from decoder: any Decoder) throws { self = try ModelCoding.decode(Self.self, from: decoder) }
    public func encode(to encoder: any Encoder) throws { try ModelCoding.encode(self, to: encoder) }
}

extension TimeDelta: ParameterValue, JSONableRepresentable {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> TimeDelta? {
        context.temporal(input, strictType: "time_delta_type", strictMessage: "Input should be a valid timedelta", TemporalText.timeDelta)
    }

    public func writeJSON(to writer: inout JSONWriter) { writer.write(TemporalText.serialized(self)) }
    /// `jsonable_encoder` writes a `timedelta` as its `total_seconds()`.
    public var jsonableValue: JSONValue { .double(totalSeconds) }
    public static var typeSchema: TypeSchema { .string(format: "duration") }

    public init(from decoder: any Decoder) throws { self = try ModelCoding.decode(Self.self, from: decoder) }
    public func encode(to encoder: any Encoder) throws { try ModelCoding.encode(self, to: encoder) }
}

/// Foundation's `Date` is an instant: it validates as a pydantic `datetime` (a naive value is
/// read as UTC, since an instant needs an offset) and is written in UTC, `2026-12-01T10:00:00Z`.
/// Use ``DateTime`` to keep the offset the client sent, or a naive value as it came.
extension Date: ParameterValue, JSONableRepresentable {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> Date? {
        DateTime.validate(input, in: &context)?.instant
    }

    public func writeJSON(to writer: inout JSONWriter) { writer.write(TemporalText.serialized(DateTime(self))) }
    public var jsonableValue: JSONValue { .string(TemporalText.isoformat(DateTime(self))) }
    public static var typeSchema: TypeSchema { .string(format: "date-time") }
}

extension Optional: JSONableRepresentable where Wrapped: JSONableRepresentable {
    public var jsonableValue: JSONValue { self?.jsonableValue ?? .null }
}
