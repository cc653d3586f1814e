import NIOCore

/// Follows the frame headers of a client's WebSocket byte stream to find a frame sent without a
/// mask. RFC 6455 (§5.1) requires the server to fail the connection then, with 1002; NIO's frame
/// decoder reads such frames as if they were masked. Payloads are skipped, not read.
struct WebSocketMaskCheck {
    /// The current frame's header bytes, until it is complete.
    private var header: [UInt8] = []
    private var payloadLeft: UInt64 = 0

    /// Follows `buffer`; false once a frame in it is unmasked.
    mutating func follow(_ buffer: ByteBuffer) -> Bool {
        var bytes = buffer.readableBytesView[...]
        while !bytes.isEmpty {
            if payloadLeft > 0 {
                let skipped = min(UInt64(bytes.count), payloadLeft)
                bytes = bytes.dropFirst(Int(skipped))
                payloadLeft -= skipped
                continue
            }
            header.append(bytes.removeFirst())
            guard header.count >= 2 else { continue }
            guard header[1] & 0x80 != 0 else { return false }
            let lengthCode = header[1] & 0x7F
            let lengthBytes = lengthCode == 127 ? 8 : lengthCode == 126 ? 2 : 0
            guard header.count == 2 + lengthBytes + 4 else { continue }
            payloadLeft = lengthBytes == 0 ? UInt64(lengthCode) : header[2..<(2 + lengthBytes)].reduce(0) { $0 << 8 | UInt64($1) }
            header.removeAll(keepingCapacity: true)
        }
        return true
    }
}
