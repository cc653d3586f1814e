import NIOCore

/// Why the server answers a connection itself, before or instead of the app, and closes it: the
/// request could not be read, broke a limit, or the server is full. Written as raw bytes at the
/// bottom of the pipeline, so it reaches the client whatever state the HTTP handlers are in.
enum ConnectionRejection: Equatable {
    /// Not HTTP/1, or broken framing: uvicorn's `400 Invalid HTTP request received.`
    case invalidRequest
    case requestLineTooLong
    case headersTooLarge
    case timeout
    case tooManyConnections

    var status: (code: Int, reason: String) {
        switch self {
        case .invalidRequest: (400, "Bad Request")
        case .requestLineTooLong: (414, "URI Too Long")
        case .headersTooLarge: (431, "Request Header Fields Too Large")
        case .timeout: (408, "Request Timeout")
        case .tooManyConnections: (503, "Service Unavailable")
        }
    }

    /// The plain-text body: uvicorn's words for an unreadable request, the reason phrase otherwise.
    var message: String {
        self == .invalidRequest ? "Invalid HTTP request received." : status.reason
    }

    /// The whole response, `Connection: close` included.
    func response(allocator: ByteBufferAllocator) -> ByteBuffer {
        let body = message
        let text = "HTTP/1.1 \(status.code) \(status.reason)\r\ncontent-type: text/plain; charset=utf-8\r\n"
            + "connection: close\r\ncontent-length: \(body.utf8.count)\r\n\r\n\(body)"
        return allocator.buffer(string: text)
    }
}
