/// The coefficient of an ``ExactDecimal``: its ASCII digits, most significant first.
///
/// A request's decimals are short (a price, a rate), so up to 16 digits are held inline in two
/// words and reading one costs no allocation; longer coefficients, which Python's `Decimal`
/// allows without limit, live in an array.
struct DecimalDigits: RandomAccessCollection, Sendable {
    private enum Storage: Sendable {
        /// Digit `i` is byte `i % 8` of word `i / 8`, counted from the low end.
        case inline(low: UInt64, high: UInt64, count: UInt8)
        case array([UInt8])
    }

    private static let inlineCapacity = 16

    private var storage: Storage

    init(_ digits: [UInt8]) {
        if digits.count <= Self.inlineCapacity {
            var builder = Builder()
            for digit in digits { builder.append(digit) }
            self = builder.digits
        } else {
            storage = .array(digits)
        }
    }

    init<Digits: Sequence<UInt8>>(_ digits: Digits) {
        var builder = Builder()
        for digit in digits { builder.append(digit) }
        self = builder.digits
    }

    private init(storage: Storage) {
        self.storage = storage
    }

    var startIndex: Int { 0 }

    var endIndex: Int { count }

    var count: Int {
        switch storage {
        case .inline(_, _, let count): Int(count)
        case .array(let digits): digits.count
        }
    }

    @inline(__always)
    func index(after position: Int) -> Int { position + 1 }

    @inline(__always)
    func index(before position: Int) -> Int { position - 1 }

    subscript(position: Int) -> UInt8 {
        switch storage {
        case .inline(let low, let high, let count):
            precondition(position >= 0 && position < Int(count), "digit index out of range")
            let word = position < 8 ? low : high
            return UInt8(truncatingIfNeeded: word >> UInt64((position % 8) * 8))
        case .array(let digits):
            return digits[position]
        }
    }

    /// Collects digits one at a time, inline until there are more than fit.
    struct Builder {
        private var low: UInt64 = 0
        private var high: UInt64 = 0
        private var count = 0
        private var spilled: [UInt8]?

        @inline(__always)
        mutating func append(_ digit: UInt8) {
            if spilled != nil {
                spilled!.append(digit)
                return
            }
            if count == DecimalDigits.inlineCapacity {
                var array: [UInt8] = []
                array.reserveCapacity(count * 2)
                array.append(contentsOf: DecimalDigits(storage: .inline(low: low, high: high, count: UInt8(count))))
                array.append(digit)
                spilled = array
                return
            }
            let shifted = UInt64(digit) << UInt64((count % 8) * 8)
            if count < 8 { low |= shifted } else { high |= shifted }
            count += 1
        }

        var isEmpty: Bool { count == 0 && spilled == nil }

        /// How many digits have been appended.
        var length: Int { spilled?.count ?? count }

        var digits: DecimalDigits {
            if let spilled { return DecimalDigits(storage: .array(spilled)) }
            return DecimalDigits(storage: .inline(low: low, high: high, count: UInt8(count)))
        }
    }
}
