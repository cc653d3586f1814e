// pydantic-core reads dates and times with the speedate crate; this is its port: the raw values
// it produces, its errors (whose sentences pydantic puts in `ctx.error`) and its number reading.
// Dates and times, datetimes and durations are read in the files named after them.

extension TemporalText {
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
    static let millisecondWatershed: Int64 = 20_000_000_000
    // 9999-12-31T23:59:59 and 0000-01-01T00:00:00 as Unix timestamps.
    static let unix9999: Int64 = 253_402_300_799
    static let unix0000: Int64 = -62_167_219_200

    @inline(__always)
    static func digit(_ bytes: Bytes, _ index: Int) -> UInt8? {
        guard index < bytes.count else { return nil }
        let value = bytes[index] &- UInt8(ascii: "0")
        return value < 10 ? value : nil
    }

    @inline(__always)
    static func checkedAdd(_ a: UInt32, _ b: UInt32) throws(SpeedateError) -> UInt32 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { throw .durationValueTooLarge }
        return sum
    }

    @inline(__always)
    static func checkedMultiply(_ a: UInt32, _ b: UInt32) throws(SpeedateError) -> UInt32 {
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
    static func fract(_ value: Double) -> Double { value - value.rounded(.towardZero) }

    // MARK: Numbers

    /// speedate's `int_parse_bytes`: an optional sign and ASCII digits, within 64 bits.
    /// On failure, the byte that stopped it (nil for empty input), which decides whether a float
    /// parse is tried.
    static func parseInt(_ bytes: Bytes) -> Result<Int64, IntStop> {
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

    struct IntStop: Error { let byte: UInt8? }

    enum IntOrFloat {
        case int(Int64)
        case float(Double)
        case invalid
    }

    /// speedate's `float_parse_bytes`: an integer, or, when the integer parse stopped at a `.`,
    /// a float in the `lexical` crate's standard grammar `[+-]digits*.digits*[(e|E)[+-]digits+]`
    /// with at least one digit in the mantissa.
    static func parseNumber(_ bytes: Bytes) -> IntOrFloat {
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
}
