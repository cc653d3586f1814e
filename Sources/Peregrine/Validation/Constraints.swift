/// A numeric bound written in a constraint (`gt: 0`, `le: 10.5`).
///
/// pydantic reports a bound converted to the field's type (`{"gt": 0.0}` for a float field,
/// `{"gt": 0}` for an integer field), so the literal's kind is kept until the field's type is known.
public enum Bound: Sendable, Hashable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    case int(Int)
    case double(Double)

    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }

    var doubleValue: Double {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        }
    }
}

/// The values of a `literal` constraint: one (`"cat"`) or several (`["s", "m", "l"]`).
public struct LiteralValues: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral
{
    public let values: [JSONValue]

    public init(_ values: [JSONValue]) { self.values = values }
    public init(stringLiteral value: String) { values = [.string(value)] }
    public init(integerLiteral value: Int) { values = [.int(value)] }
    public init(booleanLiteral value: Bool) { values = [.bool(value)] }
    public init(arrayLiteral elements: JSONValue...) { values = elements }
}

/// A regular expression that a string must contain a match of (pydantic's `pattern`, which
/// searches rather than matching the whole string).
public final class Pattern: @unchecked Sendable, Hashable {
    /// The pattern as written; FastAPI echoes it in the error.
    public let source: String
    // Regex holds no mutable state once built, so sharing it between requests is safe.
    private let regex: Regex<AnyRegexOutput>

    /// Compiles `source`. Route and model macros check patterns at compile time; a pattern built at
    /// run time that does not compile is a programming error and stops the app at start-up.
    public init(_ source: String) {
        self.source = source
        do {
            regex = try Regex(source)
        } catch {
            preconditionFailure("invalid pattern \(source): \(error)")
        }
    }

    public func matches(_ string: String) -> Bool {
        (try? regex.firstMatch(in: string)) != nil
    }

    /// Whether the whole of `string` matches, as Python's `re.fullmatch`.
    public func matchesWhole(_ string: String) -> Bool {
        (try? regex.wholeMatch(in: string)) != nil
    }

    public static func == (lhs: Pattern, rhs: Pattern) -> Bool { lhs.source == rhs.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }
}

/// The constraints FastAPI and pydantic accept on a parameter or a model field.
///
/// Each applies to the types it makes sense for: lengths to strings and arrays, `pattern` to
/// strings, bounds to numbers. On an `Optional` they apply to the wrapped value when there is one.
///
/// A value is one shared, immutable box (none at all for no constraints), so passing it to every
/// field's validation copies a reference; what validation derives from the bounds (the exact
/// decimals a `Decimal` field compares with) is worked out once, when the constraints are made.
public struct Constraints: Sendable, Hashable {
    final class Storage: Sendable {
        let minLength: Int?
        let maxLength: Int?
        let pattern: Pattern?
        let gt: Bound?
        let ge: Bound?
        let lt: Bound?
        let le: Bound?
        let multipleOf: Bound?
        let allowInfNaN: Bool?
        let maxDigits: Int?
        let decimalPlaces: Int?
        let literal: [JSONValue]?
        /// The limits as pydantic's decimal validator takes them; nil when there is none.
        let decimal: DecimalText.DecimalConstraints?

        init(
            minLength: Int?, maxLength: Int?, pattern: Pattern?, gt: Bound?, ge: Bound?, lt: Bound?, le: Bound?,
            multipleOf: Bound?, allowInfNaN: Bool?, maxDigits: Int?, decimalPlaces: Int?, literal: [JSONValue]?
        ) {
            self.minLength = minLength
            self.maxLength = maxLength
            self.pattern = pattern
            self.gt = gt
            self.ge = ge
            self.lt = lt
            self.le = le
            self.multipleOf = multipleOf
            self.allowInfNaN = allowInfNaN
            self.maxDigits = maxDigits
            self.decimalPlaces = decimalPlaces
            self.literal = literal
            if gt != nil || ge != nil || lt != nil || le != nil || multipleOf != nil || allowInfNaN != nil || maxDigits != nil || decimalPlaces != nil {
                decimal = DecimalText.DecimalConstraints(
                    maxDigits: maxDigits, decimalPlaces: decimalPlaces, gt: gt.map(ExactDecimal.init(bound:)),
                    ge: ge.map(ExactDecimal.init(bound:)), lt: lt.map(ExactDecimal.init(bound:)),
                    le: le.map(ExactDecimal.init(bound:)), multipleOf: multipleOf.map(ExactDecimal.init(bound:)),
                    allowInfNaN: allowInfNaN ?? false)
            } else {
                decimal = nil
            }
        }
    }

    /// Nil when there is no constraint at all, the common case.
    let storage: Storage?

    public var minLength: Int? { storage?.minLength }
    public var maxLength: Int? { storage?.maxLength }
    public var pattern: Pattern? { storage?.pattern }
    public var gt: Bound? { storage?.gt }
    public var ge: Bound? { storage?.ge }
    public var lt: Bound? { storage?.lt }
    public var le: Bound? { storage?.le }
    /// The value must be a whole multiple of this (pydantic's `multiple_of`).
    public var multipleOf: Bound? { storage?.multipleOf }
    /// Whether a floating-point value may be infinite or NaN (pydantic's `allow_inf_nan`). Nil
    /// keeps the default: checked after the bounds, since JSON cannot carry such a value out.
    public var allowInfNaN: Bool? { storage?.allowInfNaN }
    /// The most digits a `Decimal` may have in all (pydantic's `max_digits`).
    public var maxDigits: Int? { storage?.maxDigits }
    /// The most digits a `Decimal` may have after the point (pydantic's `decimal_places`).
    public var decimalPlaces: Int? { storage?.decimalPlaces }
    /// The only values accepted, compared as JSON: pydantic's `Literal[...]`.
    public var literal: [JSONValue]? { storage?.literal }

    public init(
        minLength: Int? = nil,
        maxLength: Int? = nil,
        pattern: String? = nil,
        gt: Bound? = nil,
        ge: Bound? = nil,
        lt: Bound? = nil,
        le: Bound? = nil,
        multipleOf: Bound? = nil,
        allowInfNaN: Bool? = nil,
        maxDigits: Int? = nil,
        decimalPlaces: Int? = nil,
        literal: LiteralValues? = nil
    ) {
        // Checked one by one: this runs per validation where constraints cannot be hoisted.
        let numeric = gt != nil || ge != nil || lt != nil || le != nil || multipleOf != nil
        let text = minLength != nil || maxLength != nil || pattern != nil || literal != nil
        guard numeric || text || allowInfNaN != nil || maxDigits != nil || decimalPlaces != nil else {
            storage = nil
            return
        }
        storage = Storage(
            minLength: minLength, maxLength: maxLength, pattern: pattern.map(Pattern.init), gt: gt, ge: ge, lt: lt,
            le: le, multipleOf: multipleOf, allowInfNaN: allowInfNaN, maxDigits: maxDigits,
            decimalPlaces: decimalPlaces, literal: literal?.values)
    }

    public static let none = Constraints()

    public var isEmpty: Bool { storage == nil }

    public static func == (lhs: Constraints, rhs: Constraints) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case (nil, nil): return true
        case (let left?, let right?):
            return left === right
                || (left.minLength == right.minLength && left.maxLength == right.maxLength
                    && left.pattern == right.pattern && left.gt == right.gt && left.ge == right.ge
                    && left.lt == right.lt && left.le == right.le && left.multipleOf == right.multipleOf
                    && left.allowInfNaN == right.allowInfNaN && left.maxDigits == right.maxDigits
                    && left.decimalPlaces == right.decimalPlaces && left.literal == right.literal)
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(minLength)
        hasher.combine(maxLength)
        hasher.combine(pattern)
        hasher.combine(gt)
        hasher.combine(ge)
        hasher.combine(lt)
        hasher.combine(le)
        hasher.combine(multipleOf)
        hasher.combine(allowInfNaN)
        hasher.combine(maxDigits)
        hasher.combine(decimalPlaces)
        hasher.combine(literal)
    }
}

extension Constraints {
    /// pydantic's `Literal[...]` check, made before the type's own validation (a literal refuses
    /// `5` with `literal_error`, not `string_type`): the values listed as Python reprs.
    @usableFromInline
    func checkLiteral(_ input: JSONValue, in context: inout ValidationContext) -> Bool {
        guard let literal else { return true }
        if literal.contains(where: { Self.sameLiteral($0, input) }) { return true }
        let expected = Self.describeChoices(literal.map(Self.pythonRepr))
        context.fail("literal_error", "Input should be \(expected)", input: input, context: ["expected": .string(expected)])
        return false
    }

    /// Python's equality for literal choices: `1 == 1.0`, but `True` is not `1` for a literal.
    private static func sameLiteral(_ choice: JSONValue, _ input: JSONValue) -> Bool {
        switch (choice, input) {
        case (.int(let a), .double(let b)): Double(a) == b
        default: choice == input
        }
    }

    /// Python's `repr` of the value as Python parsed it from JSON.
    static func pythonRepr(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "'\(text)'"
        case .bool(let flag): flag ? "True" : "False"
        case .null: "None"
        case .array(let items): "[" + items.map(pythonRepr).joined(separator: ", ") + "]"
        case .object(let object): "{" + object.map { "'\($0.key)': \(pythonRepr($0.value))" }.joined(separator: ", ") + "}"
        default: value.description
        }
    }

    /// Python's `str` of the value: a string as it is, anything else as its `repr`.
    static func pythonString(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return pythonRepr(value)
    }

    /// Choices as pydantic lists them: joined with commas and a final "or".
    static func describeChoices(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }

    /// Checks a string's length and pattern, recording the first violation as pydantic does.
    func check(string value: String, input: JSONValue, in context: inout ValidationContext) -> Bool {
        if minLength != nil || maxLength != nil {
            // pydantic counts code points, not grapheme clusters: the UTF-8 bytes that start one.
            let length =
                value.utf8.withContiguousStorageIfAvailable { bytes in
                    bytes.reduce(0) { count, byte in byte & 0xC0 == 0x80 ? count : count &+ 1 }
                } ?? value.unicodeScalars.count
            if let minLength, length < minLength {
                context.fail(
                    "string_too_short",
                    "String should have at least \(minLength) character\(minLength == 1 ? "" : "s")",
                    input: input, context: ["min_length": .int(minLength)])
                return false
            }
            if let maxLength, length > maxLength {
                context.fail(
                    "string_too_long",
                    "String should have at most \(maxLength) character\(maxLength == 1 ? "" : "s")",
                    input: input, context: ["max_length": .int(maxLength)])
                return false
            }
        }
        if let pattern, !pattern.matches(value) {
            context.fail(
                "string_pattern_mismatch", "String should match pattern '\(pattern.source)'",
                input: input, context: ["pattern": .string(pattern.source)])
            return false
        }
        return true
    }

    /// Checks a floating-point value against the bounds, in pydantic's order (le, lt, ge, gt).
    func check(double value: Double, input: JSONValue, in context: inout ValidationContext) -> Bool {
        if allowInfNaN == false, !value.isFinite {
            context.fail("finite_number", "Input should be a finite number", input: input)
            return false
        }
        if let multipleOf {
            let divisor = multipleOf.doubleValue
            let remainder = value.truncatingRemainder(dividingBy: divisor)
            // pydantic-core's tolerance, so that 0.3 is a multiple of 0.1.
            let threshold = abs(value) / 1e9
            if abs(remainder) > threshold && abs(abs(remainder) - abs(divisor)) > threshold {
                let bound: JSONValue = .double(divisor)
                context.fail(
                    "multiple_of", "Input should be a multiple of \(NumberDisplay.describe(bound))", input: input,
                    context: ["multiple_of": bound])
                return false
            }
        }
        if let le, !(value <= le.doubleValue) {
            return failBound("less_than_equal", "less than or equal to", "le", .double(le.doubleValue), input, &context)
        }
        if let lt, !(value < lt.doubleValue) {
            return failBound("less_than", "less than", "lt", .double(lt.doubleValue), input, &context)
        }
        if let ge, !(value >= ge.doubleValue) {
            return failBound("greater_than_equal", "greater than or equal to", "ge", .double(ge.doubleValue), input, &context)
        }
        if let gt, !(value > gt.doubleValue) {
            return failBound("greater_than", "greater than", "gt", .double(gt.doubleValue), input, &context)
        }
        return true
    }

    /// Checks an integer against the bounds, in pydantic's order (le, lt, ge, gt).
    func check(integer value: Int, input: JSONValue, in context: inout ValidationContext) -> Bool {
        func holds(_ bound: Bound, _ compare: (Int, Int) -> Bool, _ compareDouble: (Double, Double) -> Bool) -> Bool {
            switch bound {
            case .int(let limit): compare(value, limit)
            case .double(let limit): compareDouble(Double(value), limit)
            }
        }
        func echo(_ bound: Bound) -> JSONValue {
            switch bound {
            case .int(let limit): .int(limit)
            case .double(let limit): .double(limit)
            }
        }
        if let multipleOf {
            let isMultiple: Bool
            switch multipleOf {
            case .int(let divisor): isMultiple = divisor != 0 && value % divisor == 0
            case .double(let divisor): isMultiple = Double(value).truncatingRemainder(dividingBy: divisor) == 0
            }
            if !isMultiple {
                let bound = echo(multipleOf)
                context.fail(
                    "multiple_of", "Input should be a multiple of \(NumberDisplay.describe(bound))", input: input,
                    context: ["multiple_of": bound])
                return false
            }
        }
        if let le, !holds(le, <=, <=) {
            return failBound("less_than_equal", "less than or equal to", "le", echo(le), input, &context)
        }
        if let lt, !holds(lt, <, <) {
            return failBound("less_than", "less than", "lt", echo(lt), input, &context)
        }
        if let ge, !holds(ge, >=, >=) {
            return failBound("greater_than_equal", "greater than or equal to", "ge", echo(ge), input, &context)
        }
        if let gt, !holds(gt, >, >) {
            return failBound("greater_than", "greater than", "gt", echo(gt), input, &context)
        }
        return true
    }

    /// Checks the number of elements of a list.
    func check(count: Int, input: JSONValue, in context: inout ValidationContext) -> Bool {
        if let minLength, count < minLength {
            context.fail(
                "too_short",
                "List should have at least \(minLength) item\(minLength == 1 ? "" : "s") after validation, not \(count)",
                input: input,
                context: ["field_type": "List", "min_length": .int(minLength), "actual_length": .int(count)])
            return false
        }
        if let maxLength, count > maxLength {
            context.fail(
                "too_long",
                "List should have at most \(maxLength) item\(maxLength == 1 ? "" : "s") after validation, not \(count)",
                input: input,
                context: ["field_type": "List", "max_length": .int(maxLength), "actual_length": .int(count)])
            return false
        }
        return true
    }

    private func failBound(
        _ type: String, _ phrase: String, _ key: String, _ bound: JSONValue, _ input: JSONValue,
        _ context: inout ValidationContext
    ) -> Bool {
        context.fail(type, "Input should be \(phrase) \(NumberDisplay.describe(bound))", input: input, context: [key: bound])
        return false
    }
}
