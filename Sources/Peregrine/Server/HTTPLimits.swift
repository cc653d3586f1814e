import NIOCore

/// What one HTTP connection may cost the server: the size of a request's head, how long a client
/// may take to send it, how long a connection may sit idle or refuse to read its response, and how
/// many connections are served at once.
///
/// Every limit has a safe default, so an app that sets none is safe against hostile traffic:
/// a malformed request, or one over a limit, is answered with a 4xx and the connection is closed;
/// a client that goes quiet is disconnected.
///
/// | limit | default | past it |
/// |---|---|---|
/// | ``maxRequestLineSize`` | 16 KiB | `414 URI Too Long`, connection closed |
/// | ``maxHeaderSize`` (request line and headers) | 64 KiB | `431 Request Header Fields Too Large`, closed |
/// | ``maxHeaderCount`` | 100 | `431 Request Header Fields Too Large`, closed |
/// | ``keepAliveTimeout`` | 5 s | an idle keep-alive connection is closed (uvicorn's default) |
/// | ``headerReadTimeout`` | 10 s | `408 Request Timeout`, closed: a slowloris client sending its head a byte at a time |
/// | ``bodyReadTimeout`` | 30 s without a byte | `408 Request Timeout` (closed without one if the response has begun) |
/// | ``writeTimeout`` | 30 s without progress | closed: a client that stops reading its response |
/// | ``maxConnections`` | 10,000 | `503 Service Unavailable`, closed |
/// | ``backlog`` | 4,096 | the kernel refuses the handshake (capped by `net.core.somaxconn`) |
///
/// Response bodies are written with back-pressure: a streamed or file body is read no faster than
/// the client takes it, so a client that stops reading holds at most one chunk and the socket's
/// buffer until ``writeTimeout`` disconnects it.
public struct HTTPLimits: Sendable, Equatable {
    /// The longest request line (`GET /path?query HTTP/1.1`), in bytes.
    public var maxRequestLineSize: Int
    /// The largest request head, request line and headers together, in bytes.
    public var maxHeaderSize: Int
    /// The most header fields a request may have.
    public var maxHeaderCount: Int
    /// How long a connection may wait, without a byte, for its next request.
    public var keepAliveTimeout: Duration
    /// How long a client may take to send a request's whole head, from its first byte.
    public var headerReadTimeout: Duration
    /// How long a request body may pause: the longest wait for the next byte while the app reads it.
    public var bodyReadTimeout: Duration
    /// How long a response may wait for a client that does not read it.
    public var writeTimeout: Duration
    /// The most connections served at once; a connection past it is answered 503 and closed.
    /// Each connection costs a file descriptor and a few KiB; keep this under the process's
    /// descriptor limit (`ulimit -n`).
    public var maxConnections: Int
    /// How many connections the kernel queues before the server accepts them. Hummingbird's
    /// 256 is too few for a burst: past it the kernel drops handshakes and the clients' retries
    /// take seconds.
    public var backlog: Int

    public init(
        maxRequestLineSize: Int = 16 * 1024, maxHeaderSize: Int = 64 * 1024, maxHeaderCount: Int = 100,
        keepAliveTimeout: Duration = .seconds(5), headerReadTimeout: Duration = .seconds(10),
        bodyReadTimeout: Duration = .seconds(30), writeTimeout: Duration = .seconds(30), maxConnections: Int = 10_000,
        backlog: Int = 4096
    ) {
        precondition(maxRequestLineSize > 0 && maxHeaderSize > 0 && maxHeaderCount > 0 && maxConnections > 0 && backlog > 0, "HTTP limits must be positive")
        self.maxRequestLineSize = maxRequestLineSize
        self.maxHeaderSize = maxHeaderSize
        self.maxHeaderCount = maxHeaderCount
        self.keepAliveTimeout = keepAliveTimeout
        self.headerReadTimeout = headerReadTimeout
        self.bodyReadTimeout = bodyReadTimeout
        self.writeTimeout = writeTimeout
        self.maxConnections = maxConnections
        self.backlog = backlog
    }
}

extension TimeAmount {
    /// A limit's duration as NIO's time, to the nanosecond.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
