import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import Peregrine
import Synchronization

extension TestClient {
    /// Opens a WebSocket to `path` and runs `body` with it: FastAPI's `client.websocket_connect`.
    /// Returns how the server closed the connection (nil when it did not send a close frame).
    ///
    /// ```swift
    /// try await app.test(.live) { client in
    ///     let close = try await client.websocket("/ws") { websocket in
    ///         try await websocket.sendText("hello")
    ///         #expect(try await websocket.receiveText() == "Message text was: hello")
    ///     }
    /// }
    /// ```
    /// WebSockets need a real connection: use the ``TestMode/live`` mode.
    @discardableResult
    public func websocket(
        _ path: String, headers: KeyValuePairs<String, String> = [:],
        _ body: @escaping @Sendable (TestWebSocket) async throws -> Void
    ) async throws -> WebSocketClose? {
        guard let port else { throw TestClientError.webSocketNeedsLiveMode }
        let fields = try Self.fields(headers.map { ($0.key, $0.value) })
        let frame = try await WebSocketClient.connect(
            url: "ws://127.0.0.1:\(port)\(path)", configuration: .init(additionalHeaders: fields),
            logger: Logger(label: "TestClient.websocket")
        ) { inbound, outbound, _ in
            try await body(TestWebSocket(inbound: inbound, outbound: outbound))
        }
        return frame.map { WebSocketClose(code: UInt16(webSocketErrorCode: $0.closeCode), reason: $0.reason) }
    }
}

/// How a WebSocket was closed: its code and reason.
public struct WebSocketClose: Sendable, Equatable {
    public let code: UInt16
    public let reason: String?

    public init(code: UInt16, reason: String? = nil) {
        self.code = code
        self.reason = reason
    }
}

/// The test's side of a WebSocket connection.
public final class TestWebSocket: @unchecked Sendable {
    // Used by the one test body that owns it.
    private var inbound: WebSocketInboundMessageStream.AsyncIterator
    private let outbound: WebSocketOutboundWriter

    init(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) {
        self.inbound = inbound.messages(maxSize: 1 << 24).makeAsyncIterator()
        self.outbound = outbound
    }

    public func sendText(_ text: String) async throws { try await outbound.write(.text(text)) }
    public func sendBytes(_ bytes: [UInt8]) async throws { try await outbound.write(.binary(ByteBuffer(bytes: bytes))) }

    public func sendJSON(_ value: some JSONWritable) async throws {
        var writer = JSONWriter()
        value.writeJSON(to: &writer)
        try await outbound.write(.text(String(decoding: writer.bytes, as: UTF8.self)))
    }

    /// The next message, or nil once the server has closed the connection.
    public func receive() async throws -> WebSocketMessage? {
        try await inbound.next()
    }

    /// The next text message; throws ``TestWebSocketError/closed`` when the server closed instead.
    public func receiveText() async throws -> String {
        switch try await receive() {
        case .text(let text): return text
        case .binary(let buffer): return String(buffer: buffer)
        case nil: throw TestWebSocketError.closed
        }
    }

    public func receiveBytes() async throws -> [UInt8] {
        switch try await receive() {
        case .text(let text): return Array(text.utf8)
        case .binary(let buffer): return Array(buffer.readableBytesView)
        case nil: throw TestWebSocketError.closed
        }
    }

    public func receiveJSON() async throws -> JSONValue {
        try JSONParser.parse(try await receiveBytes())
    }

    /// Closes the connection from the client's side.
    public func close(code: UInt16 = 1000, reason: String? = nil) async throws {
        try await outbound.close(WebSocketErrorCode(codeNumber: Int(code)), reason: reason)
    }
}

public enum TestWebSocketError: Error {
    /// The server closed the connection before the message expected.
    case closed
}
