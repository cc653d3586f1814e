/// Percent-decoding as Python's `urllib.parse.unquote` does it, which is what FastAPI applies to
/// paths, query strings and form fields: malformed escapes stay as they are, and bytes that are not
/// UTF-8 become U+FFFD instead of failing the request.
enum PercentDecoding {
    /// Decodes `text`; with `plusAsSpace` (query strings and forms), `+` stands for a space.
    static func decode(_ text: Substring, plusAsSpace: Bool = false) -> String {
        let utf8 = text.utf8
        // Most components need no decoding at all.
        if !utf8.contains(UInt8(ascii: "%")) && !(plusAsSpace && utf8.contains(UInt8(ascii: "+"))) {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"),
                let high = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex), high != utf8.endIndex,
                let low = utf8.index(high, offsetBy: 1, limitedBy: utf8.endIndex), low != utf8.endIndex,
                let highValue = utf8[high].hexDigitValue, let lowValue = utf8[low].hexDigitValue
            {
                bytes.append(highValue << 4 | lowValue)
                index = utf8.index(after: low)
                continue
            }
            bytes.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index = utf8.index(after: index)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

}
