import Foundation

/// Reads `datetime`, `date`, `time` and `timedelta` values the way pydantic 2 does in lax mode
/// (pydantic-core's validators over the speedate 0.18 parser), and writes them the two ways a
/// FastAPI service does: `isoformat()` (FastAPI's `jsonable_encoder`) and pydantic's JSON
/// serialization (`serialized`). The rules are pydantic's, quirks included (numeric strings are
/// timestamps, a datetime's error names the *date* parse's failure, digits beyond microseconds
/// are dropped, not rounded), because a client of a FastAPI service depends on them; the fixture
/// `pydantic_temporal.json` records pydantic's answers.
///
/// The parsers work on the UTF-8 bytes in place and allocate nothing on success: a model with
/// datetime fields must validate nearly as fast as one with strings.
enum TemporalText {
    // MARK: Validators

    /// A `datetime` field: an RFC 3339 datetime (`T`, `t`, `_` or space; `Z` or an offset), a date
    /// (midnight, naive), or a Unix timestamp in seconds, or milliseconds above 2e10, as a number
    /// or a numeric string (UTC).
    static func dateTime(_ input: ScalarInput) -> Result<DateTime, ScalarProblem> {
        let raw: RawDateTime
        switch rawDateTime(input) {
        case .success(let value):
            raw = value
        case .failure(let failure):
            // pydantic retries as a date; that parse's complaint replaces the datetime's.
            switch rawDate(input) {
            case .success(let date):
                raw = RawDateTime(date: date, time: RawTime(hour: 0, minute: 0, second: 0, microsecond: 0, offset: nil))
            case .failure(.parsing(let message)):
                return .failure(.parsing("datetime_from_date_parsing", "Input should be a valid datetime or date, ",
                                         message))
            case .failure(.type):
                return .failure(failure.problem(
                    parsing: "datetime_parsing", "Input should be a valid datetime, ",
                    type: "datetime_type", "Input should be a valid datetime"))
            }
        }
        guard raw.date.year != 0 else {
            return .failure(.parsing("datetime_parsing", "Input should be a valid datetime, ", yearZero))
        }
        return .success(raw.value)
    }

    /// A `date` field: `YYYY-MM-DD`, a datetime at exactly midnight (any offset), or a timestamp
    /// at exactly midnight UTC.
    static func date(_ input: ScalarInput) -> Result<CalendarDate, ScalarProblem> {
        let raw: RawDate
        switch rawDate(input) {
        case .success(let value):
            raw = value
        case .failure(let failure):
            // pydantic retries as a datetime, which must have a zero time.
            switch rawDateTime(input) {
            case .success(let dateTime):
                let time = dateTime.time
                guard time.hour == 0, time.minute == 0, time.second == 0, time.microsecond == 0 else {
                    return .failure(ScalarProblem(
                        type: "date_from_datetime_inexact",
                        message: "Datetimes provided to dates should have zero time - e.g. be exact dates"))
                }
                raw = dateTime.date
            case .failure(.parsing(let message)):
                return .failure(.parsing("date_from_datetime_parsing", "Input should be a valid date or datetime, ",
                                         message))
            case .failure(.type):
                return .failure(failure.problem(
                    parsing: "date_parsing", "Input should be a valid date in the format YYYY-MM-DD, ",
                    type: "date_type", "Input should be a valid date"))
            }
        }
        guard raw.year != 0 else {
            return .failure(.parsing("date_parsing", "Input should be a valid date in the format YYYY-MM-DD, ", yearZero))
        }
        return .success(CalendarDate(uncheckedYear: Int(raw.year), month: Int(raw.month), day: Int(raw.day)))
    }

    /// A `time` field: `HH:MM[:SS[.ffffff]]` with an optional `Z` or offset, or a number of
    /// seconds since midnight (UTC).
    static func time(_ input: ScalarInput) -> Result<TimeOfDay, ScalarProblem> {
        let result: Result<RawTime, SpeedateError>
        switch input {
        case .string(let text):
            result = withBytes(text) { bytes in Result { () throws(SpeedateError) in try parseTime(bytes, at: 0) } }
        case .int(let seconds):
            return timeFromSeconds(Int64(seconds), microsecond: 0)
        case .double(let value):
            guard !value.isNaN else { return .failure(timeParsing("NaN values not permitted")) }
            let microsecond = abs(fract(value)) * 1_000_000
            return timeFromSeconds(
                saturatingInt64(value.rounded(.down)), microsecond: saturatingUInt32(microsecond.rounded()))
        case .bool, .null, .other:
            return .failure(ScalarProblem(type: "time_type", message: "Input should be a valid time"))
        }
        switch result {
        case .success(let raw): return .success(raw.value)
        case .failure(let error): return .failure(timeParsing(error.documentation))
        }
    }

    /// A `timedelta` field: an ISO 8601 duration (`P1DT2H`, `-PT0.5S`; `W` weeks, `Y` as 365 days,
    /// `M` as 30), `[-]HH:MM[:SS[.ffffff]]` with any number of hours, `D day[s][,] HH:MM:SS`, or a
    /// number of seconds (a boolean counts as 0 or 1, as Python's `bool` is an `int`).
    static func timeDelta(_ input: ScalarInput) -> Result<TimeDelta, ScalarProblem> {
        let result: Result<RawDuration, SpeedateError>
        switch input {
        case .string(let text):
            result = withBytes(text) { bytes in Result { () throws(SpeedateError) in try parseDuration(bytes) } }
        case .int(let seconds):
            result = Result { () throws(SpeedateError) in try durationFromSeconds(Int64(seconds)) }
        case .bool(let flag):
            result = Result { () throws(SpeedateError) in try durationFromSeconds(flag ? 1 : 0) }
        case .double(let value):
            guard !value.isNaN else { return .failure(timeDeltaParsing("NaN values not permitted")) }
            result = Result { () throws(SpeedateError) in try durationFromFloatSeconds(value) }
        case .null, .other:
            return .failure(ScalarProblem(type: "time_delta_type", message: "Input should be a valid timedelta"))
        }
        switch result {
        case .success(let raw):
            let delta = raw.value
            // Python's timedelta stops at -999 999 999 days; pydantic raises OverflowError (a
            // server error in FastAPI) for e.g. "-P999999999DT1S". Refuse it as too long instead.
            guard delta.days >= -999_999_999 else {
                return .failure(timeDeltaParsing(SpeedateError.durationDaysTooLarge.documentation))
            }
            return .success(delta)
        case .failure(let error):
            return .failure(timeDeltaParsing(error.documentation))
        }
    }

    // MARK: - Validation over raw values

    /// The two kinds of refusal pydantic-core tells apart: only a parsing error is replaced when
    /// a datetime is retried as a date (or a date as a datetime).
    enum Failure: Error {
        case parsing(String)
        case type

        func problem(
            parsing type: String, _ prefix: String, type typeName: String, _ typeMessage: String
        ) -> ScalarProblem {
            switch self {
            case .parsing(let message): return .parsing(type, prefix, message)
            case .type: return ScalarProblem(type: typeName, message: typeMessage)
            }
        }
    }

    /// pydantic-core's `Input::validate_datetime` in lax mode, without the date fallback.
    static func rawDateTime(_ input: ScalarInput) -> Result<RawDateTime, Failure> {
        let result: Result<RawDateTime, SpeedateError>
        switch input {
        case .string(let text):
            result = withBytes(text) { bytes in Result { () throws(SpeedateError) in try parseDateTime(bytes) } }
        case .int(let timestamp):
            result = Result { () throws(SpeedateError) in try dateTimeFromTimestamp(Int64(timestamp), microsecond: 0) }
        case .double(let timestamp):
            guard !timestamp.isNaN else { return .failure(.parsing("NaN values not permitted")) }
            result = Result { () throws(SpeedateError) in try dateTimeFromFloat(timestamp) }
        case .bool, .null, .other:
            return .failure(.type)
        }
        return result.mapError { .parsing($0.documentation) }
    }

    /// pydantic-core's `Input::validate_date` in lax mode: only strings are parsed.
    static func rawDate(_ input: ScalarInput) -> Result<RawDate, Failure> {
        guard case .string(let text) = input else { return .failure(.type) }
        return withBytes(text) { bytes in Result { () throws(SpeedateError) in try parseDate(bytes) } }
            .mapError { .parsing($0.documentation) }
    }

    /// pydantic-core's `int_as_time`: seconds since midnight, UTC.
    static func timeFromSeconds(_ seconds: Int64, microsecond: UInt32) -> Result<TimeOfDay, ScalarProblem> {
        guard seconds >= 0 else { return .failure(timeParsing("time in seconds should be positive")) }
        let clamped = seconds > Int64(UInt32.max) ? UInt32.max : UInt32(seconds)
        do {
            return .success(try timeFromTimestamp(clamped, microsecond: microsecond, offset: 0).value)
        } catch {
            return .failure(timeParsing(error.documentation))
        }
    }

    static let yearZero = "year 0 is out of range"

    static func timeParsing(_ message: String) -> ScalarProblem {
        .parsing("time_parsing", "Input should be in a valid time format, ", message)
    }

    static func timeDeltaParsing(_ message: String) -> ScalarProblem {
        .parsing("time_delta_parsing", "Input should be a valid timedelta, ", message)
    }

    @inline(__always)
    static func withBytes<R>(_ text: String, _ body: (Bytes) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }
}

extension ScalarProblem {
    /// A `*_parsing` error: pydantic's message is its template with the parser's sentence, which
    /// `ctx.error` repeats.
    fileprivate static func parsing(_ type: String, _ prefix: String, _ error: String) -> ScalarProblem {
        ScalarProblem(type: type, message: prefix + error, context: [("error", .string(error))])
    }
}
