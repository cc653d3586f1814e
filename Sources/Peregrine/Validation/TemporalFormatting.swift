import Foundation

// The two ways a FastAPI service writes dates, times and durations: `isoformat()` (FastAPI's
// `jsonable_encoder`) and pydantic's JSON serialization, written into a fixed-size ASCII buffer.

extension TemporalText {
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


    // MARK: - Writing

    static func ascii(capacity: Int, _ body: (inout OutputBuffer) -> Void) -> String {
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

    static func writeDate(_ date: CalendarDate, to out: inout OutputBuffer) {
        out.append(date.year, width: 4)
        out.append(UInt8(ascii: "-"))
        out.append(date.month, width: 2)
        out.append(UInt8(ascii: "-"))
        out.append(date.day, width: 2)
    }

    static func writeClock(_ time: TimeOfDay, to out: inout OutputBuffer) {
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
    static func writePythonOffset(_ offset: Int, to out: inout OutputBuffer) {
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
    static func writeSpeedateOffset(_ offset: Int, to out: inout OutputBuffer) {
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
