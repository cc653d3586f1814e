import Foundation

extension DecimalText {
    // MARK: - Reading

    /// Python's whitespace (`str.isspace`), which `Decimal(str)` strips from both ends.
    static func isPythonSpace(_ value: UInt32) -> Bool {
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
    static func parsePlain(_ bytes: UnsafeBufferPointer<UInt8>) -> ExactDecimal? {
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

    static func matchesIgnoringCase(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ word: String) -> Bool {
        bytes.count == word.utf8.count && zip(bytes, word.utf8).allSatisfy { ($0 | 0x20) == $1 }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= zeroDigit && byte <= UInt8(ascii: "9") }

    static func parseASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> ExactDecimal? {
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
    static func parseSpecial(_ rest: Slice<UnsafeBufferPointer<UInt8>>, negative: Bool) -> ExactDecimal? {
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

    static func parseNumber(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, negative: Bool) -> ExactDecimal? {
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
    static func shortestDigits(_ double: Double) -> (digits: [UInt8], point: Int) {
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
}
