/// Arithmetic on finite values as Python's `decimal` module does it in its default context (28
/// significant digits, rounding half-even): the exponent of a product is the sum of the
/// exponents (`12.50 * 1.2` is `15.000`), of a sum the smaller one. An infinity or NaN operand
/// gives NaN, where Python would follow IEEE's rules or signal.
extension ExactDecimal {
    /// Python's default context precision.
    static let precision = 28

    public static func * (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        guard lhs.isFinite, rhs.isFinite else { return .nan }
        let product = multiply(Array(lhs.digits), Array(rhs.digits))
        return rounded(isNegative: lhs.isNegative != rhs.isNegative, digits: product, exponent: lhs.exponent + rhs.exponent)
    }

    public static func + (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        guard lhs.isFinite, rhs.isFinite else { return .nan }
        let exponent = min(lhs.exponent, rhs.exponent)
        let left = Array(lhs.digits) + [UInt8](repeating: UInt8(ascii: "0"), count: lhs.exponent - exponent)
        let right = Array(rhs.digits) + [UInt8](repeating: UInt8(ascii: "0"), count: rhs.exponent - exponent)
        if lhs.isNegative == rhs.isNegative {
            return rounded(isNegative: lhs.isNegative, digits: add(left, right), exponent: exponent)
        }
        switch compareMagnitude(left, right) {
        case 0:
            // Python gives +0 for x - x, unless both operands are negative zeros.
            return rounded(isNegative: false, digits: [UInt8(ascii: "0")], exponent: exponent)
        case 1:
            return rounded(isNegative: lhs.isNegative, digits: subtract(left, right), exponent: exponent)
        default:
            return rounded(isNegative: rhs.isNegative, digits: subtract(right, left), exponent: exponent)
        }
    }

    public static func - (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        lhs + rhs.negated
    }

    public static prefix func - (value: ExactDecimal) -> ExactDecimal { value.negated }

    var negated: ExactDecimal {
        ExactDecimal(kind: kind, isNegative: !isNegative, digits: digits, exponent: exponent)
    }

    static let nan = ExactDecimal(kind: .quietNaN, isNegative: false, digits: [], exponent: 0)

    /// The value with leading zeros dropped and at most ``precision`` digits, rounded half-even.
    private static func rounded(isNegative: Bool, digits: [UInt8], exponent: Int) -> ExactDecimal {
        var digits = Array(digits.drop(while: { $0 == UInt8(ascii: "0") }))
        if digits.isEmpty { return ExactDecimal(kind: .finite, isNegative: isNegative, digits: [UInt8(ascii: "0")], exponent: exponent) }
        var exponent = exponent
        if digits.count > precision {
            let dropped = digits.count - precision
            let kept = Array(digits.prefix(precision))
            let first = digits[precision]
            let rest = digits[(precision + 1)...]
            let roundUp: Bool
            if first > UInt8(ascii: "5") {
                roundUp = true
            } else if first < UInt8(ascii: "5") {
                roundUp = false
            } else if rest.contains(where: { $0 != UInt8(ascii: "0") }) {
                roundUp = true
            } else {
                roundUp = (kept.last! - UInt8(ascii: "0")) % 2 == 1
            }
            digits = roundUp ? add(kept, [UInt8(ascii: "1")]) : kept
            exponent += dropped
            if digits.count > precision {
                digits.removeLast()
                exponent += 1
            }
        }
        return ExactDecimal(kind: .finite, isNegative: isNegative, digits: digits, exponent: exponent)
    }

    private static func values(_ digits: [UInt8]) -> [Int] { digits.reversed().map { Int($0 - UInt8(ascii: "0")) } }
    private static func text(_ values: [Int]) -> [UInt8] {
        var result = values
        while result.count > 1, result.last == 0 { result.removeLast() }
        return result.reversed().map { UInt8(ascii: "0") + UInt8($0) }
    }

    private static func multiply(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        let x = values(a)
        let y = values(b)
        var product = [Int](repeating: 0, count: x.count + y.count)
        for (i, left) in x.enumerated() where left != 0 {
            var carry = 0
            for (j, right) in y.enumerated() {
                let total = product[i + j] + left * right + carry
                product[i + j] = total % 10
                carry = total / 10
            }
            var k = i + y.count
            while carry > 0 {
                let total = product[k] + carry
                product[k] = total % 10
                carry = total / 10
                k += 1
            }
        }
        return text(product)
    }

    private static func add(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        let x = values(a)
        let y = values(b)
        var sum: [Int] = []
        var carry = 0
        for index in 0..<max(x.count, y.count) {
            let total = (index < x.count ? x[index] : 0) + (index < y.count ? y[index] : 0) + carry
            sum.append(total % 10)
            carry = total / 10
        }
        if carry > 0 { sum.append(carry) }
        return text(sum)
    }

    /// `a - b` for `a >= b`.
    private static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        let x = values(a)
        let y = values(b)
        var difference: [Int] = []
        var borrow = 0
        for index in 0..<x.count {
            var total = x[index] - (index < y.count ? y[index] : 0) - borrow
            borrow = total < 0 ? 1 : 0
            if total < 0 { total += 10 }
            difference.append(total)
        }
        return text(difference)
    }

    private static func compareMagnitude(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let x = Array(a.drop(while: { $0 == UInt8(ascii: "0") }))
        let y = Array(b.drop(while: { $0 == UInt8(ascii: "0") }))
        if x.count != y.count { return x.count < y.count ? -1 : 1 }
        for (left, right) in zip(x, y) where left != right { return left < right ? -1 : 1 }
        return 0
    }
}
