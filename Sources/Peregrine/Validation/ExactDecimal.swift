import Foundation

/// A decimal number that remembers its written digits and exponent, like Python's
/// `decimal.Decimal`, which pydantic and FastAPI use for `Decimal` fields.
///
/// `ExactDecimal("12.50")` keeps the trailing zero: it describes itself as `12.50`, as Python's
/// `str(Decimal("12.50"))` does, and `ExactDecimal("1E+2")` stays `1E+2`. Like Python's `Decimal`
/// it has arbitrary precision, and it can also hold infinities and NaNs (`Infinity`, `-Infinity`,
/// `NaN`, `sNaN`, with an optional NaN payload such as `NaN123`).
///
/// Two values are equal when they are numerically equal, as in Python: `12.50 == 12.5`, and
/// `-0 == 0`. Unlike Python, every NaN equals every other NaN, so that `Hashable` holds.
///
/// ```swift
/// let price = ExactDecimal("12.50")!
/// price.description  // "12.50"
/// price.value        // Foundation.Decimal 12.5
/// ```
public struct ExactDecimal: Sendable, Hashable, CustomStringConvertible {
    enum Kind: UInt8, Sendable {
        case finite, infinity, quietNaN, signalingNaN
    }

    let kind: Kind
    let isNegative: Bool
    /// The coefficient's ASCII digits, without leading zeros (`"0"` for zero). For a NaN, its
    /// payload digits, possibly none.
    let digits: DecimalDigits
    /// The power of ten that scales the coefficient; 0 for infinities and NaNs.
    let exponent: Int

    init(kind: Kind, isNegative: Bool, digits: DecimalDigits, exponent: Int) {
        self.kind = kind
        self.isNegative = isNegative
        self.digits = digits
        self.exponent = exponent
    }

    init(kind: Kind, isNegative: Bool, digits: [UInt8], exponent: Int) {
        self.init(kind: kind, isNegative: isNegative, digits: DecimalDigits(digits), exponent: exponent)
    }

    /// Reads `text` as Python's `Decimal(text)` does: surrounding whitespace is ignored, `_` may
    /// appear anywhere between characters, digits of any script count (`"١٢"` is 12), and
    /// `Infinity`, `Inf`, `NaN` and `sNaN` are accepted in any letter case. Returns nil for text
    /// Python rejects (`"12,5"`, `"0x10"`, `""`).
    public init?(_ text: String) {
        guard let parsed = DecimalText.parse(text) else { return nil }
        self = parsed
    }

    /// The exact value of a `Foundation.Decimal`, with the digits that its `description` shows.
    /// Foundation does not keep trailing zeros (`Decimal(string: "12.50")` is stored as `12.5`),
    /// so neither can this. `Decimal.nan` becomes `NaN`.
    public init(_ value: Foundation.Decimal) {
        if value.isNaN {
            self.init(kind: .quietNaN, isNegative: false, digits: [], exponent: 0)
        } else if let parsed = DecimalText.parse(value.description), parsed.kind == .finite {
            self = parsed
        } else {
            self.init(kind: .quietNaN, isNegative: false, digits: [], exponent: 0)
        }
    }

    /// The integer `value`, with exponent 0 (as Python's `Decimal(int)`).
    public init(_ value: Int) {
        self.init(
            kind: .finite, isNegative: value < 0, digits: DecimalDigits(String(value.magnitude).utf8), exponent: 0)
    }

    /// The number as a `Foundation.Decimal`.
    ///
    /// Foundation's `Decimal` holds at most 38 significant digits and exponents from -128 to 127:
    /// longer coefficients are rounded half-even to 38 digits, a number too small to represent
    /// becomes zero, and one too large, an infinity or a NaN becomes `Decimal.nan`. The sign of
    /// zero is lost.
    public var value: Foundation.Decimal { DecimalText.foundationDecimal(self) }

    /// The text Python's `str(Decimal)` gives, which is also how pydantic serializes a `Decimal`
    /// to JSON: `12.50`, `1E+2`, `0.00001`, `1E-7`, `-0`, `Infinity`, `NaN`.
    public var description: String { DecimalText.pythonString(self) }

    /// Whether the number is neither infinite nor a NaN.
    public var isFinite: Bool { kind == .finite }

    /// Whether the number is a NaN, quiet or signaling.
    public var isNaN: Bool { kind == .quietNaN || kind == .signalingNaN }

    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        if lhs.isNaN || rhs.isNaN { return lhs.isNaN && rhs.isNaN }
        return DecimalText.compare(lhs, rhs) == 0
    }

    public func hash(into hasher: inout Hasher) {
        switch kind {
        case .quietNaN, .signalingNaN:
            hasher.combine(2 as UInt8)
        case .infinity:
            hasher.combine(1 as UInt8)
            hasher.combine(isNegative)
        case .finite:
            hasher.combine(0 as UInt8)
            // Numerically equal values hash alike: drop trailing zeros (and zero's sign).
            var end = digits.count
            while end > 1, digits[end - 1] == UInt8(ascii: "0") { end -= 1 }
            if end == 1, digits[0] == UInt8(ascii: "0") {
                hasher.combine(0 as UInt8)
                return
            }
            hasher.combine(isNegative)
            hasher.combine(exponent + digits.count - 1)
            hasher.combine(digits[0..<end].count)
            for digit in digits[0..<end] { hasher.combine(digit) }
        }
    }
}
