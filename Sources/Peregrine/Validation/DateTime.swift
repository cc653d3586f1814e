import Foundation

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
