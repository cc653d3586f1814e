/// The cookies of a request, parsed like Starlette's `cookie_parser`: `;`-separated `name=value`
/// pairs, whitespace trimmed, quoted values unquoted, and a repeated name keeping its last value.
public struct CookieHeader: Sendable {
    public let values: [String: String]
    /// The cookies in the order the header first names them, each with its last value (a
    /// Python dict's order).
    public let ordered: [(name: String, value: String)]

    public init(_ header: String?) {
        var values: [String: String] = [:]
        var order: [String] = []
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
                if values.updateValue(Self.unquote(trimmedValue), forKey: trimmedKey) == nil { order.append(trimmedKey) }
            }
        }
        self.values = values
        self.ordered = order.map { ($0, values[$0]!) }
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
