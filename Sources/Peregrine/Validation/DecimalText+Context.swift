import Foundation

extension DecimalText {
    // MARK: - Python's decimal context

    /// Python's default context, in which `multiple_of` divides: 28 digits, `Emin = -999999`.
    static let precision = 28
    static let contextEtiny = -999_999 - 28 + 1
    /// The limits of `Decimal(str)` itself, which uses libmpdec's maximal context.
    static let parseEmax = 999_999_999_999_999_999
    static let parseEtiny = -1_999_999_999_999_999_997

    static let zeroDigit = UInt8(ascii: "0")

    /// The value with its trailing zeros dropped (zero becomes `0`), which is what pydantic's
    /// `normalize()` call yields for the digit checks: exactly, without the 28-digit rounding of
    /// Python's default context (measured: a 29-digit `1.0000000000000000000000000001` has 29
    /// normalized digits there, and `1e-999999999999999999` does not become zero).
    static func normalized(_ decimal: ExactDecimal) -> ExactDecimal {
        guard decimal.kind == .finite else { return decimal }
        if isZero(decimal) {
            return ExactDecimal(kind: .finite, isNegative: decimal.isNegative, digits: [zeroDigit], exponent: 0)
        }
        var end = decimal.digits.count
        while end > 1, decimal.digits[end - 1] == zeroDigit { end -= 1 }
        return ExactDecimal(
            kind: .finite, isNegative: decimal.isNegative, digits: Array(decimal.digits[0..<end]),
            exponent: decimal.exponent + decimal.digits.count - end)
    }

    /// The first `keep` digits, rounded half-even given what follows (and `sticky`, which says
    /// whether anything nonzero lies beyond the given digits). When rounding carries into a new
    /// leading digit the result has `keep + 1` digits and `carried` is true.
    static func roundHalfEven(_ digits: [UInt8], keep: Int, sticky: Bool) -> ([UInt8], carried: Bool) {
        if keep >= digits.count { return (digits, false) }
        if keep < 0 { return ([], false) }
        let roundingDigit = digits[keep]
        let restNonzero = sticky || digits[(keep + 1)...].contains { $0 != zeroDigit }
        let lastKeptOdd = keep > 0 && (digits[keep - 1] - zeroDigit) % 2 == 1
        let up =
            roundingDigit > UInt8(ascii: "5")
            || (roundingDigit == UInt8(ascii: "5") && (restNonzero || lastKeptOdd))
        var kept = Array(digits[0..<keep])
        guard up else { return (kept, false) }
        var index = kept.count - 1
        while index >= 0 {
            if kept[index] == UInt8(ascii: "9") {
                kept[index] = zeroDigit
                index -= 1
            } else {
                kept[index] += 1
                return (kept, false)
            }
        }
        kept.insert(UInt8(ascii: "1"), at: 0)
        return (kept, true)
    }

    /// Whether `(value / divisor) % 1 == 0` in Python's default context.
    static func isMultiple(_ value: ExactDecimal, of divisor: ExactDecimal) -> Bool {
        guard value.kind == .finite, divisor.kind == .finite, !isZero(divisor) else { return false }
        if isZero(value) { return true }
        // Long division of the coefficients, one quotient digit per step, until 29 significant
        // digits (28 and a rounding digit) or an exact end.
        let dividend = value.digits
        let divisorDigits = divisor.digits.map { $0 - zeroDigit }
        let width = divisorDigits.count + 1
        var remainder = [UInt8](repeating: 0, count: width)
        let paddedDivisor = [0] + divisorDigits
        var quotient: [UInt8] = []
        var firstStep = 0
        var step = 0
        var sticky = false
        while true {
            if step >= dividend.count, remainder.allSatisfy({ $0 == 0 }) { break }
            // remainder = remainder * 10 + next digit
            remainder.removeFirst()
            remainder.append(step < dividend.count ? dividend[step] - zeroDigit : 0)
            var digit: UInt8 = 0
            while !lessThan(remainder, paddedDivisor) {
                subtract(&remainder, paddedDivisor)
                digit += 1
            }
            if !quotient.isEmpty || digit != 0 {
                if quotient.isEmpty { firstStep = step }
                quotient.append(digit + zeroDigit)
            }
            step += 1
            if quotient.count == precision + 1 {
                sticky =
                    remainder.contains { $0 != 0 }
                    || (step < dividend.count && dividend[step...].contains { $0 != zeroDigit })
                break
            }
        }
        let shift = value.exponent - divisor.exponent
        // The weight of the quotient digit produced at step t is 10^(dividend.count - 1 - t + shift).
        let exactLastExponent = dividend.count - 1 - (firstStep + quotient.count - 1) + shift
        let exactAdjusted = exactLastExponent + quotient.count - 1
        if exactAdjusted < contextEtiny + precision - 1 {
            // Subnormal: rounded at 10^Etiny, an integer only if it rounds to zero.
            if exactAdjusted < contextEtiny - 1 { return true }
            if exactAdjusted == contextEtiny - 1 {
                let first = quotient[0]
                let restZero = !sticky && !quotient.dropFirst().contains { $0 != zeroDigit }
                return first < UInt8(ascii: "5") || (first == UInt8(ascii: "5") && restZero)
            }
            return false
        }
        var (coefficient, carried) = roundHalfEven(quotient, keep: precision, sticky: sticky)
        var lastExponent = exactLastExponent + (quotient.count - min(quotient.count, precision))
        if carried {
            coefficient.removeLast()
            lastExponent += 1
        }
        let adjusted = lastExponent + coefficient.count - 1
        guard adjusted <= precision - 1 else { return false }  // DivisionImpossible, or Overflow
        if lastExponent >= 0 { return true }
        let integerDigits = coefficient.count + lastExponent
        guard integerDigits >= 0 else { return false }
        return !coefficient[integerDigits...].contains { $0 != zeroDigit }
    }

    static func lessThan(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        for index in left.indices where left[index] != right[index] { return left[index] < right[index] }
        return false
    }

    static func subtract(_ left: inout [UInt8], _ right: [UInt8]) {
        var borrow: UInt8 = 0
        var index = left.count - 1
        while index >= 0 {
            let subtrahend = right[index] + borrow
            if left[index] >= subtrahend {
                left[index] -= subtrahend
                borrow = 0
            } else {
                left[index] = left[index] + 10 - subtrahend
                borrow = 1
            }
            index -= 1
        }
    }

    static func isZero(_ decimal: ExactDecimal) -> Bool {
        decimal.kind == .finite && decimal.digits.count == 1 && decimal.digits[0] == zeroDigit
    }

    /// The order of two numbers (-1, 0, 1), or nil when either is a NaN.
    static func compare(_ left: ExactDecimal, _ right: ExactDecimal) -> Int? {
        if left.isNaN || right.isNaN { return nil }
        func sign(_ decimal: ExactDecimal) -> Int { isZero(decimal) ? 0 : (decimal.isNegative ? -1 : 1) }
        let leftSign = sign(left)
        let rightSign = sign(right)
        if left.kind == .infinity || right.kind == .infinity {
            if left.kind == .infinity, right.kind == .infinity { return leftSign == rightSign ? 0 : leftSign }
            return left.kind == .infinity ? leftSign : -rightSign
        }
        if leftSign != rightSign { return leftSign < rightSign ? -1 : 1 }
        if leftSign == 0 { return 0 }
        let leftAdjusted = left.exponent + left.digits.count - 1
        let rightAdjusted = right.exponent + right.digits.count - 1
        var magnitude = 0
        if leftAdjusted != rightAdjusted {
            magnitude = leftAdjusted < rightAdjusted ? -1 : 1
        } else {
            let length = max(left.digits.count, right.digits.count)
            for index in 0..<length {
                let a = index < left.digits.count ? left.digits[index] : zeroDigit
                let b = index < right.digits.count ? right.digits[index] : zeroDigit
                if a != b {
                    magnitude = a < b ? -1 : 1
                    break
                }
            }
        }
        return leftSign > 0 ? magnitude : -magnitude
    }
}
