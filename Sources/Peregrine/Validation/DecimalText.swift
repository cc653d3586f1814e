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

    static func boundProblem(
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

    static func contextValue(_ bound: ExactDecimal) -> ProblemValue {
        .decimalText(jsonableNumberText(bound) ?? pythonString(bound))
    }

    /// `max_digits`, `decimal_places` and the implied whole-digit limit, each judged on the value
    /// as written and on its normalized form.
    static func digitProblem(_ decimal: ExactDecimal, _ constraints: DecimalConstraints) -> ScalarProblem? {
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
    static func normalizedDigitsInfo(_ decimal: ExactDecimal) -> (decimals: Int, digits: Int) {
        if isZero(decimal) { return (0, 1) }
        var end = decimal.digits.count
        while end > 1, decimal.digits[end - 1] == zeroDigit { end -= 1 }
        let exponent = decimal.exponent + decimal.digits.count - end
        if exponent >= 0 { return (0, end + exponent) }
        return (-exponent, max(end, -exponent))
    }

    /// pydantic's `(decimals, digits)`: a positive exponent adds trailing zeros to the digits, a
    /// negative one counts decimal places (and at least as many digits).
    static func digitsInfo(_ decimal: ExactDecimal) -> (decimals: Int, digits: Int) {
        if decimal.exponent >= 0 { return (0, decimal.digits.count + decimal.exponent) }
        let decimals = -decimal.exponent
        return (decimals, max(decimal.digits.count, decimals))
    }
}
