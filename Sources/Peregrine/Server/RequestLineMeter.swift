import NIOCore

/// Measures a request line as its bytes arrive, before the HTTP decoder has read it: the decoder
/// counts the line towards the whole head, so only here can an overlong line be told from
/// overlong headers (414, not 431).
struct RequestLineMeter {
    private var length = 0
    private var complete = false

    /// Takes the next bytes of a head; false once the line is longer than `limit`.
    mutating func measure(_ buffer: ByteBuffer, limit: Int) -> Bool {
        guard !complete else { return true }
        if let end = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            length += end - buffer.readerIndex
            complete = true
        } else {
            length += buffer.readableBytes
        }
        return length <= limit
    }

    /// A request has ended: the next bytes begin another line.
    mutating func reset() {
        self = RequestLineMeter()
    }
}
