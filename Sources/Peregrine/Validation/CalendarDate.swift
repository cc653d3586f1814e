import Foundation

// CalendarDate, TimeOfDay, DateTime and TimeDelta are the value types for the four temporal
// types a FastAPI model can declare: `date`, `time`, `datetime` and `timedelta`. They mirror Python's semantics (ranges, normalization, arithmetic) rather than
// Foundation's, because a request that pydantic accepts must be accepted here with the same value,
// and the value must print back the way pydantic and FastAPI print it. Foundation-only on purpose.

/// A day of the proleptic Gregorian calendar in years 1 through 9999: Python's `datetime.date`.
///
/// Foundation's `Date` is an instant, so it cannot stand for "the first of December" without
/// choosing a time zone, and a round trip through one can move the day. A date field in a
/// request is a calendar day, and pydantic keeps it as one; so does this type. The year range is
/// Python's (`date.min` … `date.max`): pydantic refuses year 0, and so does ``init(year:month:day:)``.
public struct CalendarDate: Sendable, Hashable, Comparable {
    // Stored narrow, so that a date is four bytes to copy through validation.
    private let storedYear: UInt16
    private let storedMonth: UInt8
    private let storedDay: UInt8

    /// The year, 1 through 9999.
    public var year: Int { Int(storedYear) }
    /// The month, 1 (January) through 12.
    public var month: Int { Int(storedMonth) }
    /// The day of the month, 1 through 28, 29, 30 or 31.
    public var day: Int { Int(storedDay) }

    /// A date, or nil when the three numbers do not name a day of years 1 through 9999 (a 30th of
    /// February, a 13th month, year 0), where Python's `date(...)` would raise `ValueError`.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= CalendarDate.daysInMonth(month, year: year)
        else { return nil }
        self.init(uncheckedYear: year, month: month, day: day)
    }

    init(uncheckedYear year: Int, month: Int, day: Int) {
        storedYear = UInt16(year)
        storedMonth = UInt8(month)
        storedDay = UInt8(day)
    }

    /// The ISO day of the week, 1 for Monday through 7 for Sunday, as Python's `isoweekday()`:
    /// the numbering ISO 8601 week dates and most APIs use.
    public var isoWeekday: Int { (ordinal - 1) % 7 + 1 }

    /// The day of the week counted from 0 for Monday through 6 for Sunday, as Python's
    /// `weekday()` (not Foundation's 1-for-Sunday `weekday` component).
    public var weekday: Int { (ordinal - 1) % 7 }

    /// The day of the year, 1 for January 1st through 365 or 366.
    public var dayOfYear: Int {
        CalendarDate.daysBeforeMonth(month, year: year) + day
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The date `delta.days` days later, or nil outside years 1 through 9999 (where Python raises
    /// `OverflowError`). Only whole days count, as in Python: a date has no time of day to carry
    /// the seconds into, so `date + timedelta(hours: 36)` moves one day, not one and a half.
    public func adding(_ delta: TimeDelta) -> CalendarDate? {
        let (target, overflow) = ordinal.addingReportingOverflow(delta.days)
        guard !overflow else { return nil }
        return CalendarDate(ordinal: target)
    }

    /// The date `delta.days` days later (only whole days count, as in Python). Traps outside
    /// years 1 through 9999, as integer arithmetic traps on overflow; use ``adding(_:)`` for a
    /// checked result.
    public static func + (date: CalendarDate, delta: TimeDelta) -> CalendarDate {
        guard let result = date.adding(delta) else {
            preconditionFailure("date value out of range: \(date) + \(delta.days) days")
        }
        return result
    }

    /// Python's `date - timedelta`, which is `date + timedelta(days: -delta.days)`: the seconds
    /// part is dropped first, so subtracting one second (`days == -1`) moves a day forward, as
    /// Python does. Traps outside years 1 through 9999.
    public static func - (date: CalendarDate, delta: TimeDelta) -> CalendarDate {
        date + TimeDelta(days: -delta.days)
    }

    /// The whole days from `rhs` to `lhs`, as Python's `date - date`.
    public static func - (lhs: CalendarDate, rhs: CalendarDate) -> TimeDelta {
        TimeDelta(days: lhs.ordinal - rhs.ordinal)
    }

    // MARK: Calendar arithmetic

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        default: return isLeapYear(year) ? 29 : 28
        }
    }

    private static let cumulativeDays = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]

    static func daysBeforeMonth(_ month: Int, year: Int) -> Int {
        cumulativeDays[month - 1] + (month > 2 && isLeapYear(year) ? 1 : 0)
    }

    /// Python's `toordinal()`: 0001-01-01 is day 1. Arithmetic on days goes through it.
    var ordinal: Int {
        let y = year - 1
        return y * 365 + y / 4 - y / 100 + y / 400 + CalendarDate.daysBeforeMonth(month, year: year) + day
    }

    /// Python's `fromordinal()`, or nil outside years 1 through 9999.
    init?(ordinal: Int) {
        guard ordinal >= 1, ordinal <= 3_652_059 else { return nil }
        // Python's _ord2ymd: count 400-, 100-, 4- and 1-year cycles.
        var n = ordinal - 1
        let n400 = n / 146_097
        n %= 146_097
        let n100 = n / 36_524
        n %= 36_524
        let n4 = n / 1_461
        n %= 1_461
        let n1 = n / 365
        n %= 365
        var year = n400 * 400 + n100 * 100 + n4 * 4 + n1 + 1
        if n1 == 4 || n100 == 4 {
            year -= 1
            self.init(uncheckedYear: year, month: 12, day: 31)
            return
        }
        var month = (n + 50) >> 5
        var preceding = CalendarDate.daysBeforeMonth(month, year: year)
        if preceding > n {
            month -= 1
            preceding -= CalendarDate.daysInMonth(month, year: year)
        }
        self.init(uncheckedYear: year, month: month, day: n - preceding + 1)
    }

    /// Days from 0001-01-01 to 1970-01-01 (Python's `date(1970, 1, 1).toordinal() - 1`).
    static let daysBeforeUnixEpoch = 719_162
}
