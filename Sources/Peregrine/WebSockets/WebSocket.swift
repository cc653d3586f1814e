import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import Synchronization

/// One WebSocket connection, as an endpoint sees it: Starlette's `WebSocket`.
///
/// ```swift
/// @WebSocketRoute("/ws/{client_id}")
/// func chat(websocket: WebSocket, client_id: Int) async throws {
///     try await websocket.accept()
///     while true {
///         let text = try await websocket.receiveText()      // throws WebSocketDisconnect when the client leaves
///         try await websocket.sendText("Client #\(client_id) says: \(text)")
///     }
/// }
/// ```
///
/// The handshake is complete before the endpoint runs (Hummingbird upgrades the connection first),
/// so ``accept()`` only records that the endpoint took the connection; it is kept so that FastAPI
/// code reads the same. Messages larger than ``maxMessageSize`` close the connection with 1009.
public final class WebSocket: Sendable, RequestInjectable {
    /// The largest message received, in bytes.
    public static let maxMessageSize = 1 << 20

    private let outbound: WebSocketOutboundWriter
    private let inbound: InboundReader
    private let state = Mutex(State())

    private struct State {
        var accepted = false
        var closed = false
    }

    /// The upgrade request: its headers, path and query.
    public let request: Request

    init(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, request: Request) {
        self.outbound = outbound
        self.inbound = InboundReader(inbound.messages(maxSize: Self.maxMessageSize).makeAsyncIterator())
        self.request = request
    }

    public static func inject(from input: inout RequestInput) -> WebSocket {
        guard let webSocket = input.webSocket else {
            preconditionFailure("a WebSocket parameter is only available to @WebSocketRoute endpoints")
        }
        return webSocket
    }

    /// Takes the connection: FastAPI's `await websocket.accept()`.
    public func accept() async throws {
        state.withLock { $0.accepted = true }
    }

    /// Whether the endpoint called ``accept()``.
    public var isAccepted: Bool { state.withLock { $0.accepted } }

    /// The next message, text or bytes. Throws ``WebSocketDisconnect`` once the client has gone.
    public func receive() async throws -> WebSocketMessage {
        guard let message = try await inbound.next() else {
            state.withLock { $0.closed = true }
            throw WebSocketDisconnect(code: 1000)
        }
        return message
    }

    /// The next text message; a binary message is an error, as in Starlette.
    public func receiveText() async throws -> String {
        switch try await receive() {
        case .text(let text): return text
        case .binary: throw WebSocketException(code: 1003, reason: "Expected a text message")
        }
    }

    /// The next binary message; a text message is given as its UTF-8 bytes.
    public func receiveBytes() async throws -> [UInt8] {
        switch try await receive() {
        case .text(let text): return Array(text.utf8)
        case .binary(let buffer): return Array(buffer.readableBytesView)
        }
    }

    /// The next message parsed as JSON (text or bytes); invalid JSON closes with 1007.
    public func receiveJSON() async throws -> JSONValue {
        let bytes = try await receiveBytes()
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw WebSocketException(code: 1007, reason: "Invalid JSON")
        }
    }

    /// The next message validated as `Value` (a `@Model`, a `Codable` type); a message that does
    /// not fit closes with 1007 and the validation errors as the reason.
    public func receive<Value: Validatable>(_ type: Value.Type) async throws -> Value {
        let json = try await receiveJSON()
        var context = ValidationContext()
        guard let value = Value.validate(json, in: &context) else {
            throw WebSocketException(code: 1007, reason: RequestValidationError(context.issues).reasonText)
        }
        return value
    }

    public func sendText(_ text: String) async throws {
        try await outbound.write(.text(text))
    }

    public func sendBytes(_ bytes: [UInt8]) async throws {
        try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
    }

    /// Sends `value` as a JSON text message.
    public func sendJSON(_ value: some JSONWritable) async throws {
        var writer = JSONWriter()
        value.writeJSON(to: &writer)
        try await outbound.write(.text(String(decoding: writer.bytes, as: UTF8.self)))
    }

    /// Closes the connection with `code` (1000 by default; 3000–4999 for the app's own codes).
    public func close(code: UInt16 = 1000, reason: String? = nil) async throws {
        let alreadyClosed = state.withLock { state in
            defer { state.closed = true }
            return state.closed
        }
        guard !alreadyClosed else { return }
        try await outbound.close(WebSocketErrorCode(codeNumber: Int(code)), reason: reason.map(Self.fitCloseReason))
    }

    /// A close frame carries at most 123 bytes of reason: longer reasons (validation errors, for
    /// instance) are cut at a character boundary rather than making the close fail.
    static func fitCloseReason(_ reason: String) -> String {
        guard reason.utf8.count > 123 else { return reason }
        var result = ""
        for character in reason {
            if result.utf8.count + character.utf8.count > 123 { break }
            result.append(character)
        }
        return result
    }

    /// The text messages, until the client goes: `for try await text in websocket.texts() { ... }`.
    public func texts() -> AsyncThrowingStream<String, any Error> {
        AsyncThrowingStream {
            do {
                return try await self.receiveText()
            } catch is WebSocketDisconnect {
                return nil
            }
        }
    }

    var isClosed: Bool { state.withLock { $0.closed } }
}

/// The inbound messages, read by one receiver at a time.
private final class InboundReader: @unchecked Sendable {
    // `busy` guards `iterator`: a receive that overlaps another is refused rather than racing.
    private var iterator: WebSocketInboundMessageStream.AsyncIterator
    private let busy = Atomic(false)

    init(_ iterator: WebSocketInboundMessageStream.AsyncIterator) {
        self.iterator = iterator
    }

    func next() async throws -> WebSocketMessage? {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            throw WebSocketReceiveOverlap()
        }
        defer { busy.store(false, ordering: .releasing) }
        do {
            return try await iterator.next()
        } catch {
            throw WebSocketProtocolViolation(underlying: error)
        }
    }
}

/// The client broke the WebSocket protocol: a message over ``WebSocket/maxMessageSize`` (1009),
/// text that is not UTF-8 (1007), frames out of order (1002). What ``WebSocket/receive()``
/// throws then; the connection closes with the code RFC 6455 gives, whatever the endpoint does.
public struct WebSocketProtocolViolation: Error, CustomStringConvertible {
    /// swift-websocket's error, which carries the close code.
    let underlying: any Error

    public var description: String { "the WebSocket client broke the protocol: \(underlying)" }
}

/// Two receives on one WebSocket at once: a programming error of the endpoint.
public struct WebSocketReceiveOverlap: Error, CustomStringConvertible {
    public var description: String { "a WebSocket was read by two tasks at once; receive from one task" }
}

/// The client closed the connection: what ``WebSocket/receive()`` throws then, as Starlette's
/// `WebSocketDisconnect`. Hummingbird does not pass the client's close code on, so `code` is 1000.
public struct WebSocketDisconnect: Error, Equatable, CustomStringConvertible {
    public let code: UInt16
    public var description: String { "the WebSocket client disconnected (code \(code))" }
}

/// Ends a WebSocket connection with a close code and reason: FastAPI's `WebSocketException`.
/// Thrown by an endpoint or a dependency (`throw WebSocketException(code: 1008)`).
public struct WebSocketException: Error, Equatable, CustomStringConvertible {
    public let code: UInt16
    public let reason: String?

    public init(code: UInt16, reason: String? = nil) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "WebSocket closed with \(code)\(reason.map { ": \($0)" } ?? "")" }
}

extension RequestValidationError {
    /// The errors as FastAPI sends them in a close reason: the JSON list of issues.
    var reasonText: String {
        var writer = JSONWriter()
        writer.writeArray(issues)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
