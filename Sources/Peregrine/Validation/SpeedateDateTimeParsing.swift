// speedate's dates, times and datetimes, from text or from Unix timestamps.

extension TemporalText {
    // MARK: Dates

    /// speedate's `Date::parse_bytes_partial`: `YYYY-MM-DD` at the start, anything after.
    static func parseDatePrefix(_ bytes: Bytes) throws(SpeedateError) -> RawDate {
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
    static func isLeapYear(_ year: UInt16) -> Bool {
        year % 100 == 0 ? year % 400 == 0 : year % 4 == 0
    }

    /// speedate's `Date::parse_bytes_with_config`: `YYYY-MM-DD` exactly, or an integer timestamp
    /// at exactly midnight UTC.
    static func parseDate(_ bytes: Bytes) throws(SpeedateError) -> RawDate {
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
    static func watershed(_ timestamp: Int64) throws(SpeedateError) -> (Int64, UInt32) {
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
    static func dateFromUnixSeconds(_ timestamp: Int64) throws(SpeedateError) -> (RawDate, UInt32) {
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

    static let commonCumulativeDays = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
    static let leapCumulativeDays = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335]

    static func interveningLeapYears(_ years: Int64) -> Int64 {
        years == 0 ? 0 : (years - 1) / 4 - (years - 1) / 100 + (years - 1) / 400 + 1
    }

    // MARK: Times

    /// speedate's `PureTime::parse`: `HH:MM[:SS[.f…]]` at `offset`; the time and the index after it.
    @inline(__always)
    static func parseClock(_ bytes: Bytes, at offset: Int) throws(SpeedateError) -> (RawTime, Int) {
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
    static func parseTime(_ bytes: Bytes, at offset: Int) throws(SpeedateError) -> RawTime {
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
    static func timeFromTimestamp(
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
    static func parseRFC3339(_ bytes: Bytes) throws(SpeedateError) -> RawDateTime {
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
    static func parseDateTime(_ bytes: Bytes) throws(SpeedateError) -> RawDateTime {
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
    enum TimestampUnit {
        /// Seconds, or milliseconds beyond ±2e10 (speedate's default, `timestamp_watershed`).
        case infer
        case second
        case millisecond
    }

    /// speedate's `DateTime::from_timestamp_with_config` (UTC).
    static func dateTimeFromTimestamp(
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
    static func dateTimeFromFloat(_ timestamp: Double) throws(SpeedateError) -> RawDateTime {
        let inMilliseconds = abs(timestamp) > Double(millisecondWatershed)
        let whole = timestamp.rounded(.down)
        let microsecond = (timestamp - whole) * (inMilliseconds ? 1_000 : 1_000_000)
        return try dateTimeFromTimestamp(
            saturatingInt64(whole), microsecond: saturatingUInt32(microsecond.rounded()),
            unit: inMilliseconds ? .millisecond : .second)
    }
}
