import Foundation

extension DecimalText {
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
    static func checkedFoundationDecimal(_ built: Foundation.Decimal, of decimal: ExactDecimal) -> Foundation.Decimal {
        guard built.isNaN else { return built }
        return Foundation.Decimal(string: pythonString(decimal)) ?? .nan
    }
}
