/// Why a body could not be read as JSON.
public enum JSONParseError: Error, Equatable, Sendable {
    /// The text is not JSON. `message` and `position` (counted in characters, like Python) are
    /// exactly what Python's `json.loads` reports, because FastAPI puts them in its
    /// `json_invalid` error (`"loc": ["body", position]`, `"ctx": {"error": message}`).
    case syntax(message: String, position: Int)
    /// The bytes are not UTF-8, so not JSON text. Peregrine answers 422 `json_invalid`, where
    /// FastAPI's 400 "There was an error parsing the body" is an accident of Python's decoder.
    case invalidUTF8
    /// Arrays and objects are nested deeper than the parser's limit (Python fails the same way
    /// with a `RecursionError`, and FastAPI answers 400).
    case nestingTooDeep
}

/// A JSON parser that accepts what Python's `json.loads` accepts and fails where and how it fails.
///
/// FastAPI parses request bodies with Python's `json` module, so Peregrine reproduces its dialect
/// (`NaN`, `Infinity` and `-Infinity` are numbers; a repeated key keeps its last value) and its error
/// messages and positions, which clients see in 422 responses. Foundation's `JSONSerialization`
/// reports neither, and does not keep `1` and `1.0` apart, which validation needs.
public struct JSONParser {
    /// The default limit on nesting depth, a safe bound for the recursive descent below.
    public static let defaultMaximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index: Int
    private let maximumDepth: Int
    private var depth = 0

    private init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.index = 0
        self.maximumDepth = maximumDepth
    }

    /// Parses a whole JSON document.
    public static func parse(
        _ bytes: some Collection<UInt8>,
        maximumDepth: Int = JSONParser.defaultMaximumDepth
    ) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Self.parse(buffer: buffer, maximumDepth: maximumDepth)
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { buffer in
            Self.parse(buffer: buffer, maximumDepth: maximumDepth)
        }.get()
    }

    /// Parses a whole JSON document held in contiguous memory.
    public static func parse(
        buffer: UnsafeBufferPointer<UInt8>,
        maximumDepth: Int = JSONParser.defaultMaximumDepth
    ) -> Result<JSONValue, JSONParseError> {
        var buffer = buffer
        // Python decodes bytes with "utf-8-sig" when they start with a byte order mark.
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
            buffer = UnsafeBufferPointer(rebasing: buffer[3...])
        }
        var parser = JSONParser(bytes: buffer, maximumDepth: maximumDepth)
        do throws(JSONParseError) {
            parser.skipWhitespace()
            let value = try parser.parseValue()
            parser.skipWhitespace()
            if parser.index != buffer.count { throw parser.syntaxError("Extra data", at: parser.index) }
            return .success(value)
        } catch {
            // Python decodes the whole body before parsing, so bytes that are not UTF-8 anywhere
            // win over a syntax error.
            if case .syntax = error, !Self.isValidUTF8(buffer) { return .failure(.invalidUTF8) }
            return .failure(error)
        }
    }

    private static func isValidUTF8(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        validUTF8Prefix(buffer).isWhole
    }

    /// How many characters the longest UTF-8 prefix of `bytes` decodes to, and whether that
    /// prefix is all of them: where an ``JSONParseError/invalidUTF8`` body goes wrong.
    static func validUTF8Prefix(_ bytes: some Sequence<UInt8>) -> (characters: Int, isWhole: Bool) {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var characters = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: characters += 1
            case .emptyInput: return (characters, true)
            case .error: return (characters, false)
            }
        }
    }

    // MARK: - Grammar

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw syntaxError("Expecting value", at: index) }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "{"):
            return try parseObject()
        case UInt8(ascii: "["):
            return try parseArray()
        case UInt8(ascii: "n") where matches("null"):
            index += 4
            return .null
        case UInt8(ascii: "t") where matches("true"):
            index += 4
            return .bool(true)
        case UInt8(ascii: "f") where matches("false"):
            index += 5
            return .bool(false)
        case UInt8(ascii: "N") where matches("NaN"):
            index += 3
            return .double(.nan)
        case UInt8(ascii: "I") where matches("Infinity"):
            index += 8
            return .double(.infinity)
        case UInt8(ascii: "-") where matches("-Infinity"):
            index += 9
            return .double(-.infinity)
        default:
            return try parseNumber()
        }
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maximumDepth { throw .nestingTooDeep }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var object = JSONObject()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw syntaxError("Expecting property name enclosed in double quotes", at: index)
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw syntaxError("Expecting ':' delimiter", at: index)
            }
            index += 1
            skipWhitespace()
            object[key] = try parseValue()
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(object)
            }
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else {
                throw syntaxError("Expecting ',' delimiter", at: index)
            }
            index += 1
            skipWhitespace()
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var array: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(array)
        }
        while true {
            array.append(try parseValue())
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(array)
            }
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else {
                throw syntaxError("Expecting ',' delimiter", at: index)
            }
            index += 1
            skipWhitespace()
        }
    }

    /// Parses the string whose opening quote is at `index`.
    private mutating func parseString() throws(JSONParseError) -> String {
        let begin = index
        index += 1
        let contentStart = index
        // Fast path: no escapes, so the bytes between the quotes are the string; ASCII text
        // (most keys and values) needs no UTF-8 validation.
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[contentStart..<index])
                index += 1
                if ascii { return String(decoding: slice, as: UTF8.self) }
                guard let string = String(validating: slice, as: UTF8.self) else { throw .invalidUTF8 }
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw syntaxError("Invalid control character at", at: index) }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        guard index < bytes.count else { throw syntaxError("Unterminated string starting at", at: begin) }
        // Slow path: decode escapes into a byte buffer.
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[contentStart..<index]))
        while true {
            guard index < bytes.count else { throw syntaxError("Unterminated string starting at", at: begin) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                guard let string = String(validating: decoded, as: UTF8.self) else { throw .invalidUTF8 }
                return string
            }
            if byte < 0x20 { throw syntaxError("Invalid control character at", at: index) }
            if byte != UInt8(ascii: "\\") {
                decoded.append(byte)
                index += 1
                continue
            }
            let escapeStart = index
            index += 1
            guard index < bytes.count else { throw syntaxError("Unterminated string starting at", at: begin) }
            let escaped = bytes[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "\""): decoded.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): decoded.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): decoded.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try readHexQuad(escapeAt: escapeStart)
                if (0xD800...0xDBFF).contains(scalar), index + 1 < bytes.count,
                    bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                {
                    let save = index
                    index += 2
                    let low = try readHexQuad(escapeAt: save)
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        index = save
                    }
                }
                // Python keeps lone surrogates in its strings; Swift strings cannot hold them.
                let unicode = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                decoded.append(contentsOf: UTF8.encode(unicode)!)
            default:
                throw syntaxError("Invalid \\escape", at: escapeStart)
            }
        }
    }

    /// Reads the four hex digits after `\u`; `index` is just past the `u`.
    private mutating func readHexQuad(escapeAt escapeStart: Int) throws(JSONParseError) -> UInt32 {
        // Python requires one more character after the digits (at least the closing quote).
        guard index + 4 < bytes.count else { throw syntaxError("Invalid \\uXXXX escape", at: escapeStart + 1) }
        var value: UInt32 = 0
        for offset in 0..<4 {
            guard let digit = bytes[index + offset].hexDigitValue else {
                throw syntaxError("Invalid \\uXXXX escape", at: escapeStart + 1)
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        var cursor = index
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "-") { cursor += 1 }
        guard cursor < bytes.count, isDigit(bytes[cursor]) else { throw syntaxError("Expecting value", at: start) }
        if bytes[cursor] == UInt8(ascii: "0") {
            cursor += 1
        } else {
            while cursor < bytes.count, isDigit(bytes[cursor]) { cursor += 1 }
        }
        var isInteger = true
        if cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "."), isDigit(bytes[cursor + 1]) {
            isInteger = false
            cursor += 2
            while cursor < bytes.count, isDigit(bytes[cursor]) { cursor += 1 }
        }
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "e") || bytes[cursor] == UInt8(ascii: "E") {
            var exponent = cursor + 1
            if exponent < bytes.count, bytes[exponent] == UInt8(ascii: "+") || bytes[exponent] == UInt8(ascii: "-") {
                exponent += 1
            }
            if exponent < bytes.count, isDigit(bytes[exponent]) {
                isInteger = false
                cursor = exponent
                while cursor < bytes.count, isDigit(bytes[cursor]) { cursor += 1 }
            }
        }
        index = cursor
        let text = UnsafeBufferPointer(rebasing: bytes[start..<cursor])
        if isInteger, let integer = Self.parseInteger(text) { return .int(integer) }
        // Digits and at most a sign, a point and an exponent: Double's own parser reads these exactly.
        return .double(Double(String(decoding: text, as: UTF8.self)) ?? .nan)
    }

    /// Reads an optionally signed run of decimal digits, or nil when it overflows `Int`.
    static func parseInteger(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        var position = 0
        let negative = text.first == UInt8(ascii: "-")
        if negative { position = 1 }
        var value = 0
        while position < text.count {
            let digit = Int(text[position] &- UInt8(ascii: "0"))
            let (multiplied, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (added, overflow2) =
                negative ? multiplied.subtractingReportingOverflow(digit) : multiplied.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = added
            position += 1
        }
        return value
    }

    // MARK: - Helpers

    private func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != pointer[offset] { return false }
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }


    /// A syntax error at byte offset `offset`, reported at the character position Python would give.
    private func syntaxError(_ message: String, at offset: Int) -> JSONParseError {
        var characters = 0
        for position in 0..<min(offset, bytes.count) where bytes[position] & 0xC0 != 0x80 {
            characters += 1
        }
        return .syntax(message: message, position: characters)
    }
}
