import Foundation

/// Reads UUIDs in the forms pydantic accepts (hyphenated, 32 hex digits, `{braced}`, `urn:uuid:`),
/// and explains a refusal in the words of the Rust `uuid` crate that pydantic reports.
enum UUIDText {
    struct Problem: Error, Equatable {
        let message: String
    }

    static func parse(_ text: String) -> Result<UUID, Problem> {
        let bytes = Array(text.utf8)
        var hyphenated: ArraySlice<UInt8>?
        switch bytes.count {
        case 32:
            if let uuid = uuid(fromHex: bytes[...]) { return .success(uuid) }
        case 36:
            hyphenated = bytes[...]
        case 38 where bytes.first == UInt8(ascii: "{") && bytes.last == UInt8(ascii: "}"):
            hyphenated = bytes[1..<37]
        case 45 where bytes.starts(with: Array("urn:uuid:".utf8)):
            hyphenated = bytes[9...]
        default:
            break
        }
        if let hyphenated, let uuid = uuid(fromHyphenated: hyphenated) { return .success(uuid) }
        return .failure(Problem(message: explain(text)))
    }

    private static let groupStarts = [0, 9, 14, 19, 24]
    private static let groupLengths = [8, 4, 4, 4, 12]

    private static func uuid(fromHyphenated bytes: ArraySlice<UInt8>) -> UUID? {
        let base = bytes.startIndex
        for start in groupStarts.dropFirst() where bytes[base + start - 1] != UInt8(ascii: "-") { return nil }
        return uuid(fromHex: bytes.filter { $0 != UInt8(ascii: "-") }[...])
    }

    private static func uuid(fromHex bytes: ArraySlice<UInt8>) -> UUID? {
        guard bytes.count == 32 else { return nil }
        var octets = [UInt8](repeating: 0, count: 16)
        for (offset, byte) in bytes.enumerated() {
            guard let nibble = byte.hexDigitValue else { return nil }
            octets[offset / 2] |= offset % 2 == 0 ? nibble << 4 : nibble
        }
        return UUID(
            uuid: (
                octets[0], octets[1], octets[2], octets[3], octets[4], octets[5], octets[6], octets[7],
                octets[8], octets[9], octets[10], octets[11], octets[12], octets[13], octets[14], octets[15]
            ))
    }


    /// Why `text` is not a UUID, following the `uuid` crate's diagnosis order: a bad character
    /// first, then the length of an undivided UUID, then the number of groups, then a group's length.
    private static func explain(_ text: String) -> String {
        var inner = Substring(text)
        var simple = true
        if text.hasPrefix("{"), text.hasSuffix("}"), text.count >= 2 {
            inner = inner.dropFirst().dropLast()
            simple = false
        } else if text.hasPrefix("urn:uuid:") {
            inner = inner.dropFirst(9)
            simple = false
        }
        var hyphenOffsets: [Int] = []
        var byteOffset = 0
        for character in inner.unicodeScalars {
            if character == "-" {
                hyphenOffsets.append(byteOffset)
            } else if !character.isASCII || UInt8(character.value).hexDigitValue == nil {
                return "invalid character: found `\(character)` at \(byteOffset)"
            }
            byteOffset += String(character).utf8.count
        }
        if hyphenOffsets.isEmpty, simple {
            return "invalid length: found \(text.utf8.count)"
        }
        if hyphenOffsets.count != 4 {
            return "invalid group count: expected 5, found \(hyphenOffsets.count + 1)"
        }
        for group in 0..<4 where hyphenOffsets[group] != groupStarts[group + 1] - 1 {
            return "invalid group length in group \(group): expected \(groupLengths[group]), "
                + "found \(hyphenOffsets[group] - groupStarts[group])"
        }
        return "invalid group length in group 4: expected 12, found \(inner.utf8.count - groupStarts[4])"
    }
}
