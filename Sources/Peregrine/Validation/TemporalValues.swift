import Foundation

// Value types for the four temporal types a FastAPI model can declare: `date`, `time`, `datetime`
// and `timedelta`. They mirror Python's semantics (ranges, normalization, arithmetic) rather than
// Foundation's, because a request that pydantic accepts must be accepted here with the same value,
// and the value must print back the way pydantic and FastAPI print it. Foundation-only on purpose.

// MARK: - CalendarDate

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

// MARK: - TimeOfDay

/// A time of day with microsecond precision and an optional fixed UTC offset: Python's
/// `datetime.time`.
///
/// pydantic reads `"08:15:30+05:30"` as a time that remembers its offset, and a bare
/// `"08:15:30"` as a naive one, and prints them differently; a time given as a number of
/// seconds is UTC. Keeping the offset (rather than normalizing to UTC) is what lets a Peregrine
/// service echo the value exactly as a FastAPI one would.
public struct TimeOfDay: Sendable, Hashable {
    // Stored narrow, so that a time is twelve bytes to copy through validation.
    private let storedHour: UInt8
    private let storedMinute: UInt8
    private let storedSecond: UInt8
    private let storedMicrosecond: UInt32
    /// `naive` when the time has no offset.
    private let storedOffset: Int32
    private static let naive = Int32.min

    /// The hour, 0 through 23.
    public var hour: Int { Int(storedHour) }
    /// The minute, 0 through 59.
    public var minute: Int { Int(storedMinute) }
    /// The second, 0 through 59: like Python, no leap second.
    public var second: Int { Int(storedSecond) }
    /// The microsecond, 0 through 999 999: Python's precision, finer digits in a request are
    /// dropped by the parser.
    public var microsecond: Int { Int(storedMicrosecond) }
    /// The fixed offset from UTC in seconds east (`+05:30` is 19 800), or nil for a naive time,
    /// which says nothing about its zone. Always strictly within ±24 hours, as Python requires.
    public var utcOffset: Int? { storedOffset == Self.naive ? nil : Int(storedOffset) }

    /// A time, or nil when a field is out of range or the offset is not strictly within ±24 hours
    /// (where Python's `time(...)` / `timezone(...)` would raise `ValueError`).
    public init?(hour: Int, minute: Int = 0, second: Int = 0, microsecond: Int = 0, utcOffset: Int? = nil) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
            (0...999_999).contains(microsecond)
        else { return nil }
        if let utcOffset, !(-86_399...86_399).contains(utcOffset) { return nil }
        self.init(uncheckedHour: hour, minute: minute, second: second, microsecond: microsecond, utcOffset: utcOffset)
    }

    init(uncheckedHour hour: Int, minute: Int, second: Int, microsecond: Int, utcOffset: Int?) {
        storedHour = UInt8(hour)
        storedMinute = UInt8(minute)
        storedSecond = UInt8(second)
        storedMicrosecond = UInt32(microsecond)
        storedOffset = utcOffset.map { Int32($0) } ?? Self.naive
    }

    /// Microseconds since midnight on the wall clock (the offset is not applied).
    var microsecondOfDay: Int {
        ((hour * 60 + minute) * 60 + second) * 1_000_000 + microsecond
    }
}

// MARK: - DateTime

/// A calendar date and a time of day, aware of a fixed UTC offset or naive: Python's
/// `datetime.datetime` as pydantic produces it.
///
/// A Foundation `Date` cannot carry either distinction that matters to a client: the offset the
/// value was written with (`+05:30` must come back as `+05:30`, and `Z` as `Z`), and whether there
/// was an offset at all (pydantic keeps `"2026-12-01T10:00:00"` naive and prints it without one).
/// Microseconds are kept exactly, with no floating-point rounding.
///
/// Equality is structural: `10:00Z` and `12:00+02:00` are the same instant but different values,
/// since they print differently. Compare instants with ``compare(_:)`` or ``instant``.
public struct DateTime: Sendable, Hashable {
    /// The calendar date, read on the wall clock of ``utcOffset``.
    public let date: CalendarDate
    /// The time of day; its ``TimeOfDay/utcOffset`` is the datetime's.
    public let time: TimeOfDay

    /// Joins a date and a time; the time's offset (or its absence) becomes the datetime's.
    public init(date: CalendarDate, time: TimeOfDay) {
        self.date = date
        self.time = time
    }

    /// A datetime, or nil when a field is out of range, as Python's `datetime(...)` would raise.
    public init?(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, microsecond: Int = 0,
        utcOffset: Int? = nil
    ) {
        guard let date = CalendarDate(year: year, month: month, day: day),
            let time = TimeOfDay(
                hour: hour, minute: minute, second: second, microsecond: microsecond, utcOffset: utcOffset)
        else { return nil }
        self.init(date: date, time: time)
    }

    public var year: Int { date.year }
    public var month: Int { date.month }
    public var day: Int { date.day }
    public var hour: Int { time.hour }
    public var minute: Int { time.minute }
    public var second: Int { time.second }
    public var microsecond: Int { time.microsecond }
    /// Seconds east of UTC, or nil for a naive datetime.
    public var utcOffset: Int? { time.utcOffset }

    /// The wall-clock reading of `instant` at `utcOffset` seconds east of UTC, to the nearest
    /// microsecond (ties to even, as Python's `fromtimestamp`), aware of that offset.
    ///
    /// Traps when the offset is not strictly within ±24 hours or the reading falls outside years
    /// 1 through 9999, where Python raises. Mind `Date.distantPast`: it is 0000-12-30 in the
    /// proleptic Gregorian calendar, so it traps (`Date.distantFuture`, 4001, does not).
    public init(_ instant: Foundation.Date, utcOffset: Int = 0) {
        guard let value = DateTime(checking: instant, utcOffset: utcOffset) else {
            preconditionFailure("\(instant) at UTC offset \(utcOffset) s is outside Python's datetime range")
        }
        self = value
    }

    /// ``init(_:utcOffset:)``, or nil where it traps (Python's `fromtimestamp` raises).
    init?(checking instant: Foundation.Date, utcOffset: Int) {
        guard (-86_399...86_399).contains(utcOffset) else { return nil }
        let interval = instant.timeIntervalSince1970
        guard interval.isFinite, abs(interval) < 1e12 else { return nil }
        // Python's _fromtimestamp: whole seconds toward zero, the fraction rounded half to even.
        var seconds = interval.rounded(.towardZero)
        var micro = ((interval - seconds) * 1e6).rounded(.toNearestOrEven)
        if micro >= 1e6 {
            seconds += 1
            micro -= 1e6
        } else if micro < 0 {
            seconds -= 1
            micro += 1e6
        }
        let local = (Int(seconds) + utcOffset) * 1_000_000 + Int(micro)
        self.init(wallMicroseconds: local + CalendarDate.daysBeforeUnixEpoch * 86_400_000_000, utcOffset: utcOffset)
    }

    /// The instant this datetime names. A naive datetime is read as UTC: Python would read it in
    /// the machine's local zone, which a server's answers should not depend on. Check
    /// ``utcOffset`` first when naive values should be refused instead.
    public var instant: Foundation.Date {
        let seconds = utcMicroseconds.quotientAndRemainder(dividingBy: 1_000_000)
        let epochSeconds = seconds.quotient - CalendarDate.daysBeforeUnixEpoch * 86_400
        return Foundation.Date(timeIntervalSince1970: Double(epochSeconds) + Double(seconds.remainder) / 1e6)
    }

    /// The datetime `delta` later on the wall clock, keeping the offset (Python adds to the
    /// fields and keeps `tzinfo`), or nil outside years 1 through 9999.
    public func adding(_ delta: TimeDelta) -> DateTime? {
        let wall = Int128(wallMicroseconds) + delta.totalMicroseconds
        guard let wall = Int(exactly: wall) else { return nil }
        return DateTime(wallMicroseconds: wall, utcOffset: utcOffset)
    }

    /// The datetime `delta` later, keeping the offset, as Python. Traps outside years 1 through
    /// 9999, as integer arithmetic traps on overflow; use ``adding(_:)`` for a checked result.
    public static func + (dateTime: DateTime, delta: TimeDelta) -> DateTime {
        guard let result = dateTime.adding(delta) else { preconditionFailure("datetime value out of range") }
        return result
    }

    /// The datetime `delta` earlier, keeping the offset. Traps outside years 1 through 9999.
    public static func - (dateTime: DateTime, delta: TimeDelta) -> DateTime {
        dateTime + -delta
    }

    /// Python's `self - other`: the time between two aware datetimes' instants, or between two
    /// naive ones' wall clocks; nil for one of each, where Python raises `TypeError` ("can't
    /// subtract offset-naive and offset-aware datetimes") because the answer depends on a zone
    /// neither value names.
    public func difference(from other: DateTime) -> TimeDelta? {
        switch (utcOffset, other.utcOffset) {
        case (.some, .some): return TimeDelta(totalMicroseconds: Int128(utcMicroseconds - other.utcMicroseconds))
        case (nil, nil): return TimeDelta(totalMicroseconds: Int128(wallMicroseconds - other.wallMicroseconds))
        default: return nil
        }
    }

    /// Orders two aware datetimes by instant and two naive ones by wall clock, as Python's `<`;
    /// nil for one of each, where Python raises `TypeError`.
    public func compare(_ other: DateTime) -> ComparisonResult? {
        let (lhs, rhs): (Int, Int)
        switch (utcOffset, other.utcOffset) {
        case (.some, .some): (lhs, rhs) = (utcMicroseconds, other.utcMicroseconds)
        case (nil, nil): (lhs, rhs) = (wallMicroseconds, other.wallMicroseconds)
        default: return nil
        }
        return lhs < rhs ? .orderedAscending : lhs > rhs ? .orderedDescending : .orderedSame
    }

    /// Microseconds from 0001-01-01T00:00 to the wall-clock reading (ordinal day 1 is 0).
    var wallMicroseconds: Int {
        (date.ordinal - 1) * 86_400_000_000 + time.microsecondOfDay
    }

    /// ``wallMicroseconds`` moved to UTC; the wall clock itself for a naive value.
    var utcMicroseconds: Int {
        wallMicroseconds - (utcOffset ?? 0) * 1_000_000
    }

    init?(wallMicroseconds: Int, utcOffset: Int?) {
        let (days, micro) = floorDivMod(wallMicroseconds, 86_400_000_000)
        guard let date = CalendarDate(ordinal: days + 1) else { return nil }
        let seconds = micro / 1_000_000
        self.init(
            date: date,
            time: TimeOfDay(
                uncheckedHour: seconds / 3600, minute: seconds / 60 % 60, second: seconds % 60,
                microsecond: micro % 1_000_000, utcOffset: utcOffset))
    }
}

// MARK: - TimeDelta

/// A signed duration with microsecond precision, normalized as Python's `datetime.timedelta`.
///
/// Python keeps `days` signed and `seconds` and `microseconds` non-negative, so minus one second
/// is `days == -1, seconds == 86_399`; that normalization decides how pydantic prints a negative
/// duration (`-PT1S`) and what `date - timedelta` means, so it is kept here rather than a single
/// signed count. `Swift.Duration` (attosecond precision, no days) is bridged with
/// ``init(_:)`` and ``duration``.
public struct TimeDelta: Sendable, Hashable, Comparable {
    /// Whole days, of either sign.
    public let days: Int
    /// Seconds past the days, 0 through 86 399.
    public let seconds: Int
    /// Microseconds past the seconds, 0 through 999 999.
    public let microseconds: Int

    /// The sum of the parts, exactly, normalized as Python (`TimeDelta(seconds: -1)` has
    /// `days == -1, seconds == 86_399`).
    public init(weeks: Int = 0, days: Int = 0, hours: Int = 0, minutes: Int = 0, seconds: Int = 0,
                milliseconds: Int = 0, microseconds: Int = 0) {
        var total = Int128(microseconds)
        total += Int128(milliseconds) * 1_000
        total += Int128(seconds) * 1_000_000
        total += Int128(minutes) * 60_000_000
        total += Int128(hours) * 3_600_000_000
        total += Int128(days) * 86_400_000_000
        total += Int128(weeks) * 604_800_000_000
        self.init(totalMicroseconds: total)
    }

    /// The sum of fractional parts, rounded to the microsecond exactly as CPython's `timedelta()`
    /// constructor does (each part's whole units are exact, the leftover fractions are summed and
    /// rounded half to even), so that `TimeDelta(hours: 1.5)` or `TimeDelta(seconds: 0.0000005)`
    /// equal Python's. Traps on a non-finite part, where Python raises.
    @_disfavoredOverload
    public init(weeks: Double = 0, days: Double = 0, hours: Double = 0, minutes: Double = 0, seconds: Double = 0,
                milliseconds: Double = 0, microseconds: Double = 0) {
        var total: Int128 = 0
        var leftover = 0.0
        // CPython's delta_new accumulates in this order; the order matters for the float leftover.
        for (value, factor) in [
            (microseconds, 1 as Int128), (milliseconds, 1_000), (seconds, 1_000_000), (minutes, 60_000_000),
            (hours, 3_600_000_000), (days, 86_400_000_000), (weeks, 604_800_000_000),
        ] where value != 0 {
            precondition(value.isFinite, "TimeDelta parts must be finite")
            let whole = value.rounded(.towardZero)
            total += Int128(whole) * factor
            let fraction = value - whole
            if fraction == 0 { continue }
            let scaled = Double(factor) * fraction
            let scaledWhole = scaled.rounded(.towardZero)
            total += Int128(scaledWhole)
            leftover += scaled - scaledWhole
        }
        if leftover != 0 {
            var whole = leftover.rounded(.toNearestOrAwayFromZero)
            if abs(whole - leftover) == 0.5 {
                let odd = Double(total & 1)
                whole = 2 * ((leftover + odd) * 0.5).rounded(.toNearestOrAwayFromZero) - odd
            }
            total += Int128(whole)
        }
        self.init(totalMicroseconds: total)
    }

    init(totalMicroseconds total: Int128) {
        let (days, rest) = floorDivMod(total, 86_400_000_000)
        self.days = Int(days)
        self.seconds = Int(rest / 1_000_000)
        self.microseconds = Int(rest % 1_000_000)
    }

    init(normalizedDays days: Int, seconds: Int, microseconds: Int) {
        self.days = days
        self.seconds = seconds
        self.microseconds = microseconds
    }

    public static func days(_ value: Int) -> TimeDelta { TimeDelta(days: value) }
    public static func hours(_ value: Int) -> TimeDelta { TimeDelta(hours: value) }
    public static func minutes(_ value: Int) -> TimeDelta { TimeDelta(minutes: value) }
    public static func seconds(_ value: Int) -> TimeDelta { TimeDelta(seconds: value) }
    @_disfavoredOverload public static func days(_ value: Double) -> TimeDelta { TimeDelta(days: value) }
    @_disfavoredOverload public static func hours(_ value: Double) -> TimeDelta { TimeDelta(hours: value) }
    @_disfavoredOverload public static func minutes(_ value: Double) -> TimeDelta { TimeDelta(minutes: value) }
    @_disfavoredOverload public static func seconds(_ value: Double) -> TimeDelta { TimeDelta(seconds: value) }

    /// The whole duration as a signed count of microseconds; wider than `Int` because Python's
    /// ±999 999 999 days do not fit 64 bits of microseconds.
    var totalMicroseconds: Int128 {
        Int128(days) * 86_400_000_000 + Int128(seconds) * 1_000_000 + Int128(microseconds)
    }

    /// The duration in seconds, as Python's `total_seconds()`: the exact microsecond count divided
    /// by a million and rounded once, so it is the float FastAPI's `jsonable_encoder` writes.
    public var totalSeconds: Double {
        correctlyRoundedQuotient(totalMicroseconds, dividedBy: 1_000_000)
    }

    public static func < (lhs: TimeDelta, rhs: TimeDelta) -> Bool {
        (lhs.days, lhs.seconds, lhs.microseconds) < (rhs.days, rhs.seconds, rhs.microseconds)
    }

    public static func + (lhs: TimeDelta, rhs: TimeDelta) -> TimeDelta {
        TimeDelta(totalMicroseconds: lhs.totalMicroseconds + rhs.totalMicroseconds)
    }

    public static func - (lhs: TimeDelta, rhs: TimeDelta) -> TimeDelta {
        TimeDelta(totalMicroseconds: lhs.totalMicroseconds - rhs.totalMicroseconds)
    }

    public static prefix func - (delta: TimeDelta) -> TimeDelta {
        TimeDelta(totalMicroseconds: -delta.totalMicroseconds)
    }

    /// A `Swift.Duration` to the nearest microsecond (ties to even, as Python rounds), since
    /// Python has no finer unit.
    public init(_ duration: Swift.Duration) {
        let (seconds, attoseconds) = duration.components
        let (micro, rest) = attoseconds.quotientAndRemainder(dividingBy: 1_000_000_000_000)
        var total = Int128(seconds) * 1_000_000 + Int128(micro)
        // `rest` has the sign of `attoseconds`; round half to even on the magnitude.
        let twice = rest.magnitude * 2
        if twice > 1_000_000_000_000 || (twice == 1_000_000_000_000 && total & 1 != 0) {
            total += rest < 0 ? -1 : 1
        }
        self.init(totalMicroseconds: total)
    }

    /// The same length as a `Swift.Duration`, for `Task.sleep`, clocks and timeouts.
    public var duration: Swift.Duration {
        .seconds(days * 86_400 + seconds) + .microseconds(microseconds)
    }
}

// MARK: - Arithmetic helpers

/// Python's `divmod` for a positive divisor: the remainder is never negative.
@inline(__always)
private func floorDivMod<T: BinaryInteger>(_ value: T, _ divisor: T) -> (T, T) {
    let (q, r) = value.quotientAndRemainder(dividingBy: divisor)
    return r < 0 ? (q - 1, r + divisor) : (q, r)
}

/// `numerator / denominator` rounded once to the nearest double (ties to even), as Python's
/// integer true division, which `timedelta.total_seconds()` uses. Dividing two doubles would round
/// twice for counts beyond 2^53 microseconds (about 285 years).
private func correctlyRoundedQuotient(_ numerator: Int128, dividedBy denominator: UInt128) -> Double {
    if numerator == 0 { return 0 }
    let magnitude = numerator.magnitude
    // Scale so that the integer quotient has about 57 significant bits: the conversion to Double
    // then rounds at bit 53 with a round bit and a sticky bit (any remainder) below it.
    let bits = UInt128.bitWidth - magnitude.leadingZeroBitCount
    let shift = max(0, 77 - bits)
    var (quotient, remainder) = (magnitude << shift).quotientAndRemainder(dividingBy: denominator)
    var exponent = -shift
    var sticky = remainder != 0
    let excess = (UInt128.bitWidth - quotient.leadingZeroBitCount) - 60
    if excess > 0 {
        sticky = sticky || quotient & ((1 << excess) - 1) != 0
        quotient >>= excess
        exponent += excess
    }
    let value = Double(sign: .plus, exponent: exponent, significand: Double(UInt64(quotient | (sticky ? 1 : 0))))
    return numerator < 0 ? -value : value
}
