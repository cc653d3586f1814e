import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A job's identifier: a version 7 UUID (RFC 9562), given to the job when it is enqueued (before
/// it is committed), so an endpoint can answer with it at once. Its first 48 bits are the time
/// of its making in milliseconds and the other 74 are random: one id tells nothing about the
/// others (status URLs cannot be enumerated), and ids made close together sort together, so the
/// store's index on them grows at its end: a batch of inserts dirties one or two index pages
/// instead of one random page per job (with random version 4 ids, a commit of 20 jobs wrote
/// some 40 pages).
public struct JobID: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    public let rawValue: String

    /// A new id.
    public init() { rawValue = Self.makeUUIDText(milliseconds: UInt64(max(0, Date().timeIntervalSince1970 * 1000))) }

    /// The id written `description`, if it is a UUID.
    public init?(_ description: String) {
        guard let uuid = UUID(uuidString: description) else { return nil }
        rawValue = uuid.uuidString.lowercased()
    }

    init(stored: String) { rawValue = stored }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Every enqueue makes an id, so it is made here rather than by `UUID()`, which on Linux
    /// opens, reads and closes `/dev/urandom` each time: the random bytes come from the
    /// kernel's generator 256 at a time (`RandomBytes`) and are written as lowercase text
    /// directly.
    static func makeUUIDText(milliseconds: UInt64) -> String {
        var bytes = RandomBytes.shared.next16()
        bytes.0 = UInt8(truncatingIfNeeded: milliseconds >> 40)
        bytes.1 = UInt8(truncatingIfNeeded: milliseconds >> 32)
        bytes.2 = UInt8(truncatingIfNeeded: milliseconds >> 24)
        bytes.3 = UInt8(truncatingIfNeeded: milliseconds >> 16)
        bytes.4 = UInt8(truncatingIfNeeded: milliseconds >> 8)
        bytes.5 = UInt8(truncatingIfNeeded: milliseconds)
        bytes.6 = (bytes.6 & 0x0F) | 0x70  // version 7
        bytes.8 = (bytes.8 & 0x3F) | 0x80  // RFC 9562 variant
        return withUnsafeBytes(of: &bytes) { raw in
            String(unsafeUninitializedCapacity: 36) { text in
                let digits: StaticString = "0123456789abcdef"
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    let byte = raw[index]
                    text[position] = digits.utf8Start[Int(byte >> 4)]
                    text[position + 1] = digits.utf8Start[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }
}

/// Random bytes from the operating system's cryptographic generator, fetched 256 at a time (the
/// most one `getentropy` call gives) so that a busy enqueue path makes one system call per 16 ids.
private final class RandomBytes: Sendable {
    typealias Sixteen = (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)

    static let shared = RandomBytes()
    private static let size = 256

    private struct State {
        var buffer = [UInt8](repeating: 0, count: RandomBytes.size)
        var offset = RandomBytes.size
    }

    private let state = Mutex(State())

    func next16() -> Sixteen {
        state.withLock { state in
            if state.offset + 16 > Self.size {
                state.buffer.withUnsafeMutableBytes { Self.fill($0) }
                state.offset = 0
            }
            var result: Sixteen = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            let range = state.offset..<state.offset + 16
            withUnsafeMutableBytes(of: &result) { target in
                state.buffer.withUnsafeBytes { target.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[range])) }
            }
            // Used bytes are not kept: an id's bytes exist only in that id.
            for index in range { state.buffer[index] = 0 }
            state.offset += 16
            return result
        }
    }

    private static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        if getentropy(buffer.baseAddress!, buffer.count) != 0 {
            // Only on a system without the call (Linux before 3.17): the standard library's
            // generator, eight bytes per call.
            var generator = SystemRandomNumberGenerator()
            for index in buffer.indices { buffer[index] = generator.next() }
        }
    }
}
