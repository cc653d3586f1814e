// speedate's durations: ISO 8601 (`P1DT2H`), `[-][D day[s], ]HH:MM:SS[.f]`, and numbers of seconds.

extension TemporalText {
    // MARK: Durations

    /// pydantic-core's `int_as_duration`.
    static func durationFromSeconds(_ seconds: Int64) throws(SpeedateError) -> RawDuration {
        let magnitude = seconds.magnitude
        guard magnitude / 86_400 <= 999_999_999 else { throw .durationDaysTooLarge }
        return RawDuration(
            positive: seconds >= 0, day: UInt32(magnitude / 86_400), second: UInt32(magnitude % 86_400), microsecond: 0)
    }

    /// pydantic-core's `float_as_duration`.
    static func durationFromFloatSeconds(_ seconds: Double) throws(SpeedateError) -> RawDuration {
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
    static func parseDuration(_ whole: Bytes) throws(SpeedateError) -> RawDuration {
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
    static func parseDurationNumber(_ bytes: Bytes, from start: Int) throws(SpeedateError) -> (UInt32, Int) {
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
    static func parseISODuration(_ bytes: Bytes) throws(SpeedateError) -> RawDuration {
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
    static func parseDaysTime(_ bytes: Bytes) throws(SpeedateError) -> RawDuration {
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
    static func parseDurationTime(_ bytes: Bytes) throws(SpeedateError) -> RawDuration {
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
}
