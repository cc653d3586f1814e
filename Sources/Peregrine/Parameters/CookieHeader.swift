/// The cookies of a request, parsed like Starlette's `cookie_parser`: `;`-separated `name=value`
/// pairs, whitespace trimmed, quoted values unquoted, and a repeated name keeping its last value.
public struct CookieHeader: Sendable {
    public let values: [String: String]

    public init(_ header: String?) {
        var values: [String: String] = [:]
        for chunk in (header ?? "").split(separator: ";", omittingEmptySubsequences: false) {
            let key: Substring
            let value: Substring
            if let equals = chunk.firstIndex(of: "=") {
                key = chunk[..<equals]
                value = chunk[chunk.index(after: equals)...]
            } else {
                key = ""
                value = chunk
            }
            let trimmedKey = String(key.trimmingWhitespace())
            let trimmedValue = String(value.trimmingWhitespace())
            if !trimmedKey.isEmpty || !trimmedValue.isEmpty {
                values[trimmedKey] = Self.unquote(trimmedValue)
            }
        }
        self.values = values
    }

    public subscript(name: String) -> String? { values[name] }

    /// Python's `http.cookies._unquote`: a double-quoted value loses its quotes, and `\"`, `\\`
    /// and three-digit octal escapes inside it are decoded.
    static func unquote(_ value: String) -> String {
        let scalars = Array(value.unicodeScalars)
        guard scalars.count >= 2, scalars.first == "\"", scalars.last == "\"" else { return value }
        var result = String.UnicodeScalarView()
        var index = 1
        let end = scalars.count - 1
        while index < end {
            let scalar = scalars[index]
            if scalar == "\\", index + 1 < end {
                if index + 3 < end, (1...3).allSatisfy({ ("0"..."7").contains(scalars[index + $0]) }),
                    let code = UInt32(String(String.UnicodeScalarView(scalars[(index + 1)...(index + 3)])), radix: 8),
                    let decoded = Unicode.Scalar(code)
                {
                    result.append(decoded)
                    index += 4
                } else {
                    result.append(scalars[index + 1])
                    index += 2
                }
            } else {
                result.append(scalar)
                index += 1
            }
        }
        return String(result)
    }
}
