/// Percent-decoding as Python's `urllib.parse.unquote` does it, which is what FastAPI applies to
/// paths, query strings and form fields: malformed escapes stay as they are, and bytes that are not
/// UTF-8 become U+FFFD instead of failing the request.
///
/// It works on UTF-8 bytes: every request's path and query pass through here, and reading them
/// as `Character`s (grapheme breaking, index validation) cost more than the rest of the lookup.
enum PercentDecoding {
    /// Decodes `text`; with `plusAsSpace` (query strings and forms), `+` stands for a space.
    static func decode(_ text: Substring, plusAsSpace: Bool = false) -> String {
        var text = text
        return text.withUTF8 { decode($0, plusAsSpace: plusAsSpace) }
    }

    /// Decodes the UTF-8 `bytes`; with `plusAsSpace`, `+` stands for a space.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool = false) -> String {
        // Most components need no decoding at all.
        guard let first = bytes.firstIndex(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) })
        else { return String(decoding: bytes, as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        decoded.append(contentsOf: bytes[..<first])
        var index = first
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = bytes[index + 1].hexDigitValue, let low = bytes[index + 2].hexDigitValue
            {
                decoded.append(high << 4 | low)
                index += 3
                continue
            }
            decoded.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index += 1
        }
        return String(decoding: decoded, as: UTF8.self)
    }
}
