import Foundation

/// pydantic 2's validation of `Decimal` fields (pydantic-core's `DecimalValidator` in lax mode,
/// as FastAPI runs it on parsed JSON), and the two ways FastAPI writes a `Decimal` back out.
///
/// The input becomes a Python `Decimal` first: a string through `Decimal(str)` (see
/// `ExactDecimal.init?(_: String)`), an integer exactly, a float through its `repr`
/// (`0.1` becomes `Decimal("0.1")`, `1e20` becomes `Decimal("1E+20")`); booleans, null, arrays
/// and objects are refused. Then the constraints run in pydantic's order: finiteness (unless
/// `allow_inf_nan`), `max_digits`, `decimal_places`, whole digits, `multiple_of`, `le`, `lt`,
/// `ge`, `gt`; the first failure is the only error.
///
/// Rules worth knowing, all reproduced here:
/// - `max_digits` and `decimal_places` are checked on the value as written *and* on its
///   `normalize()`d form (trailing zeros dropped), and fail only when both exceed the limit: so
///   trailing zeros never count (`"12.500"` has 2 decimal places,
///   `"1.000…0"` with 40 zeros has 1 digit), while `1E+6` has 7 digits, 0 decimal places.
/// - `multiple_of` computes `(value / multiple_of) % 1 == 0` in Python's default decimal
///   context (28 digits, half-even): a quotient that needs more than 28 digits is rounded first,
///   so `0.25000000000000000000000000001` counts as a multiple of `0.25`, and a quotient of
///   10^28 or more is never a multiple (Python raises `DivisionImpossible`, which pydantic
///   reports as `multiple_of`).
/// - Bounds and `multiple_of` appear in messages as Python's `str(Decimal)` (`"0.25"`, `"100"`),
///   and in the error's `ctx` as the Decimal itself, which FastAPI's `jsonable_encoder` turns
///   into a JSON number (`0`, `0.25`); ``ProblemValue/decimalText(_:)`` carries that number text.
///
/// Bounds are the literals written in `@Field` (``Bound``), converted once when the
/// ``Constraints`` are made: an integer exactly, a float through its shortest text (`0.25`,
/// `1E+20`), as `Decimal(str(bound))` would read them.
///
/// Precision: values keep every digit (pydantic accepts arbitrary precision), within Python's
/// exponent limits (`Decimal("1e1000000000000000000")` is refused as decimal_parsing).
/// ``ExactDecimal/value`` rounds to Foundation's 38 digits only when asked.
enum DecimalText {
    /// pydantic's `Field(max_digits=, decimal_places=, gt=, ge=, lt=, le=, multiple_of=,
    /// allow_inf_nan=)` for a `Decimal`. A class, so that handing the limits to each value's validation copies one reference.
    final class DecimalConstraints: Sendable {
        let maxDigits: Int?
        let decimalPlaces: Int?
        let gt: ExactDecimal?
        let ge: ExactDecimal?
        let lt: ExactDecimal?
        let le: ExactDecimal?
        let multipleOf: ExactDecimal?
        let allowInfNaN: Bool

        /// No limit: only infinities and NaNs are refused.
        static let none = DecimalConstraints()

        init(
            maxDigits: Int? = nil, decimalPlaces: Int? = nil, gt: ExactDecimal? = nil,
            ge: ExactDecimal? = nil, lt: ExactDecimal? = nil, le: ExactDecimal? = nil,
            multipleOf: ExactDecimal? = nil, allowInfNaN: Bool = false
        ) {
            self.maxDigits = maxDigits
            self.decimalPlaces = decimalPlaces
            self.gt = gt
            self.ge = ge
            self.lt = lt
            self.le = le
            self.multipleOf = multipleOf
            self.allowInfNaN = allowInfNaN
        }
    }

    // MARK: - Validation

    static func validate(
        _ input: ScalarInput, constraints: DecimalConstraints = .none
    ) -> Result<ExactDecimal, ScalarProblem> {
        let decimal: ExactDecimal
        switch input {
        case .string(let text):
            guard let parsed = parse(text) else {
                return .failure(ScalarProblem(type: "decimal_parsing", message: "Input should be a valid decimal"))
            }
            decimal = parsed
        case .int(let integer):
            decimal = ExactDecimal(integer)
        case .double(let double):
            decimal = fromDouble(double)
        case .bool, .null, .other:
            return .failure(
                ScalarProblem(
                    type: "decimal_type",
                    message: "Decimal input should be an integer, float, string or Decimal object"))
        }
        if let problem = check(decimal, constraints) { return .failure(problem) }
        return .success(decimal)
    }

    /// A decimal in the usual spelling, `[+-]digits[.digits]` with at most 16 significant
    /// digits, read in place; nil for anything else, which ``validate(_:constraints:)`` reads by
    /// Python's whole grammar. The two always agree on what this accepts.
    static func commonDecimal(_ text: String) -> ExactDecimal? {
        text.utf8.withContiguousStorageIfAvailable(parsePlain) ?? nil
    }

    /// What `constraints` say of a decimal that was read: nil when it satisfies them all, else
    /// the first refusal in pydantic's order.
    static func check(_ decimal: ExactDecimal, _ constraints: DecimalConstraints) -> ScalarProblem? {
        let checkDigits = constraints.maxDigits != nil || constraints.decimalPlaces != nil
        if !constraints.allowInfNaN || checkDigits {
            guard decimal.kind == .finite else {
                return ScalarProblem(type: "finite_number", message: "Input should be a finite number")
            }
            if checkDigits, let problem = digitProblem(decimal, constraints) { return problem }
        }

        if let bound = constraints.multipleOf {
            if !isMultiple(decimal, of: bound) {
                return ScalarProblem(
                    type: "multiple_of", message: "Input should be a multiple of \(pythonString(bound))",
                    context: [("multiple_of", contextValue(bound))])
            }
        }

        // In pydantic's order; a NaN fails every comparison (Python would raise).
        if let limit = constraints.le, let problem = boundProblem(decimal, limit, "le", "less_than_equal", { $0 <= 0 }) {
            return problem
        }
        if let limit = constraints.lt, let problem = boundProblem(decimal, limit, "lt", "less_than", { $0 < 0 }) {
            return problem
        }
        if let limit = constraints.ge, let problem = boundProblem(decimal, limit, "ge", "greater_than_equal", { $0 >= 0 }) {
            return problem
        }
        if let limit = constraints.gt, let problem = boundProblem(decimal, limit, "gt", "greater_than", { $0 > 0 }) {
            return problem
        }
        return nil
    }

    private static func boundProblem(
        _ decimal: ExactDecimal, _ bound: ExactDecimal, _ key: String, _ type: String, _ passes: (Int) -> Bool
    ) -> ScalarProblem? {
        if let order = compare(decimal, bound), passes(order) { return nil }
        let phrase =
            switch key {
            case "le": "less than or equal to"
            case "lt": "less than"
            case "ge": "greater than or equal to"
            default: "greater than"
            }
        return ScalarProblem(
            type: type, message: "Input should be \(phrase) \(pythonString(bound))",
            context: [(key, contextValue(bound))])
    }

    private static func contextValue(_ bound: ExactDecimal) -> ProblemValue {
        .decimalText(jsonableNumberText(bound) ?? pythonString(bound))
    }

    /// `max_digits`, `decimal_places` and the implied whole-digit limit, each judged on the value
    /// as written and on its normalized form.
    private static func digitProblem(_ decimal: ExactDecimal, _ constraints: DecimalConstraints) -> ScalarProblem? {
        let (decimals, digits) = digitsInfo(decimal)
        let (normalizedDecimals, normalizedDigits) = normalizedDigitsInfo(decimal)
        if let maxDigits = constraints.maxDigits, digits > maxDigits, normalizedDigits > maxDigits {
            return ScalarProblem(
                type: "decimal_max_digits",
                message:
                    "Decimal input should have no more than \(maxDigits) digit\(maxDigits == 1 ? "" : "s") in total",
                context: [("max_digits", .int(maxDigits))])
        }
        if let decimalPlaces = constraints.decimalPlaces {
            if decimals > decimalPlaces, normalizedDecimals > decimalPlaces {
                return ScalarProblem(
                    type: "decimal_max_places",
                    message:
                        "Decimal input should have no more than \(decimalPlaces) decimal place\(decimalPlaces == 1 ? "" : "s")",
                    context: [("decimal_places", .int(decimalPlaces))])
            }
            if let maxDigits = constraints.maxDigits {
                let maxWhole = max(maxDigits - decimalPlaces, 0)
                if max(digits - decimals, 0) > maxWhole, max(normalizedDigits - normalizedDecimals, 0) > maxWhole {
                    return ScalarProblem(
                        type: "decimal_whole_digits",
                        message:
                            "Decimal input should have no more than \(maxWhole) digit\(maxWhole == 1 ? "" : "s") before the decimal point",
                        context: [("whole_digits", .int(maxWhole))])
                }
            }
        }
        return nil
    }

    /// ``digitsInfo(_:)`` of ``normalized(_:)``, without building the normalized value.
    private static func normalizedDigitsInfo(_ decimal: ExactDecimal) -> (decimals: Int, digits: Int) {
        if isZero(decimal) { return (0, 1) }
        var end = decimal.digits.count
        while end > 1, decimal.digits[end - 1] == zeroDigit { end -= 1 }
        let exponent = decimal.exponent + decimal.digits.count - end
        if exponent >= 0 { return (0, end + exponent) }
        return (-exponent, max(end, -exponent))
    }

    /// pydantic's `(decimals, digits)`: a positive exponent adds trailing zeros to the digits, a
    /// negative one counts decimal places (and at least as many digits).
    private static func digitsInfo(_ decimal: ExactDecimal) -> (decimals: Int, digits: Int) {
        if decimal.exponent >= 0 { return (0, decimal.digits.count + decimal.exponent) }
        let decimals = -decimal.exponent
        return (decimals, max(decimal.digits.count, decimals))
    }

    // MARK: - Python's decimal context

    /// Python's default context, in which `multiple_of` divides: 28 digits, `Emin = -999999`.
    private static let precision = 28
    private static let contextEtiny = -999_999 - 28 + 1
    /// The limits of `Decimal(str)` itself, which uses libmpdec's maximal context.
    private static let parseEmax = 999_999_999_999_999_999
    private static let parseEtiny = -1_999_999_999_999_999_997

    private static let zeroDigit = UInt8(ascii: "0")

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
    private static func roundHalfEven(_ digits: [UInt8], keep: Int, sticky: Bool) -> ([UInt8], carried: Bool) {
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

    private static func lessThan(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        for index in left.indices where left[index] != right[index] { return left[index] < right[index] }
        return false
    }

    private static func subtract(_ left: inout [UInt8], _ right: [UInt8]) {
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

    // MARK: - Reading

    /// Python's whitespace (`str.isspace`), which `Decimal(str)` strips from both ends.
    private static func isPythonSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            true
        default: false
        }
    }

    /// `Decimal(text)`: nil where Python raises `InvalidOperation`.
    static func parse(_ text: String) -> ExactDecimal? {
        // The common case, plain ASCII without underscores or surrounding spaces, is read in place.
        // nil when the text is not contiguous UTF-8; .some(nil) when it needs the slow path.
        let inPlace = text.utf8.withContiguousStorageIfAvailable({ bytes -> ExactDecimal?? in
            if let plain = parsePlain(bytes) { return .some(plain) }
            guard let first = bytes.first, let last = bytes.last, !isPythonSpace(UInt32(first)),
                !isPythonSpace(UInt32(last)),
                !bytes.contains(where: { $0 >= 0x80 || $0 == UInt8(ascii: "_") || $0 == 0 })
            else { return .none }
            return .some(parseASCII(bytes))
        })
        if case .some(.some(let parsed)) = inPlace { return parsed }
        var ascii: [UInt8] = []
        ascii.reserveCapacity(text.utf8.count)
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes = text.utf8[...]
            while let first = bytes.first, isPythonSpace(UInt32(first)) { bytes = bytes.dropFirst() }
            while let last = bytes.last, isPythonSpace(UInt32(last)) { bytes = bytes.dropLast() }
            for byte in bytes where byte != UInt8(ascii: "_") {
                guard byte != 0 else { return nil }
                ascii.append(byte)
            }
        } else {
            // Other scripts' digits count as ASCII digits; other whitespace inside is an error.
            var scalars = text.unicodeScalars[...]
            while let first = scalars.first, isPythonSpace(first.value) { scalars = scalars.dropFirst() }
            while let last = scalars.last, isPythonSpace(last.value) { scalars = scalars.dropLast() }
            for scalar in scalars where scalar != "_" {
                if scalar.value > 0, scalar.value < 0x80 {
                    ascii.append(UInt8(scalar.value))
                } else if scalar.properties.numericType == .decimal, let number = scalar.properties.numericValue,
                    number >= 0, number <= 9
                {
                    ascii.append(zeroDigit + UInt8(number))
                } else {
                    return nil
                }
            }
        }
        return ascii.withUnsafeBufferPointer(parseASCII)
    }

    /// The usual spelling, `[+-]digits[.digits]` with at most 16 significant digits, read in one
    /// pass; nil for anything else, which ``parseASCII(_:)`` then reads by the full grammar.
    private static func parsePlain(_ bytes: UnsafeBufferPointer<UInt8>) -> ExactDecimal? {
        var index = 0
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            index = 1
        }
        var builder = DecimalDigits.Builder()
        var sawDigit = false
        var inFraction = false
        var fractionDigits = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if isDigit(byte) {
                sawDigit = true
                if inFraction { fractionDigits += 1 }
                if builder.isEmpty && byte == zeroDigit { continue }
                guard builder.length < 16 else { return nil }
                builder.append(byte)
            } else if byte == UInt8(ascii: "."), !inFraction {
                inFraction = true
            } else {
                return nil
            }
        }
        guard sawDigit else { return nil }
        if builder.isEmpty { builder.append(zeroDigit) }
        return ExactDecimal(kind: .finite, isNegative: negative, digits: builder.digits, exponent: -fractionDigits)
    }

    private static func matchesIgnoringCase(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ word: String) -> Bool {
        bytes.count == word.utf8.count && zip(bytes, word.utf8).allSatisfy { ($0 | 0x20) == $1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= zeroDigit && byte <= UInt8(ascii: "9") }

    private static func parseASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> ExactDecimal? {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        let rest = bytes[index...]
        // Numbers, the common case, skip the words.
        if let first = rest.first, !isDigit(first), first != UInt8(ascii: ".") {
            return parseSpecial(rest, negative: negative)
        }
        return parseNumber(bytes, from: index, negative: negative)
    }

    /// `Infinity`, `Inf`, `NaN` and `sNaN` with their payload, in any letter case.
    private static func parseSpecial(_ rest: Slice<UnsafeBufferPointer<UInt8>>, negative: Bool) -> ExactDecimal? {
        if matchesIgnoringCase(rest, "inf") || matchesIgnoringCase(rest, "infinity") {
            return ExactDecimal(kind: .infinity, isNegative: negative, digits: [], exponent: 0)
        }
        for (word, kind) in [("nan", ExactDecimal.Kind.quietNaN), ("snan", .signalingNaN)] {
            let length = word.utf8.count
            if rest.count >= length, matchesIgnoringCase(rest.prefix(length), word) {
                let payload = rest.dropFirst(length)
                guard payload.allSatisfy(isDigit) else { return nil }
                return ExactDecimal(
                    kind: kind, isNegative: negative, digits: Array(payload.drop { $0 == zeroDigit }), exponent: 0)
            }
        }
        return nil
    }

    private static func parseNumber(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, negative: Bool) -> ExactDecimal? {
        var index = start
        let integerStart = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        let integerEnd = index
        var fractionStart = index
        var fractionEnd = index
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            fractionStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            fractionEnd = index
        }
        guard integerEnd > integerStart || fractionEnd > fractionStart else { return nil }
        var exponent = 0
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let exponentStart = index
            while index < bytes.count, isDigit(bytes[index]) {
                // Saturate far beyond any accepted exponent.
                if exponent < 4_000_000_000_000_000_000 { exponent = exponent * 10 + Int(bytes[index] - zeroDigit) }
                index += 1
            }
            guard index > exponentStart else { return nil }
            if exponentNegative { exponent = -exponent }
        }
        guard index == bytes.count else { return nil }
        var builder = DecimalDigits.Builder()
        for byte in bytes[integerStart..<integerEnd] where !(builder.isEmpty && byte == zeroDigit) {
            builder.append(byte)
        }
        for byte in bytes[fractionStart..<fractionEnd] where !(builder.isEmpty && byte == zeroDigit) {
            builder.append(byte)
        }
        let zero = builder.isEmpty
        if zero { builder.append(zeroDigit) }
        let digits = builder.digits
        exponent -= fractionEnd - fractionStart
        if exponent < parseEtiny { return nil }
        if zero ? exponent > parseEmax : exponent + digits.count - 1 > parseEmax { return nil }
        return ExactDecimal(kind: .finite, isNegative: negative, digits: digits, exponent: exponent)
    }

    /// `Decimal(str(x))` for a Python float: its shortest round-trip digits, laid out as `repr`
    /// lays them out (`100.0` keeps a fractional zero, `1e+16` and `1e-05` are exponent forms).
    static func fromDouble(_ double: Double) -> ExactDecimal {
        if double.isNaN { return ExactDecimal(kind: .quietNaN, isNegative: false, digits: [], exponent: 0) }
        let negative = double.sign == .minus
        if double.isInfinite { return ExactDecimal(kind: .infinity, isNegative: negative, digits: [], exponent: 0) }
        if double == 0 { return ExactDecimal(kind: .finite, isNegative: negative, digits: [zeroDigit], exponent: -1) }
        let (digits, point) = shortestDigits(double)
        if point <= -4 || point > 16 || point < digits.count {
            return ExactDecimal(kind: .finite, isNegative: negative, digits: digits, exponent: point - digits.count)
        }
        return ExactDecimal(
            kind: .finite, isNegative: negative,
            digits: digits + [UInt8](repeating: zeroDigit, count: point - digits.count + 1), exponent: -1)
    }

    /// The shortest digits that round-trip (no leading or trailing zeros) and the position of the
    /// decimal point: the magnitude is `0.DIGITS × 10^point`. Swift's `description` and Python's
    /// `repr` both produce the shortest, closest digits.
    private static func shortestDigits(_ double: Double) -> (digits: [UInt8], point: Int) {
        var digits: [UInt8] = []
        var beforePoint = -1
        var exponent = 0
        var readingExponent = false
        var exponentNegative = false
        for byte in double.magnitude.description.utf8 {
            if readingExponent {
                if byte == UInt8(ascii: "-") {
                    exponentNegative = true
                } else if isDigit(byte) {
                    exponent = exponent * 10 + Int(byte - zeroDigit)
                }
            } else if byte == UInt8(ascii: ".") {
                beforePoint = digits.count
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                readingExponent = true
            } else if isDigit(byte) {
                digits.append(byte)
            }
        }
        if beforePoint < 0 { beforePoint = digits.count }
        var point = beforePoint + (exponentNegative ? -exponent : exponent)
        let leadingZeros = digits.prefix { $0 == zeroDigit }.count
        digits.removeFirst(leadingZeros)
        point -= leadingZeros
        while digits.last == zeroDigit { digits.removeLast() }
        return (digits, point)
    }

    // MARK: - Writing

    /// Python's `str(Decimal)` (its to-scientific-string), which pydantic's JSON serialization uses.
    static func pythonString(_ decimal: ExactDecimal) -> String {
        var out: [UInt8] = []
        if decimal.isNegative { out.append(UInt8(ascii: "-")) }
        switch decimal.kind {
        case .infinity:
            out += Array("Infinity".utf8)
        case .quietNaN:
            out += Array("NaN".utf8) + decimal.digits
        case .signalingNaN:
            out += Array("sNaN".utf8) + decimal.digits
        case .finite:
            let digits = decimal.digits
            let leftDigits = decimal.exponent + digits.count
            let dotPlace = decimal.exponent <= 0 && leftDigits > -6 ? leftDigits : 1
            if dotPlace <= 0 {
                out += [zeroDigit, UInt8(ascii: ".")]
                out += [UInt8](repeating: zeroDigit, count: -dotPlace)
                out += digits
            } else if dotPlace >= digits.count {
                out += digits
                out += [UInt8](repeating: zeroDigit, count: dotPlace - digits.count)
            } else {
                out += digits[0..<dotPlace]
                out.append(UInt8(ascii: "."))
                out += digits[dotPlace...]
            }
            if leftDigits != dotPlace {
                let shown = leftDigits - dotPlace
                out += Array("E\(shown < 0 ? "-" : "+")\(shown.magnitude)".utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The JSON number FastAPI's `jsonable_encoder` writes for a Decimal: `int(d)` when the
    /// exponent is >= 0 (`1E+2` → `100`, `-0` → `0`), otherwise `float(d)` in Python's `repr`
    /// (`12.50` → `12.5`, `1E-7` → `1e-07`); `Infinity`, `-Infinity` and `NaN` as `json.dumps`
    /// spells them. Nil where Python fails: a signaling NaN (`float()` raises), or an integer of
    /// more than 4300 digits (`json.dumps` raises, and `1E+999999999999999999` exhausts memory).
    static func jsonableNumberText(_ decimal: ExactDecimal) -> String? {
        switch decimal.kind {
        case .infinity: return decimal.isNegative ? "-Infinity" : "Infinity"
        case .quietNaN: return "NaN"
        case .signalingNaN: return nil
        case .finite: break
        }
        if decimal.exponent >= 0 {
            if isZero(decimal) { return "0" }
            guard decimal.digits.count + decimal.exponent <= 4300 else { return nil }
            var out: [UInt8] = decimal.isNegative ? [UInt8(ascii: "-")] : []
            out += decimal.digits
            out += [UInt8](repeating: zeroDigit, count: decimal.exponent)
            return String(decoding: out, as: UTF8.self)
        }
        var text = decimal.isNegative ? "-" : ""
        text += String(decoding: decimal.digits, as: UTF8.self)
        text += "e\(decimal.exponent)"
        return pythonFloatRepr(Double(text) ?? .nan)
    }

    /// Python's `repr(float)`, as `json.dumps` writes it (`Infinity`, `NaN` for the non-finite).
    static func pythonFloatRepr(_ double: Double) -> String {
        if double.isNaN { return "NaN" }
        if double.isInfinite { return double < 0 ? "-Infinity" : "Infinity" }
        let sign = double.sign == .minus ? "-" : ""
        if double == 0 { return sign + "0.0" }
        let (digits, point) = shortestDigits(double)
        let text = String(decoding: digits, as: UTF8.self)
        if point <= -4 || point > 16 {
            let exponent = point - 1
            let mantissa = digits.count > 1 ? "\(text.prefix(1)).\(text.dropFirst())" : text
            let exponentDigits = exponent.magnitude < 10 ? "0\(exponent.magnitude)" : "\(exponent.magnitude)"
            return "\(sign)\(mantissa)e\(exponent < 0 ? "-" : "+")\(exponentDigits)"
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + text }
        if point >= digits.count { return sign + text + String(repeating: "0", count: point - digits.count) + ".0" }
        return sign + "\(text.prefix(point)).\(text.dropFirst(point))"
    }

    // MARK: - Foundation

    /// The nearest `Foundation.Decimal`: 38 significant digits, exponents -128...127.
    static func foundationDecimal(_ decimal: ExactDecimal) -> Foundation.Decimal {
        guard decimal.kind == .finite else { return .nan }
        if isZero(decimal) { return 0 }
        // The common case, a short coefficient in range, is one chunk and needs no copy.
        if decimal.digits.count <= 19, (-128...127).contains(decimal.exponent) {
            var chunk: UInt64 = 0
            for byte in decimal.digits { chunk = chunk * 10 + UInt64(byte - zeroDigit) }
            return checkedFoundationDecimal(
                Foundation.Decimal(
                    sign: decimal.isNegative ? .minus : .plus, exponent: decimal.exponent,
                    significand: Foundation.Decimal(chunk)),
                of: decimal)
        }
        var digits = Array(decimal.digits)
        var exponent = decimal.exponent
        let maximumDigits = 38
        if digits.count > maximumDigits {
            let dropped = digits.count - maximumDigits
            let (rounded, carried) = roundHalfEven(digits, keep: maximumDigits, sticky: false)
            digits = rounded
            exponent += dropped
            if carried {
                digits.removeLast()
                exponent += 1
            }
        }
        while exponent > 127, digits.count < maximumDigits {
            digits.append(zeroDigit)
            exponent -= 1
        }
        if exponent > 127 { return .nan }
        if exponent < -128 {
            let keep = digits.count - (-128 - exponent)
            let (rounded, carried) = roundHalfEven(digits, keep: keep, sticky: false)
            if rounded.isEmpty || !rounded.contains(where: { $0 != zeroDigit }) { return 0 }
            digits = carried ? [UInt8(ascii: "1")] : rounded
            exponent = -128 + (carried ? keep : 0)
        }
        // Build the significand from up to two 19-digit chunks, exactly.
        var significand = Foundation.Decimal(0)
        var start = 0
        while start < digits.count {
            let end = min(start + 19, digits.count)
            var chunk: UInt64 = 0
            for byte in digits[start..<end] { chunk = chunk * 10 + UInt64(byte - zeroDigit) }
            let scale = Foundation.Decimal(sign: .plus, exponent: end - start, significand: 1)
            significand = significand * scale + Foundation.Decimal(chunk)
            start = end
        }
        return checkedFoundationDecimal(
            Foundation.Decimal(sign: decimal.isNegative ? .minus : .plus, exponent: exponent, significand: significand),
            of: decimal)
    }

    /// Foundation moves a significand's trailing zeros into its exponent, which overflows for a
    /// large value such as `47016498451110E+127`; Foundation's own reading of the text keeps
    /// those zeros in the mantissa and holds it.
    private static func checkedFoundationDecimal(_ built: Foundation.Decimal, of decimal: ExactDecimal) -> Foundation.Decimal {
        guard built.isNaN else { return built }
        return Foundation.Decimal(string: pythonString(decimal)) ?? .nan
    }
}
