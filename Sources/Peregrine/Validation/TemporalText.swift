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

    // MARK: Formatters

    /// Python's `datetime.isoformat()`, what FastAPI's `jsonable_encoder` writes:
    /// `2026-12-01T10:00:00+00:00`, microseconds as six digits only when nonzero, no offset when
    /// naive.
    static func isoformat(_ value: DateTime) -> String {
        ascii(capacity: 40) { out in
            writeDate(value.date, to: &out)
            out.append(UInt8(ascii: "T"))
            writeClock(value.time, to: &out)
            if let offset = value.utcOffset { writePythonOffset(offset, to: &out) }
        }
    }

    /// Python's `date.isoformat()`, which is also pydantic's serialization: `2026-12-01`.
    static func isoformat(_ value: CalendarDate) -> String {
        ascii(capacity: 10) { out in writeDate(value, to: &out) }
    }

    /// Python's `time.isoformat()`: `08:15:30.500000+05:30`.
    static func isoformat(_ value: TimeOfDay) -> String {
        ascii(capacity: 30) { out in
            writeClock(value, to: &out)
            if let offset = value.utcOffset { writePythonOffset(offset, to: &out) }
        }
    }

    /// pydantic's JSON form of a datetime (speedate's `Display`): as `isoformat`
    /// except that offset zero is `Z` and an offset is written to the minute.
    static func serialized(_ value: DateTime) -> String {
        ascii(capacity: 32) { out in
            writeDate(value.date, to: &out)
            out.append(UInt8(ascii: "T"))
            writeClock(value.time, to: &out)
            if let offset = value.utcOffset { writeSpeedateOffset(offset, to: &out) }
        }
    }

    /// pydantic's JSON form of a date: `2026-12-01`.
    static func serialized(_ value: CalendarDate) -> String { isoformat(value) }

    /// pydantic's JSON form of a time: `08:15:30Z`, `08:15:30.500000+05:30`.
    static func serialized(_ value: TimeOfDay) -> String {
        ascii(capacity: 24) { out in
            writeClock(value, to: &out)
            if let offset = value.utcOffset { writeSpeedateOffset(offset, to: &out) }
        }
    }

    /// pydantic's JSON form of a timedelta, an ISO 8601 duration as speedate writes it: days
    /// beyond 365 as years (`P1Y1D` for 366 days), seconds as `H`, `M` and `S` with the fraction's
    /// trailing zeros trimmed, a leading `-` for a negative duration (`-PT1S`, not Python's
    /// `-1 day, 23:59:59`), and `PT0S` for zero.
    static func serialized(_ value: TimeDelta) -> String {
        // Python's (days, seconds, microseconds) to speedate's sign and magnitudes.
        var days = value.days
        var seconds = value.seconds
        var microseconds = value.microseconds
        let positive = days >= 0
        if !positive {
            if microseconds != 0 {
                seconds += 1
                microseconds = 1_000_000 - microseconds
            }
            if seconds != 0 {
                days += 1
                seconds = 86_400 - seconds
            }
            days = -days
        }
        if seconds == 86_400 {
            days += 1
            seconds = 0
        }
        var out = positive ? "P" : "-P"
        if days != 0 {
            if days / 365 != 0 { out += "\(days / 365)Y" }
            if days % 365 != 0 { out += "\(days % 365)D" }
        }
        if seconds != 0 || microseconds != 0 {
            out += "T"
            if seconds / 3600 != 0 { out += "\(seconds / 3600)H" }
            if seconds % 3600 / 60 != 0 { out += "\(seconds % 3600 / 60)M" }
            let second = seconds % 60
            if second != 0 || microseconds != 0 {
                out += "\(second)"
                if microseconds != 0 {
                    var digits = microseconds
                    var width = 6
                    while digits % 10 == 0 {
                        digits /= 10
                        width -= 1
                    }
                    let text = String(digits)
                    out += "." + String(repeating: "0", count: width - text.count) + text
                }
                out += "S"
            }
        }
        if days == 0 && seconds == 0 && microseconds == 0 { out += "T0S" }
        return out
    }

    /// FastAPI's `jsonable_encoder` form of a timedelta: Python's `total_seconds()`.
    static func totalSeconds(_ value: TimeDelta) -> Double { value.totalSeconds }

    // MARK: - Validation over raw values

    /// The two kinds of refusal pydantic-core tells apart: only a parsing error is replaced when
    /// a datetime is retried as a date (or a date as a datetime).
    private enum Failure: Error {
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
    private static func rawDateTime(_ input: ScalarInput) -> Result<RawDateTime, Failure> {
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
    private static func rawDate(_ input: ScalarInput) -> Result<RawDate, Failure> {
        guard case .string(let text) = input else { return .failure(.type) }
        return withBytes(text) { bytes in Result { () throws(SpeedateError) in try parseDate(bytes) } }
            .mapError { .parsing($0.documentation) }
    }

    /// pydantic-core's `int_as_time`: seconds since midnight, UTC.
    private static func timeFromSeconds(_ seconds: Int64, microsecond: UInt32) -> Result<TimeOfDay, ScalarProblem> {
        guard seconds >= 0 else { return .failure(timeParsing("time in seconds should be positive")) }
        let clamped = seconds > Int64(UInt32.max) ? UInt32.max : UInt32(seconds)
        do {
            return .success(try timeFromTimestamp(clamped, microsecond: microsecond, offset: 0).value)
        } catch {
            return .failure(timeParsing(error.documentation))
        }
    }

    private static let yearZero = "year 0 is out of range"

    private static func timeParsing(_ message: String) -> ScalarProblem {
        .parsing("time_parsing", "Input should be in a valid time format, ", message)
    }

    private static func timeDeltaParsing(_ message: String) -> ScalarProblem {
        .parsing("time_delta_parsing", "Input should be a valid timedelta, ", message)
    }

    @inline(__always)
    private static func withBytes<R>(_ text: String, _ body: (Bytes) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    // MARK: - The speedate port

    typealias Bytes = UnsafeBufferPointer<UInt8>

    struct RawDate {
        var year: UInt16  // 0 is parsed, and refused afterwards, as pydantic does
        var month: UInt8
        var day: UInt8
    }

    struct RawTime {
        var hour: UInt8
        var minute: UInt8
        var second: UInt8
        var microsecond: UInt32
        var offset: Int32?

        var value: TimeOfDay {
            TimeOfDay(
                uncheckedHour: Int(hour), minute: Int(minute), second: Int(second), microsecond: Int(microsecond),
                utcOffset: offset.map(Int.init))
        }
    }

    struct RawDateTime {
        var date: RawDate
        var time: RawTime

        var value: DateTime {
            DateTime(
                date: CalendarDate(uncheckedYear: Int(date.year), month: Int(date.month), day: Int(date.day)),
                time: time.value)
        }
    }

    struct RawDuration {
        var positive: Bool
        var day: UInt32
        var second: UInt32
        var microsecond: UInt32

        /// Python's `timedelta(days=±day, seconds=±second, microseconds=±microsecond)`.
        var value: TimeDelta {
            if positive {
                return TimeDelta(normalizedDays: Int(day), seconds: Int(second), microseconds: Int(microsecond))
            }
            let magnitude = Int128(day) * 86_400_000_000 + Int128(second) * 1_000_000 + Int128(microsecond)
            return TimeDelta(totalMicroseconds: -magnitude)
        }

        /// speedate's `Duration::normalize`.
        mutating func normalize() throws(SpeedateError) {
            if microsecond >= 1_000_000 {
                second = try checkedAdd(second, microsecond / 1_000_000)
                microsecond %= 1_000_000
            }
            if second >= 86_400 {
                day = try checkedAdd(day, second / 86_400)
                second %= 86_400
            }
            if day > 999_999_999 { throw .durationDaysTooLarge }
        }
    }

    /// speedate's `ParseError`; `documentation` is the sentence pydantic puts in `ctx.error`.
    enum SpeedateError: Error {
        case tooShort, extraCharacters, invalidCharDateTimeSep, invalidCharDateSep, dateNotExact
        case invalidCharYear, invalidCharMonth, invalidCharDay, invalidCharTimeSep, invalidCharHour
        case invalidCharMinute, invalidCharSecond, invalidCharTzSign, invalidCharTzHour, invalidCharTzMinute
        case outOfRangeTzMinute, outOfRangeTz, outOfRangeMonth, outOfRangeDay, outOfRangeHour
        case outOfRangeMinute, outOfRangeSecond, secondFractionMissing
        case durationInvalidNumber, durationTRepeated, durationInvalidFraction, durationInvalidTimeUnit
        case durationInvalidDateUnit, durationInvalidDays, durationValueTooLarge, durationHourValueTooLarge
        case durationDaysTooLarge, dateTooSmall, dateTooLarge, timeTooLarge

        var documentation: String {
            switch self {
            case .tooShort: return "input is too short"
            case .extraCharacters: return "unexpected extra characters at the end of the input"
            case .invalidCharDateTimeSep: return "invalid datetime separator, expected `T`, `t`, `_` or space"
            case .invalidCharDateSep: return "invalid date separator, expected `-`"
            case .dateNotExact: return "Timestamp is not an exact date"
            case .invalidCharYear: return "invalid character in year"
            case .invalidCharMonth: return "invalid character in month"
            case .invalidCharDay: return "invalid character in day"
            case .invalidCharTimeSep: return "invalid time separator, expected `:`"
            case .invalidCharHour: return "invalid character in hour"
            case .invalidCharMinute: return "invalid character in minute"
            case .invalidCharSecond: return "invalid character in second"
            case .invalidCharTzSign: return "invalid timezone sign"
            case .invalidCharTzHour: return "invalid timezone hour"
            case .invalidCharTzMinute: return "invalid timezone minute"
            case .outOfRangeTzMinute: return "timezone minute value is outside expected range of 0-59"
            case .outOfRangeTz: return "timezone offset must be less than 24 hours"
            case .outOfRangeMonth: return "month value is outside expected range of 1-12"
            case .outOfRangeDay: return "day value is outside expected range"
            case .outOfRangeHour: return "hour value is outside expected range of 0-23"
            case .outOfRangeMinute: return "minute value is outside expected range of 0-59"
            case .outOfRangeSecond: return "second value is outside expected range of 0-59"
            case .secondFractionMissing: return "second fraction digits missing after `.`"
            case .durationInvalidNumber: return "invalid digit in duration"
            case .durationTRepeated: return "`t` character repeated in duration"
            case .durationInvalidFraction: return "quantity fraction invalid in duration"
            case .durationInvalidTimeUnit: return "quantity invalid in time part of duration"
            case .durationInvalidDateUnit: return "quantity invalid in date part of duration"
            case .durationInvalidDays: return "\"day\" identifier in duration not correctly formatted"
            case .durationValueTooLarge: return "a numeric value in the duration is too large"
            case .durationHourValueTooLarge: return "durations may not exceed 999,999,999 hours"
            case .durationDaysTooLarge: return "durations may not exceed 999,999,999 days"
            case .dateTooSmall: return "dates before 0000 are not supported as unix timestamps"
            case .dateTooLarge: return "dates after 9999 are not supported as unix timestamps"
            case .timeTooLarge: return "numeric times may not exceed 86,399 seconds"
            }
        }
    }

    // 2e10: a timestamp of larger magnitude is in milliseconds.
    private static let millisecondWatershed: Int64 = 20_000_000_000
    // 9999-12-31T23:59:59 and 0000-01-01T00:00:00 as Unix timestamps.
    private static let unix9999: Int64 = 253_402_300_799
    private static let unix0000: Int64 = -62_167_219_200

    @inline(__always)
    private static func digit(_ bytes: Bytes, _ index: Int) -> UInt8? {
        guard index < bytes.count else { return nil }
        let value = bytes[index] &- UInt8(ascii: "0")
        return value < 10 ? value : nil
    }

    @inline(__always)
    private static func checkedAdd(_ a: UInt32, _ b: UInt32) throws(SpeedateError) -> UInt32 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { throw .durationValueTooLarge }
        return sum
    }

    @inline(__always)
    private static func checkedMultiply(_ a: UInt32, _ b: UInt32) throws(SpeedateError) -> UInt32 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow { throw .durationValueTooLarge }
        return product
    }

    // Rust's `as` casts from f64 saturate (and map NaN to 0) where Swift's conversions trap.
    @inline(__always)
    static func saturatingInt64(_ value: Double) -> Int64 {
        if value.isNaN { return 0 }
        if value >= 9_223_372_036_854_775_807.0 { return .max }
        if value <= -9_223_372_036_854_775_808.0 { return .min }
        return Int64(value)
    }

    @inline(__always)
    static func saturatingUInt32(_ value: Double) -> UInt32 {
        if value.isNaN || value <= 0 { return 0 }
        if value >= 4_294_967_295.0 { return .max }
        return UInt32(value)
    }

    @inline(__always)
    static func saturatingUInt64(_ value: Double) -> UInt64 {
        if value.isNaN || value <= 0 { return 0 }
        if value >= 18_446_744_073_709_551_615.0 { return .max }
        return UInt64(value)
    }

    /// Rust's `f64::fract`.
    @inline(__always)
    private static func fract(_ value: Double) -> Double { value - value.rounded(.towardZero) }

    // MARK: Numbers

    /// speedate's `int_parse_bytes`: an optional sign and ASCII digits, within 64 bits.
    /// On failure, the byte that stopped it (nil for empty input), which decides whether a float
    /// parse is tried.
    private static func parseInt(_ bytes: Bytes) -> Result<Int64, IntStop> {
        guard !bytes.isEmpty else { return .failure(IntStop(byte: nil)) }
        var index = 0
        var negative = false
        if bytes.count >= 2 && bytes[0] == UInt8(ascii: "-") {
            negative = true
            index = 1
        } else if bytes.count >= 2 && bytes[0] == UInt8(ascii: "+") {
            index = 1
        }
        // The magnitude is gathered unsigned so that -9223372036854775808 fits, as in speedate 0.18.
        var magnitude: UInt64 = 0
        let limit: UInt64 = negative ? 1 << 63 : UInt64(Int64.max)
        while index < bytes.count {
            let byte = bytes[index]
            let d = byte &- UInt8(ascii: "0")
            guard d < 10 else { return .failure(IntStop(byte: byte)) }
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(d))
            if o1 || o2 || sum > limit { return .failure(IntStop(byte: byte)) }
            magnitude = sum
            index += 1
        }
        return .success(negative ? Int64(bitPattern: 0 &- magnitude) : Int64(magnitude))
    }

    private struct IntStop: Error { let byte: UInt8? }

    private enum IntOrFloat {
        case int(Int64)
        case float(Double)
        case invalid
    }

    /// speedate's `float_parse_bytes`: an integer, or, when the integer parse stopped at a `.`,
    /// a float in the `lexical` crate's standard grammar `[+-]digits*.digits*[(e|E)[+-]digits+]`
    /// with at least one digit in the mantissa.
    private static func parseNumber(_ bytes: Bytes) -> IntOrFloat {
        switch parseInt(bytes) {
        case .success(let value):
            return .int(value)
        case .failure(let stop) where stop.byte == UInt8(ascii: "."):
            var index = 0
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            var mantissaDigits = 0
            while digit(bytes, index) != nil {
                index += 1
                mantissaDigits += 1
            }
            if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
                index += 1
                while digit(bytes, index) != nil {
                    index += 1
                    mantissaDigits += 1
                }
            }
            guard mantissaDigits > 0 else { return .invalid }
            if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
                index += 1
                if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                    index += 1
                }
                var exponentDigits = 0
                while digit(bytes, index) != nil {
                    index += 1
                    exponentDigits += 1
                }
                guard exponentDigits > 0 else { return .invalid }
            }
            guard index == bytes.count else { return .invalid }
            // The grammar is a subset of strtod's; its conversion is correctly rounded, like lexical's.
            guard let value = Double(String(decoding: bytes, as: UTF8.self)) else { return .invalid }
            return .float(value)
        case .failure:
            return .invalid
        }
    }

    // MARK: Dates

    /// speedate's `Date::parse_bytes_partial`: `YYYY-MM-DD` at the start, anything after.
    private static func parseDatePrefix(_ bytes: Bytes) throws(SpeedateError) -> RawDate {
        guard bytes.count >= 10 else { throw .tooShort }
        guard let y1 = digit(bytes, 0), let y2 = digit(bytes, 1), let y3 = digit(bytes, 2), let y4 = digit(bytes, 3)
        else { throw .invalidCharYear }
        let year = UInt16(y1) * 1000 + UInt16(y2) * 100 + UInt16(y3) * 10 + UInt16(y4)
        guard bytes[4] == UInt8(ascii: "-") else { throw .invalidCharDateSep }
        guard let m1 = digit(bytes, 5), let m2 = digit(bytes, 6) else { throw .invalidCharMonth }
        let month = m1 * 10 + m2
        guard bytes[7] == UInt8(ascii: "-") else { throw .invalidCharDateSep }
        guard let d1 = digit(bytes, 8), let d2 = digit(bytes, 9) else { throw .invalidCharDay }
        let day = d1 * 10 + d2
        let maxDays: UInt8
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: maxDays = 31
        case 4, 6, 9, 11: maxDays = 30
        case 2: maxDays = isLeapYear(year) ? 29 : 28
        default: throw .outOfRangeMonth
        }
        guard day >= 1 && day <= maxDays else { throw .outOfRangeDay }
        return RawDate(year: year, month: month, day: day)
    }

    @inline(__always)
    private static func isLeapYear(_ year: UInt16) -> Bool {
        year % 100 == 0 ? year % 400 == 0 : year % 4 == 0
    }

    /// speedate's `Date::parse_bytes_with_config`: `YYYY-MM-DD` exactly, or an integer timestamp
    /// at exactly midnight UTC.
    private static func parseDate(_ bytes: Bytes) throws(SpeedateError) -> RawDate {
        do throws(SpeedateError) {
            let date = try parseDatePrefix(bytes)
            if bytes.count > 10 { throw SpeedateError.extraCharacters }
            return date
        } catch {
            guard case .success(let timestamp) = parseInt(bytes) else { throw error }
            let (seconds, microsecond) = try watershed(timestamp)
            let (date, remaining) = try dateFromUnixSeconds(seconds)
            if remaining != 0 || microsecond != 0 { throw .dateNotExact }
            return date
        }
    }

    /// speedate's `timestamp_watershed`: beyond ±2e10 the number is milliseconds.
    private static func watershed(_ timestamp: Int64) throws(SpeedateError) -> (Int64, UInt32) {
        guard timestamp != .min else { throw .dateTooSmall }
        if abs(timestamp) <= millisecondWatershed { return (timestamp, 0) }
        var seconds = timestamp / 1_000
        var microsecond = Int32(timestamp % 1_000) * 1_000
        if microsecond < 0 {
            seconds -= 1
            microsecond += 1_000_000
        }
        return (seconds, UInt32(microsecond))
    }

    /// speedate's `Date::from_timestamp_calc`: the UTC date of a Unix second, and the seconds
    /// into that day.
    private static func dateFromUnixSeconds(_ timestamp: Int64) throws(SpeedateError) -> (RawDate, UInt32) {
        guard timestamp >= unix0000 else { throw .dateTooSmall }
        guard timestamp <= unix9999 else { throw .dateTooLarge }
        let days = (timestamp - unix0000) / 86_400
        let years = days / 365
        var ordinalDay = Int(days % 365 - interveningLeapYears(years) + 1)
        var year = UInt16(years)
        var leap = isLeapYear(year)
        while ordinalDay < 1 {
            year -= 1
            leap = isLeapYear(year)
            ordinalDay += leap ? 366 : 365
        }
        let cumulative = leap ? leapCumulativeDays : commonCumulativeDays
        var month = 12
        while cumulative[month - 1] >= ordinalDay { month -= 1 }
        let date = RawDate(year: year, month: UInt8(month), day: UInt8(ordinalDay - cumulative[month - 1]))
        let remaining = timestamp % 86_400
        return (date, UInt32(remaining < 0 ? remaining + 86_400 : remaining))
    }

    private static let commonCumulativeDays = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
    private static let leapCumulativeDays = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335]

    private static func interveningLeapYears(_ years: Int64) -> Int64 {
        years == 0 ? 0 : (years - 1) / 4 - (years - 1) / 100 + (years - 1) / 400 + 1
    }

    // MARK: Times

    /// speedate's `PureTime::parse`: `HH:MM[:SS[.f…]]` at `offset`; the time and the index after it.
    @inline(__always)
    private static func parseClock(_ bytes: Bytes, at offset: Int) throws(SpeedateError) -> (RawTime, Int) {
        guard bytes.count - offset >= 5 else { throw .tooShort }
        guard let h1 = digit(bytes, offset), let h2 = digit(bytes, offset + 1) else { throw .invalidCharHour }
        guard bytes[offset + 2] == UInt8(ascii: ":") else { throw .invalidCharTimeSep }
        guard let n1 = digit(bytes, offset + 3), let n2 = digit(bytes, offset + 4) else { throw .invalidCharMinute }
        let hour = h1 * 10 + h2
        let minute = n1 * 10 + n2
        guard hour <= 23 else { throw .outOfRangeHour }
        guard minute <= 59 else { throw .outOfRangeMinute }
        var position = offset + 5
        var second: UInt8 = 0
        var microsecond: UInt32 = 0
        if position < bytes.count && bytes[position] == UInt8(ascii: ":") {
            guard let s1 = digit(bytes, offset + 6), let s2 = digit(bytes, offset + 7) else { throw .invalidCharSecond }
            second = s1 * 10 + s2
            guard second <= 59 else { throw .outOfRangeSecond }
            position = offset + 8
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") || bytes[position] == UInt8(ascii: ",") {
                position += 1
                var count = 0
                // Digits beyond the sixth are dropped (pydantic's default `truncate`), not rounded.
                while let d = digit(bytes, position + count) {
                    if count < 6 { microsecond = microsecond * 10 + UInt32(d) }
                    count += 1
                }
                guard count > 0 else { throw .secondFractionMissing }
                for _ in min(count, 6)..<6 { microsecond *= 10 }
                position += count
            }
        }
        return (RawTime(hour: hour, minute: minute, second: second, microsecond: microsecond, offset: nil), position)
    }

    /// speedate's `Time::parse_bytes_offset`: a time at `offset`, an optional `Z`/`z` or
    /// `±HH[:]MM` (or U+2212 minus), and nothing after.
    private static func parseTime(_ bytes: Bytes, at offset: Int) throws(SpeedateError) -> RawTime {
        var (time, position) = try parseClock(bytes, at: offset)
        var utcOffset: Int32?
        if position < bytes.count {
            let next = bytes[position]
            position += 1
            if next == UInt8(ascii: "Z") || next == UInt8(ascii: "z") {
                utcOffset = 0
            } else {
                let sign: Int32
                switch next {
                case UInt8(ascii: "+"): sign = 1
                case UInt8(ascii: "-"): sign = -1
                case 0xE2:  // U+2212 MINUS SIGN is E2 88 92
                    guard position + 1 < bytes.count, bytes[position] == 0x88, bytes[position + 1] == 0x92 else {
                        throw .invalidCharTzSign
                    }
                    position += 2
                    sign = -1
                default: throw .invalidCharTzSign
                }
                guard let t1 = digit(bytes, position), let t2 = digit(bytes, position + 1) else {
                    throw .invalidCharTzHour
                }
                let m1: UInt8
                if position + 2 < bytes.count && bytes[position + 2] == UInt8(ascii: ":") {
                    position += 3
                    guard let d = digit(bytes, position) else { throw .invalidCharTzMinute }
                    m1 = d
                } else if let d = digit(bytes, position + 2) {
                    position += 2
                    m1 = d
                } else {
                    throw .invalidCharTzMinute
                }
                guard let m2 = digit(bytes, position + 1) else { throw .invalidCharTzMinute }
                let minuteSeconds = Int32(m1) * 600 + Int32(m2) * 60
                guard minuteSeconds < 3600 else { throw .outOfRangeTzMinute }
                let value = sign * (Int32(t1) * 36_000 + Int32(t2) * 3_600 + minuteSeconds)
                guard abs(value) < 86_400 else { throw .outOfRangeTz }
                utcOffset = value
                position += 2
            }
        }
        guard bytes.count <= position else { throw .extraCharacters }
        time.offset = utcOffset
        return time
    }

    /// speedate's `Time::from_timestamp_with_config`.
    private static func timeFromTimestamp(
        _ seconds: UInt32, microsecond: UInt32, offset: Int32?
    ) throws(SpeedateError) -> RawTime {
        var second = seconds
        var microsecond = microsecond
        if microsecond >= 1_000_000 {
            let (sum, overflow) = second.addingReportingOverflow(microsecond / 1_000_000)
            if overflow { throw .timeTooLarge }
            second = sum
            microsecond %= 1_000_000
        }
        guard second < 86_400 else { throw .timeTooLarge }
        return RawTime(
            hour: UInt8(second / 3600), minute: UInt8(second % 3600 / 60), second: UInt8(second % 60),
            microsecond: microsecond, offset: offset)
    }

    // MARK: Datetimes

    /// The RFC 3339 part of speedate's datetime parse: a date, a separator, a time.
    @inline(__always)
    private static func parseRFC3339(_ bytes: Bytes) throws(SpeedateError) -> RawDateTime {
        let date = try parseDatePrefix(bytes)
        guard bytes.count > 10 else { throw SpeedateError.invalidCharDateTimeSep }
        switch bytes[10] {
        case UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " "), UInt8(ascii: "_"): break
        default: throw SpeedateError.invalidCharDateTimeSep
        }
        return RawDateTime(date: date, time: try parseTime(bytes, at: 11))
    }

    /// A datetime in the RFC 3339 spelling nearly every client sends, read without the
    /// fallbacks' bookkeeping; nil for anything else, which ``dateTime(_:)`` reads by pydantic's
    /// whole rules, with their errors. The two always agree on what this accepts.
    static func commonDateTime(_ text: String) -> DateTime? {
        let raw = text.utf8.withContiguousStorageIfAvailable { bytes -> RawDateTime? in
            try? parseRFC3339(bytes)
        }
        guard let raw = raw ?? nil, raw.date.year != 0 else { return nil }
        return raw.value
    }

    /// speedate's `DateTime::parse_bytes_with_config`: RFC 3339, else a numeric timestamp.
    private static func parseDateTime(_ bytes: Bytes) throws(SpeedateError) -> RawDateTime {
        do throws(SpeedateError) {
            return try parseRFC3339(bytes)
        } catch {
            switch parseNumber(bytes) {
            case .int(let timestamp):
                return try dateTimeFromTimestamp(timestamp, microsecond: 0)
            case .float(let timestamp):
                return try dateTimeFromFloat(timestamp)
            case .invalid:
                throw error
            }
        }
    }

    /// How `dateTimeFromTimestamp` reads its integer.
    private enum TimestampUnit {
        /// Seconds, or milliseconds beyond ±2e10 (speedate's default, `timestamp_watershed`).
        case infer
        case second
        case millisecond
    }

    /// speedate's `DateTime::from_timestamp_with_config` (UTC).
    private static func dateTimeFromTimestamp(
        _ timestamp: Int64, microsecond: UInt32, unit: TimestampUnit = .infer
    ) throws(SpeedateError) -> RawDateTime {
        var second: Int64
        var extra: UInt32
        switch unit {
        case .infer:
            (second, extra) = try watershed(timestamp)
        case .second:
            (second, extra) = (timestamp, 0)
        case .millisecond:
            second = timestamp / 1_000
            var remainder = Int32(timestamp % 1_000) * 1_000
            if remainder < 0 {
                second -= 1
                remainder += 1_000_000
            }
            extra = UInt32(remainder)
        }
        var (total, overflow) = microsecond.addingReportingOverflow(extra)
        if overflow { throw .timeTooLarge }
        if total >= 1_000_000 {
            (second, overflow) = second.addingReportingOverflow(Int64(total / 1_000_000))
            if overflow { throw .timeTooLarge }
            total %= 1_000_000
        }
        let (date, timeSecond) = try dateFromUnixSeconds(second)
        return RawDateTime(date: date, time: try timeFromTimestamp(timeSecond, microsecond: total, offset: 0))
    }

    /// speedate 0.18's float timestamp: seconds, or milliseconds beyond ±2e10 judged on the float
    /// itself; the whole part is `floor`, and the (non-negative) fraction is rounded to the
    /// microsecond, so -1.5 is 1.5 seconds before the epoch.
    private static func dateTimeFromFloat(_ timestamp: Double) throws(SpeedateError) -> RawDateTime {
        let inMilliseconds = abs(timestamp) > Double(millisecondWatershed)
        let whole = timestamp.rounded(.down)
        let microsecond = (timestamp - whole) * (inMilliseconds ? 1_000 : 1_000_000)
        return try dateTimeFromTimestamp(
            saturatingInt64(whole), microsecond: saturatingUInt32(microsecond.rounded()),
            unit: inMilliseconds ? .millisecond : .second)
    }

    // MARK: Durations

    /// pydantic-core's `int_as_duration`.
    private static func durationFromSeconds(_ seconds: Int64) throws(SpeedateError) -> RawDuration {
        let magnitude = seconds.magnitude
        guard magnitude / 86_400 <= 999_999_999 else { throw .durationDaysTooLarge }
        return RawDuration(
            positive: seconds >= 0, day: UInt32(magnitude / 86_400), second: UInt32(magnitude % 86_400), microsecond: 0)
    }

    /// pydantic-core's `float_as_duration`.
    private static func durationFromFloatSeconds(_ seconds: Double) throws(SpeedateError) -> RawDuration {
        let magnitude = abs(seconds)
        var duration = RawDuration(
            positive: seconds >= 0,
            day: saturatingUInt32(magnitude / 86_400),
            second: UInt32(saturatingUInt64(magnitude) % 86_400),
            microsecond: saturatingUInt32((fract(magnitude) * 1_000_000).rounded()))
        try duration.normalize()
        return duration
    }

    /// speedate's `Duration::parse_bytes_with_config`.
    private static func parseDuration(_ whole: Bytes) throws(SpeedateError) -> RawDuration {
        var bytes = whole
        var positive = true
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            positive = first == UInt8(ascii: "+")
            bytes = Bytes(rebasing: bytes.dropFirst())
        }
        var duration: RawDuration
        if bytes.isEmpty {
            throw .tooShort
        } else if bytes[0] == UInt8(ascii: "P") {
            duration = try parseISODuration(Bytes(rebasing: bytes.dropFirst()))
        } else if bytes.contains(UInt8(ascii: "d")) || bytes.contains(UInt8(ascii: "D")) || bytes.count < 5 {
            duration = try parseDaysTime(bytes)
        } else {
            duration = try parseDurationTime(bytes)
        }
        duration.positive = positive
        try duration.normalize()
        return duration
    }

    /// A run of digits as a `u32` (speedate's `parse_number`), from `start`; the end index.
    private static func parseDurationNumber(_ bytes: Bytes, from start: Int) throws(SpeedateError) -> (UInt32, Int) {
        guard let first = digit(bytes, start) else { throw .durationInvalidNumber }
        var value = UInt32(first)
        var position = start + 1
        while let d = digit(bytes, position) {
            value = try checkedAdd(try checkedMultiply(value, 10), UInt32(d))
            position += 1
        }
        return (value, position)
    }

    /// speedate's `parse_iso_duration`, after the `P`.
    private static func parseISODuration(_ bytes: Bytes) throws(SpeedateError) -> RawDuration {
        var gotT = false
        var lastHadFraction = false
        var position = 0
        var day: UInt32 = 0
        var second: UInt32 = 0
        var microsecond: UInt32 = 0
        while position < bytes.count {
            if bytes[position] == UInt8(ascii: "T") {
                if gotT { throw .durationTRepeated }
                gotT = true
            } else {
                var (value, end) = try parseDurationNumber(bytes, from: position)
                var fraction: Double?
                if end < bytes.count && (bytes[end] == UInt8(ascii: ".") || bytes[end] == UInt8(ascii: ",")) {
                    var decimal = 0.0
                    var denominator = 1.0
                    end += 1
                    while let d = digit(bytes, end) {
                        decimal = decimal * 10 + Double(d)
                        denominator *= 10
                        end += 1
                    }
                    fraction = decimal / denominator
                }
                if lastHadFraction { throw .durationInvalidFraction }
                if fraction != nil { lastHadFraction = true }
                position = end
                let unit = position < bytes.count ? bytes[position] : 0
                if gotT {
                    let multiplier: UInt32
                    switch unit {
                    case UInt8(ascii: "H"): multiplier = 3600
                    case UInt8(ascii: "M"): multiplier = 60
                    case UInt8(ascii: "S"): multiplier = 1
                    default: throw .durationInvalidTimeUnit
                    }
                    second = try checkedAdd(second, try checkedMultiply(multiplier, value))
                    if let fraction {
                        let extraSeconds = fraction * Double(multiplier)
                        let extraWhole = extraSeconds.rounded(.towardZero)
                        second = try checkedAdd(second, saturatingUInt32(extraWhole))
                        microsecond = try checkedAdd(
                            microsecond, saturatingUInt32(((extraSeconds - extraWhole) * 1_000_000).rounded()))
                    }
                } else {
                    let multiplier: UInt32
                    switch unit {
                    case UInt8(ascii: "Y"): multiplier = 365
                    case UInt8(ascii: "M"): multiplier = 30
                    case UInt8(ascii: "W"): multiplier = 7
                    case UInt8(ascii: "D"): multiplier = 1
                    default: throw .durationInvalidDateUnit
                    }
                    value = try checkedMultiply(value, multiplier)
                    day = try checkedAdd(day, value)
                    if let fraction {
                        let extraDays = fraction * Double(multiplier)
                        let extraWholeDays = extraDays.rounded(.towardZero)
                        day = try checkedAdd(day, saturatingUInt32(extraWholeDays))
                        let extraSeconds = (extraDays - extraWholeDays) * 86_400
                        let extraWholeSeconds = extraSeconds.rounded(.towardZero)
                        second = try checkedAdd(second, saturatingUInt32(extraWholeSeconds))
                        microsecond &+= saturatingUInt32(((extraSeconds - extraWholeSeconds) * 1_000_000).rounded())
                    }
                }
            }
            position += 1
        }
        guard position >= 2 else { throw .tooShort }
        return RawDuration(positive: true, day: day, second: second, microsecond: microsecond)
    }

    /// speedate's `parse_days_time`: `D[ ]d[ay[s]][,][ ][time]`.
    private static func parseDaysTime(_ bytes: Bytes) throws(SpeedateError) -> RawDuration {
        guard !bytes.isEmpty else { throw .tooShort }
        let (day, end) = try parseDurationNumber(bytes, from: 0)
        var position = end
        if position < bytes.count && bytes[position] == UInt8(ascii: " ") { position += 1 }
        guard position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "d") else {
            throw .durationInvalidDays
        }
        position += 1
        func matches(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[position + offset] != text.utf8Start[offset] { return false }
            return true
        }
        if matches("ays") || matches("AYS") {
            position += 3
        } else if matches("ay") || matches("AY") {
            position += 2
        } else if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "a") {
            throw .durationInvalidDays
        }
        if matches(", ") {
            position += 2
        } else if matches(",") || matches(" ") {
            position += 1
        }
        if position == bytes.count {
            return RawDuration(positive: true, day: day, second: 0, microsecond: 0)
        }
        let time = try parseDurationTime(Bytes(rebasing: bytes[position...]))
        if time.day > 0 { throw .durationHourValueTooLarge }
        return RawDuration(positive: true, day: day, second: time.second, microsecond: time.microsecond)
    }

    /// speedate's duration `parse_time`: `H…H:MM[:SS[.ffffff]]`, any number of hours.
    private static func parseDurationTime(_ bytes: Bytes) throws(SpeedateError) -> RawDuration {
        guard bytes.count >= 5 else { throw .tooShort }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { throw .invalidCharHour }
        guard colon <= 10 else { throw .durationHourValueTooLarge }
        var hour: Int64 = 0
        for index in 0..<colon {
            guard let d = digit(bytes, index) else { throw .invalidCharHour }
            hour = hour * 10 + Int64(d)
        }
        guard hour <= 2_400_000_000 else { throw .durationHourValueTooLarge }
        // speedate parses "00:" + the rest as a time, truncated to "00:MM:SS.ffffff" (15 bytes),
        // which drops anything past the sixth fractional digit, valid or not.
        var scratch: (UInt64, UInt64) = (0, 0)
        let parsed = withUnsafeMutableBytes(of: &scratch) { raw -> Result<RawTime, SpeedateError> in
            let buffer = raw.bindMemory(to: UInt8.self)
            buffer[0] = UInt8(ascii: "0")
            buffer[1] = UInt8(ascii: "0")
            buffer[2] = UInt8(ascii: ":")
            let restCount = min(bytes.count - colon - 1, 12)
            for index in 0..<restCount { buffer[3 + index] = bytes[colon + 1 + index] }
            let text = Bytes(rebasing: buffer[0..<(3 + restCount)])
            return Result { () throws(SpeedateError) in
                let (time, end) = try parseClock(text, at: 0)
                guard end == text.count else { throw .extraCharacters }
                return time
            }
        }
        let time = try parsed.get()
        return RawDuration(
            positive: true, day: UInt32(hour / 24),
            second: UInt32(time.minute) * 60 + UInt32(time.second) + UInt32(hour % 24) * 3600,
            microsecond: time.microsecond)
    }

    // MARK: - Writing

    private static func ascii(capacity: Int, _ body: (inout OutputBuffer) -> Void) -> String {
        String(unsafeUninitializedCapacity: capacity) { buffer in
            var out = OutputBuffer(base: buffer)
            body(&out)
            return out.count
        }
    }

    struct OutputBuffer {
        let base: UnsafeMutableBufferPointer<UInt8>
        var count = 0

        @inline(__always)
        mutating func append(_ byte: UInt8) {
            base[count] = byte
            count += 1
        }

        @inline(__always)
        mutating func append(_ value: Int, width: Int) {
            var value = value
            var index = count + width - 1
            while index >= count {
                base[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
                index -= 1
            }
            count += width
        }
    }

    private static func writeDate(_ date: CalendarDate, to out: inout OutputBuffer) {
        out.append(date.year, width: 4)
        out.append(UInt8(ascii: "-"))
        out.append(date.month, width: 2)
        out.append(UInt8(ascii: "-"))
        out.append(date.day, width: 2)
    }

    private static func writeClock(_ time: TimeOfDay, to out: inout OutputBuffer) {
        out.append(time.hour, width: 2)
        out.append(UInt8(ascii: ":"))
        out.append(time.minute, width: 2)
        out.append(UInt8(ascii: ":"))
        out.append(time.second, width: 2)
        if time.microsecond != 0 {
            out.append(UInt8(ascii: "."))
            out.append(time.microsecond, width: 6)
        }
    }

    /// Python's `_format_offset`: `±HH:MM`, and `:SS` when the offset has seconds.
    private static func writePythonOffset(_ offset: Int, to out: inout OutputBuffer) {
        out.append(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let magnitude = abs(offset)
        out.append(magnitude / 3600, width: 2)
        out.append(UInt8(ascii: ":"))
        out.append(magnitude / 60 % 60, width: 2)
        if magnitude % 60 != 0 {
            out.append(UInt8(ascii: ":"))
            out.append(magnitude % 60, width: 2)
        }
    }

    /// speedate's offset: `Z` for zero, else `±HH:MM` with any seconds dropped.
    private static func writeSpeedateOffset(_ offset: Int, to out: inout OutputBuffer) {
        if offset == 0 {
            out.append(UInt8(ascii: "Z"))
            return
        }
        out.append(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let minutes = abs(offset) / 60
        out.append(minutes / 60, width: 2)
        out.append(UInt8(ascii: ":"))
        out.append(minutes % 60, width: 2)
    }
}

extension ScalarProblem {
    /// A `*_parsing` error: pydantic's message is its template with the parser's sentence, which
    /// `ctx.error` repeats.
    fileprivate static func parsing(_ type: String, _ prefix: String, _ error: String) -> ScalarProblem {
        ScalarProblem(type: type, message: prefix + error, context: [("error", .string(error))])
    }
}
