/// Writes compact JSON text into a byte buffer, formatted the way FastAPI formats its responses.
///
/// Floating-point numbers use the shortest text that reads back exactly, in Python's notation
/// (`2.0`, `0.30000000000000004`, `1e+16`); non-finite numbers become `null`, as FastAPI's
/// serializer writes them; strings are escaped like Python's `json.dumps(ensure_ascii=False)`.
public struct JSONWriter: Sendable {
    /// The text written so far, as UTF-8.
    public private(set) var bytes: [UInt8]
    /// How models are shaped while they are written: which fields are left out.
    public var options = SerializationOptions()
    /// Whether members and elements are separated as Python's `json.dumps` does by default
    /// (`", "` and `": "`), which FastAPI's streamed items (JSON Lines, Server-Sent Events) use.
    public var pythonSeparators = false

    public init(reservingCapacity capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The text written so far.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func writeNull() { append("null") }

    public mutating func write(_ value: Bool) { append(value ? "true" : "false") }

    public mutating func write(_ value: Int) {
        if value >= 0, value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    public mutating func write(_ value: Double) {
        guard value.isFinite else { return writeNull() }
        // Swift's description is the shortest round-tripping text and switches to exponent notation
        // at the same thresholds as Python's repr (below 1e-4 and from 1e16 on).
        bytes.append(contentsOf: value.description.utf8)
    }

    public mutating func write(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        // Strings without characters to escape (most of them) are copied in one go.
        let copied =
            value.utf8.withContiguousStorageIfAvailable { buffer -> Bool in
                guard !buffer.contains(where: Self.needsEscape) else { return false }
                self.bytes.append(contentsOf: buffer)
                return true
            } ?? false
        if copied {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            guard Self.needsEscape(byte) else {
                bytes.append(byte)
                continue
            }
            bytes.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            default:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Writes an object; `body` writes its members with ``writeMember(_:_:)`` or ``writeKey(_:)``.
    public mutating func writeObject(_ body: (inout JSONWriter) -> Void) {
        let mark = beginObject()
        body(&self)
        endObject(mark)
    }

    mutating func beginObject() -> Int {
        bytes.append(UInt8(ascii: "{"))
        return bytes.count
    }

    mutating func endObject(_ mark: Int) {
        // Members each write a leading separator; drop the first one.
        if bytes.count > mark, bytes[mark] == UInt8(ascii: ",") {
            bytes.removeSubrange(mark..<(pythonSeparators ? mark + 2 : mark + 1))
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// Writes the key of the next object member; the value must be written right after.
    public mutating func writeKey(_ key: String) {
        bytes.append(UInt8(ascii: ","))
        if pythonSeparators { bytes.append(UInt8(ascii: " ")) }
        write(key)
        bytes.append(UInt8(ascii: ":"))
        if pythonSeparators { bytes.append(UInt8(ascii: " ")) }
    }

    /// Writes one object member.
    public mutating func writeMember(_ key: String, _ value: some JSONWritable) {
        writeKey(key)
        value.writeJSON(to: &self)
    }

    /// Writes an array of the given elements.
    public mutating func writeArray<S: Sequence>(_ elements: S) where S.Element: JSONWritable {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for element in elements {
            if !first {
                bytes.append(UInt8(ascii: ","))
                if pythonSeparators { bytes.append(UInt8(ascii: " ")) }
            }
            first = false
            element.writeJSON(to: &self)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Appends text that is already JSON.
    public mutating func writeRaw(_ json: some Sequence<UInt8>) { bytes.append(contentsOf: json) }

    private mutating func append(_ literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}

/// A value that can write itself as JSON: the response side of ``Content``.
public protocol JSONWritable {
    func writeJSON(to writer: inout JSONWriter)
}

extension JSONValue: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.writeNull()
        case .bool(let value): writer.write(value)
        case .int(let value): writer.write(value)
        case .double(let value): writer.write(value)
        case .string(let value): writer.write(value)
        case .array(let values): writer.writeArray(values)
        case .object(let object):
            writer.writeObject { writer in
                for (key, value) in object { writer.writeMember(key, value) }
            }
        }
    }
}
