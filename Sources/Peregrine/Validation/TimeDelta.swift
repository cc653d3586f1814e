import Foundation

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
func floorDivMod<T: BinaryInteger>(_ value: T, _ divisor: T) -> (T, T) {
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
