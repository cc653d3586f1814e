import Foundation

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
