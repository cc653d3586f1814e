import Foundation
import NIOCore
import NIOConcurrencyHelpers
import NIOPosix

/// Sends bytes to a server on a fresh connection and returns everything it answers until it
/// closes the connection, for requests no HTTP client would send.
func rawExchange(port: Int, _ request: [UInt8]) async throws -> String {
    try await KeepAliveConnection.withConnection(port: port) { connection in
        try await connection.send(request)
        return try await connection.readUntilClosed()
    }
}

/// One HTTP/1.1 connection driven by hand, to send several requests on the same keep-alive
/// connection and see exactly what comes back.
final class KeepAliveConnection: @unchecked Sendable {
    // Used by one task at a time, inside `withConnection`.
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private var pending = ByteBuffer()
    private let channel: any Channel

    private init(
        channel: any Channel, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    ) {
        self.channel = channel
        self.outbound = outbound
        self.inbound = inbound
    }

    static func withConnection<Result: Sendable>(
        port: Int, _ body: (KeepAliveConnection) async throws -> Result
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                }
            }
        let result = NIOLockedValueBox<Result?>(nil)
        do {
            try await channel.executeThenClose { inbound, outbound in
                let value = try await body(KeepAliveConnection(channel: channel.channel, outbound: outbound, inbound: inbound.makeAsyncIterator()))
                result.withLockedValue { $0 = value }
            }
        } catch let error as ChannelError where error == .ioOnClosedChannel || error == .alreadyClosed {
            // The server reset the connection after the body had what it needed.
            guard result.withLockedValue({ $0 }) != nil else { throw error }
        }
        return result.withLockedValue { $0 }!
    }

    func send(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    /// Shuts the client's side: the server sees the end of its input.
    func finishSending() async throws {
        outbound.finish()
    }

    func send(_ text: String) async throws {
        try await send(Array(text.utf8))
    }

    /// Reads one response with a Content-Length body; returns its status line, headers and body.
    func readResponse() async throws -> (status: String, headers: [String: String], body: String) {
        while true {
            let view = String(buffer: pending)
            if let headEnd = view.range(of: "\r\n\r\n") {
                let head = view[..<headEnd.lowerBound]
                var lines = head.split(separator: "\r\n").map(String.init)
                let status = lines.removeFirst()
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                let length = Int(headers["content-length"] ?? "0") ?? 0
                let headBytes = view[..<headEnd.upperBound].utf8.count
                if pending.readableBytes >= headBytes + length {
                    pending.moveReaderIndex(forwardBy: headBytes)
                    let body = pending.readString(length: length) ?? ""
                    pending.discardReadBytes()
                    return (status, headers, body)
                }
            }
            guard var chunk = try await inbound.next() else { throw ConnectionClosed() }
            pending.writeBuffer(&chunk)
        }
    }

    /// The bytes received and not yet consumed by ``readResponse()``.
    var received: [UInt8] { Array(pending.readableBytesView) }

    /// Reads until `marker` has arrived; what was read stays for the next read.
    func waitFor(_ marker: String) async throws {
        while String(buffer: pending).range(of: marker) == nil {
            guard var chunk = try await inbound.next() else { throw ConnectionClosed() }
            pending.writeBuffer(&chunk)
        }
    }

    /// Reads whatever the server sends next, or nil once it has closed the connection.
    func readSome() async throws -> ByteBuffer? {
        try await inbound.next()
    }

    /// Reads until the server closes the connection.
    func readUntilClosed() async throws -> String {
        do {
            while var chunk = try await inbound.next() { pending.writeBuffer(&chunk) }
        } catch {
            // A reset after the answer: what arrived is the answer.
        }
        return String(buffer: pending)
    }

    /// Reads until the server closes the connection, which it must do within `bound`; returns
    /// what it sent and how long it took. Past the bound the test closes the connection itself
    /// and throws ``StillOpen`` with what had arrived.
    func readUntilClosed(within bound: Duration) async throws -> (answer: String, elapsed: Duration) {
        let start = ContinuousClock.now
        let channel = self.channel
        let timedOut = NIOLockedValueBox(false)
        let deadline = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(bound.components.seconds) * 1_000_000_000 + bound.components.attoseconds / 1_000_000_000)) {
            timedOut.withLockedValue { $0 = true }
            channel.close(promise: nil)
        }
        let answer = try await readUntilClosed()
        deadline.cancel()
        if timedOut.withLockedValue({ $0 }) { throw StillOpen(answer: answer, bound: bound) }
        return (answer, ContinuousClock.now - start)
    }

    struct ConnectionClosed: Error {}

    struct StillOpen: Error, CustomStringConvertible {
        let answer: String
        let bound: Duration
        var description: String { "the server left the connection open past \(bound); it had sent \(answer.debugDescription)" }
    }
}
