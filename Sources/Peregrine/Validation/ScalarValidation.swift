import Foundation

// pydantic's lax-mode coercions, one type per extension. The error types and messages are
// pydantic's own, because FastAPI clients read them.

extension String: ParameterValue {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> String? {
        if case .string(let value) = input { return value }
        context.fail("string_type", "Input should be a valid string", input: input)
        return nil
    }

    public func check(_ constraints: Constraints, input: JSONValue, in context: inout ValidationContext) -> Bool {
        constraints.check(string: self, input: input, in: &context)
    }

    public func writeJSON(to writer: inout JSONWriter) { writer.write(self) }
}

extension Bool: ParameterValue {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> Bool? {
        if context.isStrict, case .bool(let value) = input { return value }
        if context.isStrict {
            context.fail("bool_type", "Input should be a valid boolean", input: input)
            return nil
        }
        switch input {
        case .bool(let value):
            return value
        case .int(let value) where value == 0 || value == 1:
            context.noteLax()
            return value == 1
        case .int:
            context.fail("bool_parsing", "Input should be a valid boolean, unable to interpret input", input: input)
            return nil
        case .double(let value) where value == 0 || value == 1:
            context.noteLax()
            return value == 1
        case .double(let value) where Int(exactly: value) != nil:
            // pydantic treats a float with an exact integer value as that integer.
            context.fail("bool_parsing", "Input should be a valid boolean, unable to interpret input", input: input)
            return nil
        case .string(let text):
            context.noteLax()
            switch text.lowercased() {
            case "1", "on", "t", "true", "y", "yes": return true
            case "0", "off", "f", "false", "n", "no": return false
            default:
                context.fail("bool_parsing", "Input should be a valid boolean, unable to interpret input", input: input)
                return nil
            }
        default:
            context.fail("bool_type", "Input should be a valid boolean", input: input)
            return nil
        }
    }

    public func writeJSON(to writer: inout JSONWriter) { writer.write(self) }
}

extension Double: ParameterValue {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> Double? {
        if context.isStrict {
            switch input {
            case .double(let value): return value
            case .int(let value):
                context.noteStrict()
                return Double(value)
            default:
                context.fail("float_type", "Input should be a valid number", input: input)
                return nil
            }
        }
        switch input {
        case .double(let value): return value
        case .int(let value):
            context.noteStrict()
            return Double(value)
        case .bool(let value):
            context.noteLax()
            return value ? 1 : 0
        case .string(let text):
            context.noteLax()
            if let value = NumberText.parseDouble(text) { return value }
            context.fail("float_parsing", "Input should be a valid number, unable to parse string as a number", input: input)
            return nil
        default:
            context.fail("float_type", "Input should be a valid number", input: input)
            return nil
        }
    }

    /// pydantic's `allow_inf_nan=False`: JSON cannot carry infinities or NaN back out (1e400,
    /// `Infinity`, "nan", a 100,000-digit number), so one that passed every constraint is refused
    /// rather than echoed as null. Constraints come first, so a bound still answers as in FastAPI.
    public func checkRepresentable(input: JSONValue, in context: inout ValidationContext) -> Bool {
        guard isFinite else {
            context.fail("finite_number", "Input should be a finite number", input: input)
            return false
        }
        return true
    }

    public func check(_ constraints: Constraints, input: JSONValue, in context: inout ValidationContext) -> Bool {
        constraints.check(double: self, input: input, in: &context)
    }

    public func writeJSON(to writer: inout JSONWriter) { writer.write(self) }
}

extension Float: ParameterValue {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> Float? {
        Double.validate(input, in: &context).map(Float.init)
    }

    public func check(_ constraints: Constraints, input: JSONValue, in context: inout ValidationContext) -> Bool {
        constraints.check(double: Double(self), input: input, in: &context)
    }

    public func checkRepresentable(input: JSONValue, in context: inout ValidationContext) -> Bool {
        Double(self).checkRepresentable(input: input, in: &context)
    }

    public func writeJSON(to writer: inout JSONWriter) {
        // Write the shortest text of the Float, not of its widened Double (0.1, not 0.10000000149011612).
        guard isFinite else { return writer.writeNull() }
        writer.writeRaw(description.utf8)
    }
}

/// Integers of every width share pydantic's integer rules; values outside the type's range fail
/// like a bound would (`less_than_equal` with the type's maximum).
public protocol ValidatableInteger: FixedWidthInteger, ParameterValue {}

extension ValidatableInteger {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> Self? {
        let wide: Int
        if context.isStrict {
            guard case .int(let value) = input else {
                context.fail("int_type", "Input should be a valid integer", input: input)
                return nil
            }
            return validateRange(value, input: input, in: &context)
        }
        switch input {
        case .int(let value):
            wide = value
        case .bool(let value):
            context.noteLax()
            wide = value ? 1 : 0
        case .double(let value):
            context.noteLax()
            guard value.isFinite else {
                context.fail("finite_number", "Input should be a finite number", input: input)
                return nil
            }
            guard value.rounded(.towardZero) == value else {
                context.fail(
                    "int_from_float", "Input should be a valid integer, got a number with a fractional part",
                    input: input)
                return nil
            }
            guard let exact = Int(exactly: value) else {
                context.fail(
                    "int_parsing_size", "Unable to parse input string as an integer, exceeded maximum size", input: input)
                return nil
            }
            wide = exact
        case .string(let text):
            context.noteLax()
            switch NumberText.parseInteger(text) {
            case .value(let value):
                wide = value
            case .tooLarge:
                context.fail(
                    "int_parsing_size", "Unable to parse input string as an integer, exceeded maximum size", input: input)
                return nil
            case .invalid:
                context.fail(
                    "int_parsing", "Input should be a valid integer, unable to parse string as an integer", input: input)
                return nil
            }
        default:
            context.fail("int_type", "Input should be a valid integer", input: input)
            return nil
        }
        return validateRange(wide, input: input, in: &context)
    }

    private static func validateRange(_ wide: Int, input: JSONValue, in context: inout ValidationContext) -> Self? {
        if let value = Self(exactly: wide) { return value }
        if wide > 0 {
            context.fail(
                "less_than_equal", "Input should be less than or equal to \(Self.max)", input: input,
                context: ["le": .int(Int(clamping: Self.max))])
        } else {
            context.fail(
                "greater_than_equal", "Input should be greater than or equal to \(Self.min)", input: input,
                context: ["ge": .int(Int(clamping: Self.min))])
        }
        return nil
    }

    public func check(_ constraints: Constraints, input: JSONValue, in context: inout ValidationContext) -> Bool {
        constraints.check(integer: Int(clamping: self), input: input, in: &context)
    }

    public func writeJSON(to writer: inout JSONWriter) {
        if let value = Int(exactly: self) {
            writer.write(value)
        } else {
            writer.writeRaw(String(self).utf8)
        }
    }
}

extension Int: ValidatableInteger {}
extension Int8: ValidatableInteger {}
extension Int16: ValidatableInteger {}
extension Int32: ValidatableInteger {}
extension Int64: ValidatableInteger {}
extension UInt: ValidatableInteger {}
extension UInt8: ValidatableInteger {}
extension UInt16: ValidatableInteger {}
extension UInt32: ValidatableInteger {}
extension UInt64: ValidatableInteger {}

extension UUID: ParameterValue {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> UUID? {
        if context.isStrict {
            // Strict mode takes UUID objects only, which JSON cannot carry.
            context.fail("is_instance_of", "Input should be an instance of UUID", input: input, context: ["class": "UUID"])
            return nil
        }
        guard case .string(let text) = input else {
            context.fail("uuid_type", "UUID input should be a string, bytes or UUID object", input: input)
            return nil
        }
        context.noteLax()
        switch UUIDText.parse(text) {
        case .success(let uuid):
            return uuid
        case .failure(let problem):
            context.fail(
                "uuid_parsing", "Input should be a valid UUID, \(problem.message)", input: input,
                context: ["error": .string(problem.message)])
            return nil
        }
    }

    public func writeJSON(to writer: inout JSONWriter) {
        // Python prints UUIDs in lower case.
        writer.write(uuidString.lowercased())
    }
}

extension JSONValue: Content {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> JSONValue? { input }
}

extension Optional: Validatable where Wrapped: Validatable {
    @inlinable
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> Wrapped?? {
        if case .null = input { return .some(nil) }
        return Wrapped.validate(input, in: &context).map { .some($0) }
    }

    @inlinable
    public func check(_ constraints: Constraints, input: JSONValue, in context: inout ValidationContext) -> Bool {
        guard let self else { return true }
        return self.check(constraints, input: input, in: &context)
    }

    @inlinable
    public func checkRepresentable(input: JSONValue, in context: inout ValidationContext) -> Bool {
        guard let self else { return true }
        return self.checkRepresentable(input: input, in: &context)
    }

    @inlinable
    public static var valueWhenMissing: Wrapped?? { .some(nil) }
}

extension Optional: JSONWritable where Wrapped: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) {
        if let self { self.writeJSON(to: &writer) } else { writer.writeNull() }
    }
}

extension Optional: Content where Wrapped: Content {}
extension Optional: ParameterValue where Wrapped: ParameterValue {}

extension Array: Validatable where Element: Validatable {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> [Element]? {
        guard case .array(let items) = input else {
            context.fail("list_type", "Input should be a valid list", input: input)
            return nil
        }
        var result: [Element] = []
        result.reserveCapacity(items.count)
        var valid = true
        for (index, item) in items.enumerated() {
            context.enter(.index(index))
            let element = Element.validate(item, constraints: .none, in: &context)
            context.leave()
            if let element { result.append(element) } else { valid = false }
        }
        return valid ? result : nil
    }

    public func check(_ constraints: Constraints, input: JSONValue, in context: inout ValidationContext) -> Bool {
        constraints.check(count: count, input: input, in: &context)
    }
}

extension Array: JSONWritable where Element: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) { writer.writeArray(self) }
}

extension Array: Content where Element: Content {}

extension Set: Validatable where Element: Validatable {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> Set<Element>? {
        guard let elements = [Element].validate(input, in: &context) else { return nil }
        return Set(elements)
    }

    public func check(_ constraints: Constraints, input: JSONValue, in context: inout ValidationContext) -> Bool {
        constraints.check(count: count, input: input, in: &context)
    }
}

extension Set: JSONWritable where Element: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) { writer.writeArray(self) }
}

extension Set: Content where Element: Content {}

extension Dictionary: Validatable where Key == String, Value: Validatable {
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> [String: Value]? {
        guard case .object(let members) = input else {
            context.fail("dict_type", "Input should be a valid dictionary", input: input)
            return nil
        }
        var result: [String: Value] = [:]
        var valid = true
        for (key, member) in members {
            context.enter(.key(key))
            let value = Value.validate(member, constraints: .none, in: &context)
            context.leave()
            if let value { result[key] = value } else { valid = false }
        }
        return valid ? result : nil
    }
}

extension Dictionary: JSONWritable where Key == String, Value: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) {
        writer.writeObject { writer in
            for (key, value) in self { writer.writeMember(key, value) }
        }
    }
}

extension Dictionary: Content where Key == String, Value: Content {}

extension ParameterValue where Self: RawRepresentable & CaseIterable, RawValue: Validatable & JSONWritable {
    /// An enum accepts exactly its raw values, and otherwise lists them as pydantic does:
    /// `Input should be 'alexnet', 'resnet' or 'lenet'`.
    public static func validate(_ input: JSONValue, in context: inout ValidationContext) -> Self? {
        var scratch = ValidationContext()
        if let raw = RawValue.validate(input, in: &scratch), let value = Self(rawValue: raw) {
            return value
        }
        let expected = Self.expectedDescription
        context.fail("enum", "Input should be \(expected)", input: input, context: ["expected": .string(expected)])
        return nil
    }

    public func writeJSON(to writer: inout JSONWriter) { rawValue.writeJSON(to: &writer) }

    /// The cases as pydantic lists them: Python reprs joined with commas and a final "or".
    static var expectedDescription: String {
        let names = allCases.map { value -> String in
            let raw = JSONValue(value.rawValue)
            if case .string(let text) = raw { return "'\(text)'" }
            return raw.description
        }
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}
