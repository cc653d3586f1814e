/// A header value of the form `type; key=value; key="quoted value"`, split the way Python's
/// `email` package (and so python-multipart, which Starlette uses) splits `Content-Type` and
/// `Content-Disposition`: parameter names are case-insensitive, quoted values may escape with a
/// backslash, and an RFC 5987 `key*=utf-8''percent-encoded` value takes precedence over `key`.
struct HeaderParameters {
    /// The part before the first `;`, lowercased: `multipart/form-data`, `form-data`.
    let value: String
    private let parameters: [String: String]

    init(_ header: String) {
        var index = header.startIndex
        func readToken(until stops: Set<Character>) -> Substring {
            let start = index
            while index < header.endIndex, !stops.contains(header[index]) { index = header.index(after: index) }
            return header[start..<index]
        }
        value = readToken(until: [";"]).trimmingWhitespace().lowercased()
        var parameters: [String: String] = [:]
        var extended: [String: String] = [:]
        while index < header.endIndex {
            index = header.index(after: index)  // the `;`
            let name = readToken(until: ["=", ";"]).trimmingWhitespace().lowercased()
            var parameterValue = ""
            if index < header.endIndex, header[index] == "=" {
                index = header.index(after: index)
                while index < header.endIndex, header[index] == " " || header[index] == "\t" {
                    index = header.index(after: index)
                }
                if index < header.endIndex, header[index] == "\"" {
                    index = header.index(after: index)
                    var unquoted = ""
                    while index < header.endIndex, header[index] != "\"" {
                        if header[index] == "\\", header.index(after: index) < header.endIndex {
                            index = header.index(after: index)
                        }
                        unquoted.append(header[index])
                        index = header.index(after: index)
                    }
                    if index < header.endIndex { index = header.index(after: index) }
                    _ = readToken(until: [";"])
                    parameterValue = unquoted
                } else {
                    parameterValue = String(readToken(until: [";"]).trimmingWhitespace())
                }
            }
            guard !name.isEmpty else { continue }
            if name.hasSuffix("*") {
                extended[String(name.dropLast())] = Self.decodeExtended(parameterValue)
            } else {
                parameters[name] = parameterValue
            }
        }
        self.parameters = parameters.merging(extended) { _, decoded in decoded }
    }

    subscript(name: String) -> String? { parameters[name] }

    /// `charset'language'percent-encoded`; only UTF-8 and Latin-1 (its superset ASCII) are known.
    private static func decodeExtended(_ text: String) -> String {
        let pieces = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3 else { return text }
        return PercentDecoding.decode(pieces[2])
    }
}
