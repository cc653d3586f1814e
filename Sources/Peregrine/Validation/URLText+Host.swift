extension URLText {
    // MARK: - Hosts

    static func writeHost(_ host: Host, to out: inout [UInt8]) {
        switch host {
        case .domain(let name):
            out += name
        case .ipv4(let address):
            out += Array("\(address >> 24).\((address >> 16) & 0xFF).\((address >> 8) & 0xFF).\(address & 0xFF)".utf8)
        case .ipv6(let pieces):
            out.append(UInt8(ascii: "["))
            writeIPv6(pieces, to: &out)
            out.append(UInt8(ascii: "]"))
        }
    }

    private static func writeIPv6(_ pieces: [UInt16], to out: inout [UInt8]) {
        // The longest run of two or more zero pieces is compressed (the first, on a tie).
        var longest = -1
        var longestLength = 1
        var start = -1
        for index in 0...8 {
            if index < 8, pieces[index] == 0 {
                if start < 0 { start = index }
            } else if start >= 0 {
                if index - start > longestLength {
                    longest = start
                    longestLength = index - start
                }
                start = -1
            }
        }
        var index = 0
        while index < 8 {
            if index == longest {
                out.append(UInt8(ascii: ":"))
                if index == 0 { out.append(UInt8(ascii: ":")) }
                index = longest + longestLength
                if index >= 8 { break }
            }
            out += Array(String(pieces[index], radix: 16).utf8)
            if index < 7 { out.append(UInt8(ascii: ":")) }
            index += 1
        }
    }

    /// The host of a special URL: IPv6 in brackets, else percent-decoded, IDNA-processed, and
    /// read as IPv4 when it ends in a number.
    static func parseSpecialHost(_ bytes: [UInt8]) throws -> Host {
        if bytes.first == UInt8(ascii: "[") {
            guard bytes.count >= 2, bytes.last == UInt8(ascii: "]") else { throw ParseError.invalidIPv6Address }
            return .ipv6(try parseIPv6(bytes[1..<(bytes.count - 1)]))
        }
        let decoded = percentDecode(bytes)
        guard let domain = IDNA.toASCII(decoded) else { throw ParseError.idnaError }
        if domain.isEmpty { throw ParseError.emptyHost }
        if endsInANumber(domain) { return .ipv4(try parseIPv4(domain)) }
        return .domain(domain)
    }

    /// The opaque host of a non-special URL.
    static func parseOpaqueHost(_ bytes: [UInt8]) throws -> Host {
        if bytes.first == UInt8(ascii: "[") {
            guard bytes.count >= 2, bytes.last == UInt8(ascii: "]") else { throw ParseError.invalidIPv6Address }
            return .ipv6(try parseIPv6(bytes[1..<(bytes.count - 1)]))
        }
        let forbidden = Array("\0\t\n\r #/:<>?@[\\]^|".utf8)
        if bytes.contains(where: { forbidden.contains($0) }) { throw ParseError.invalidDomainCharacter }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for byte in bytes { appendEncoded(byte, controls, to: &out) }
        return .domain(out)
    }

    static func percentDecode(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "%")) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count, let high = hexValue(bytes[index + 1]),
                let low = hexValue(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    static func endsInANumber(_ domain: [UInt8]) -> Bool {
        var parts = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard var last = parts.popLast() else { return false }
        if last.isEmpty {
            guard let previous = parts.popLast() else { return false }
            last = previous
        }
        if !last.isEmpty, last.allSatisfy(isDigit) { return true }
        if case .failure = parseIPv4Number(last) { return false }
        return true
    }

    /// A number of an IPv4 address: decimal, `0x` hexadecimal or `0` octal. `.success(nil)`
    /// means it overflows 32 bits.
    static func parseIPv4Number(_ text: ArraySlice<UInt8>) -> Result<UInt32?, ParseError> {
        if text.isEmpty { return .failure(.invalidIPv4Address) }
        var digits = text
        var radix: UInt64 = 10
        if digits.count >= 2, digits[digits.startIndex] == UInt8(ascii: "0"),
            digits[digits.startIndex + 1] | 0x20 == UInt8(ascii: "x")
        {
            digits = digits.dropFirst(2)
            radix = 16
        } else if digits.count >= 2, digits.first == UInt8(ascii: "0") {
            digits = digits.dropFirst()
            radix = 8
        }
        if digits.isEmpty { return .success(0) }
        var value: UInt64 = 0
        var overflow = false
        for byte in digits {
            let digit: UInt64
            switch radix {
            case 8:
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "7") else { return .failure(.invalidIPv4Address) }
                digit = UInt64(byte - UInt8(ascii: "0"))
            case 10:
                guard isDigit(byte) else { return .failure(.invalidIPv4Address) }
                digit = UInt64(byte - UInt8(ascii: "0"))
            default:
                guard let hex = hexValue(byte) else { return .failure(.invalidIPv4Address) }
                digit = UInt64(hex)
            }
            if !overflow {
                value = value * radix + digit
                if value > UInt64(UInt32.max) { overflow = true }
            }
        }
        return .success(overflow ? nil : UInt32(value))
    }

    static func parseIPv4(_ domain: [UInt8]) throws -> UInt32 {
        var parts = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if parts.last?.isEmpty == true { parts.removeLast() }
        guard !parts.isEmpty, parts.count <= 4 else { throw ParseError.invalidIPv4Address }
        var numbers: [UInt32] = []
        for part in parts {
            guard case .success(let number?) = parseIPv4Number(part) else { throw ParseError.invalidIPv4Address }
            numbers.append(number)
        }
        var address = numbers.removeLast()
        if address > UInt32.max >> (8 * UInt32(numbers.count)) { throw ParseError.invalidIPv4Address }
        if numbers.contains(where: { $0 > 255 }) { throw ParseError.invalidIPv4Address }
        for (counter, number) in numbers.enumerated() { address += number << (8 * (3 - UInt32(counter))) }
        return address
    }

    static func parseIPv6(_ text: ArraySlice<UInt8>) throws -> [UInt16] {
        let input = Array(text)
        let length = input.count
        var pieces = [UInt16](repeating: 0, count: 8)
        var piecePointer = 0
        var compressPointer: Int?
        var index = 0
        var isIPv4 = false
        guard length >= 2 else { throw ParseError.invalidIPv6Address }
        let colon = UInt8(ascii: ":")
        if input[0] == colon {
            guard input[1] == colon else { throw ParseError.invalidIPv6Address }
            index = 2
            piecePointer = 1
            compressPointer = 1
        }
        while index < length {
            if piecePointer == 8 { throw ParseError.invalidIPv6Address }
            if input[index] == colon {
                if compressPointer != nil { throw ParseError.invalidIPv6Address }
                index += 1
                piecePointer += 1
                compressPointer = piecePointer
                continue
            }
            let start = index
            let stop = min(length, start + 4)
            var value: UInt16 = 0
            while index < stop, let digit = hexValue(input[index]) {
                value = value * 0x10 + UInt16(digit)
                index += 1
            }
            if index < length {
                switch input[index] {
                case UInt8(ascii: "."):
                    if index == start { throw ParseError.invalidIPv6Address }
                    index = start
                    if piecePointer > 6 { throw ParseError.invalidIPv6Address }
                    isIPv4 = true
                case colon:
                    index += 1
                    if index == length { throw ParseError.invalidIPv6Address }
                default:
                    throw ParseError.invalidIPv6Address
                }
            }
            if isIPv4 { break }
            pieces[piecePointer] = value
            piecePointer += 1
        }
        if isIPv4 {
            if piecePointer > 6 { throw ParseError.invalidIPv6Address }
            var numbersSeen = 0
            while index < length {
                if numbersSeen > 0 {
                    if numbersSeen < 4, input[index] == UInt8(ascii: ".") {
                        index += 1
                    } else {
                        throw ParseError.invalidIPv6Address
                    }
                }
                var piece: UInt16?
                while index < length, isDigit(input[index]) {
                    let digit = UInt16(input[index] - UInt8(ascii: "0"))
                    switch piece {
                    case nil: piece = digit
                    case 0: throw ParseError.invalidIPv6Address
                    case let current?:
                        let next = current * 10 + digit
                        if next > 255 { throw ParseError.invalidIPv6Address }
                        piece = next
                    }
                    index += 1
                }
                guard let piece else { throw ParseError.invalidIPv6Address }
                pieces[piecePointer] = pieces[piecePointer] &* 0x100 &+ piece
                numbersSeen += 1
                if numbersSeen == 2 || numbersSeen == 4 { piecePointer += 1 }
            }
            if numbersSeen != 4 { throw ParseError.invalidIPv6Address }
        }
        if index < length { throw ParseError.invalidIPv6Address }
        if let compressPointer {
            var swaps = piecePointer - compressPointer
            piecePointer = 7
            while swaps > 0 {
                pieces.swapAt(piecePointer, compressPointer + swaps - 1)
                swaps -= 1
                piecePointer -= 1
            }
        } else if piecePointer != 8 {
            throw ParseError.invalidIPv6Address
        }
        return pieces
    }
}
