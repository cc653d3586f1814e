/// Formats numbers in error messages the way pydantic-core (written in Rust) does: a float prints
/// without exponent and without a trailing `.0` (`10`, `10.5`, `0.0001`).
enum NumberDisplay {
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .int(let integer): String(integer)
        case .double(let double): describe(double)
        default: value.description
        }
    }

    static func describe(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-inf" : "inf") }
        let text = value.description  // shortest round-trip digits, maybe with an exponent
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        var mantissa = unsigned
        var exponent = 0
        if let e = unsigned.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(unsigned[..<e])
            exponent = Int(unsigned[unsigned.index(after: e)...]) ?? 0
        }
        var integerDigits = mantissa
        var fractionDigits = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerDigits = String(mantissa[..<dot])
            fractionDigits = String(mantissa[mantissa.index(after: dot)...])
        }
        var digits = integerDigits + fractionDigits
        var pointPosition = integerDigits.count + exponent
        if pointPosition <= 0 {
            digits = String(repeating: "0", count: 1 - pointPosition) + digits
            pointPosition = 1
        }
        if digits.count < pointPosition {
            digits += String(repeating: "0", count: pointPosition - digits.count)
        }
        var integerPart = String(digits.prefix(pointPosition))
        var fractionPart = String(digits.dropFirst(pointPosition))
        while fractionPart.hasSuffix("0") { fractionPart.removeLast() }
        while integerPart.count > 1, integerPart.hasPrefix("0") { integerPart.removeFirst() }
        let body = fractionPart.isEmpty ? integerPart : integerPart + "." + fractionPart
        return negative ? "-" + body : body
    }
}
