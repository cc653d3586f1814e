/// Reads numbers from text with pydantic's grammar, which differs from Swift's initializers:
/// surrounding whitespace is ignored, `_` may separate digits, an integer may end in `.0`, a
/// float may be `inf`, `infinity` or `nan` in any case, and hexadecimal is refused.
enum NumberText {
    enum IntegerResult: Equatable {
        case value(Int)
        case tooLarge
        case invalid
    }

    static func parseInteger(_ text: String) -> IntegerResult {
        // The common case, plain ASCII digits, needs no trimming or copying.
        if let value = Int(text) { return .value(value) }
        let scalars = Array(text.trimmingWhitespace().unicodeScalars)
        var position = 0
        var negative = false
        if position < scalars.count, scalars[position] == "-" || scalars[position] == "+" {
            negative = scalars[position] == "-"
            position += 1
        }
        guard let digitsEnd = scanDigits(scalars, from: position), digitsEnd > position else { return .invalid }
        // An integer may carry a fraction of zeros only ("5.0", "5.00").
        if digitsEnd < scalars.count {
            guard scalars[digitsEnd] == ".", digitsEnd + 1 < scalars.count,
                scalars[(digitsEnd + 1)...].allSatisfy({ $0 == "0" })
            else { return .invalid }
        }
        var value = 0
        for scalar in scalars[position..<digitsEnd] where scalar != "_" {
            let digit = Int(scalar.value - 48)
            let (multiplied, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (added, overflow2) =
                negative ? multiplied.subtractingReportingOverflow(digit) : multiplied.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return .tooLarge }
            value = added
        }
        return .value(value)
    }

    static func parseDouble(_ text: String) -> Double? {
        let trimmedText = text.trimmingWhitespace()
        // pydantic accepts digit separators only in text without surrounding whitespace.
        if trimmedText.utf8.count != text.utf8.count && text.utf8.contains(UInt8(ascii: "_")) { return nil }
        let scalars = Array(trimmedText.unicodeScalars)
        var position = 0
        var negative = false
        if position < scalars.count, scalars[position] == "-" || scalars[position] == "+" {
            negative = scalars[position] == "-"
            position += 1
        }
        let rest = String(String.UnicodeScalarView(scalars[position...])).lowercased()
        switch rest {
        case "inf", "infinity": return negative ? -.infinity : .infinity
        case "nan": return .nan
        default: break
        }
        // [digits][.digits][e[sign]digits], with at least one digit before the exponent.
        var cleaned = negative ? "-" : ""
        let integerEnd = scanDigits(scalars, from: position) ?? -1
        guard integerEnd >= 0 else { return nil }
        var hasDigits = integerEnd > position
        cleaned += hasDigits ? digitsWithoutSeparators(scalars[position..<integerEnd]) : "0"
        position = integerEnd
        if position < scalars.count, scalars[position] == "." {
            position += 1
            let fractionEnd = scanDigits(scalars, from: position) ?? -1
            guard fractionEnd >= 0 else { return nil }
            if fractionEnd > position {
                hasDigits = true
                cleaned += "." + digitsWithoutSeparators(scalars[position..<fractionEnd])
            }
            position = fractionEnd
        }
        guard hasDigits else { return nil }
        if position < scalars.count, scalars[position] == "e" || scalars[position] == "E" {
            position += 1
            cleaned += "e"
            if position < scalars.count, scalars[position] == "-" || scalars[position] == "+" {
                cleaned.unicodeScalars.append(scalars[position])
                position += 1
            }
            let exponentEnd = scanDigits(scalars, from: position) ?? -1
            guard exponentEnd > position else { return nil }
            cleaned += digitsWithoutSeparators(scalars[position..<exponentEnd])
            position = exponentEnd
        }
        guard position == scalars.count else { return nil }
        return Double(cleaned)
    }

    /// The end of a run of ASCII digits in which single underscores may separate digits, or nil
    /// when an underscore is misplaced.
    private static func scanDigits(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var position = start
        var previousWasDigit = false
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar.value >= 48, scalar.value <= 57 {
                previousWasDigit = true
            } else if scalar == "_" {
                guard previousWasDigit, position + 1 < scalars.count,
                    scalars[position + 1].value >= 48, scalars[position + 1].value <= 57
                else { return nil }
                previousWasDigit = false
            } else {
                break
            }
            position += 1
        }
        return position
    }

    private static func digitsWithoutSeparators(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var result = ""
        for scalar in scalars where scalar != "_" { result.unicodeScalars.append(scalar) }
        return result
    }
}
