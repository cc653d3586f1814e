import NIOCore
import NIOHTTP1

/// Sits right above the HTTP/1 decoder and tells the ``ConnectionGuard`` below where each
/// request and response begins and ends. It also owns the connection's HTTP/1 persistence rules,
/// which Hummingbird's channel leaves to the server:
///
/// - a request that is not keep-alive (HTTP/1.0 without `Connection: keep-alive`, or
///   `Connection: close`) gets `Connection: close` on its response, and the connection is closed
///   once that response is written; an HTTP/1.0 response carries the request's version, so a
///   body without a length is delimited by the close rather than chunked;
/// - a response that the app wrote before the request's body ended closes the connection, so a
///   client is never drained of a body nobody reads;
/// - a request that cannot be parsed is answered by the guard (400, 414 or 431) when it is not
///   in a body; inside a body the error fails the app's body reader, the app answers 400 with
///   `Connection: close`, and nothing written after that answer reaches the client.
final class HTTPMessageTracker: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let connectionGuard: ConnectionGuard
    /// The requests still owed a response, oldest first: whether each keeps the connection, its version.
    private var pending: [(keepAlive: Bool, version: HTTPVersion)] = []
    private var inBody = false
    /// A body could not be parsed: the response being written is the connection's last.
    private var failed = false
    /// The response being written ends the connection.
    private var closeAfterResponse = false
    /// The connection's last response is written: anything after it is dropped.
    private var finished = false
    private var upgraded = false

    /// Whether the connection's first request may switch it to WebSocket.
    private let upgradable: Bool
    private var firstRequest = true
    /// The first request asks for a WebSocket upgrade: after its head the HTTP decoder may be
    /// removed at any moment, and what follows is raw bytes.
    private var upgradeRequested = false

    init(connectionGuard: ConnectionGuard, upgradable: Bool) {
        self.connectionGuard = connectionGuard
        self.upgradable = upgradable
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if upgraded {
            context.fireChannelRead(data)
            return
        }
        switch unwrapInboundIn(data) {
        case .head(let head):
            pending.append((head.isKeepAlive, head.version))
            inBody = true
            connectionGuard.requestHead()
            if upgradable && firstRequest {
                upgradeRequested = head.headers[canonicalForm: "upgrade"].contains { $0.lowercased() == "websocket" }
            }
            firstRequest = false
        case .body:
            break
        case .end:
            inBody = false
            connectionGuard.requestEnd()
            if upgradeRequested {
                // The upgrade handler above takes over: it either switches protocols (the decoder
                // goes first, forwarding raw bytes) or answers and closes, as Hummingbird does for
                // every upgrade it refuses.
                upgraded = true
                connectionGuard.upgraded(toWebSocket: true)
            }
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !upgraded, let error = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        if inBody {
            failed = true
            connectionGuard.discardInput()
            context.fireErrorCaught(error)
        } else {
            connectionGuard.reject(error == .headerOverflow ? .headersTooLarge : .invalidRequest)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if upgraded {
            context.write(data, promise: promise)
            return
        }
        if finished {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        switch unwrapOutboundIn(data) {
        case .head(var head):
            if head.status == .switchingProtocols {
                upgraded = true
                connectionGuard.upgraded(toWebSocket: head.headers[canonicalForm: "upgrade"].contains { $0.lowercased() == "websocket" })
                context.write(data, promise: promise)
                return
            }
            if head.status.code < 200 {
                // 100 Continue and other interim answers come before the real one.
                context.write(data, promise: promise)
                return
            }
            connectionGuard.responseHead()
            let request = pending.first ?? (keepAlive: true, version: .http1_1)
            closeAfterResponse =
                !request.keepAlive || failed || inBody
                || (head.headers.contains(name: "connection")
                    && head.headers[canonicalForm: "connection"].contains { $0.lowercased() == "close" })
            // The usual response, HTTP/1.1 and kept alive, goes down as it came.
            guard closeAfterResponse || request.version == .http1_0 else {
                context.write(data, promise: promise)
                return
            }
            if closeAfterResponse {
                head.headers.replaceOrAdd(name: "connection", value: "close")
            } else {
                head.headers.replaceOrAdd(name: "connection", value: "keep-alive")
            }
            if request.version == .http1_0 { head.version = .http1_0 }
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            if !pending.isEmpty { pending.removeFirst() }
            connectionGuard.responseEnd()
            guard closeAfterResponse else {
                context.write(data, promise: promise)
                return
            }
            finished = true
            let written = promise ?? context.eventLoop.makePromise()
            let connectionGuard = self.connectionGuard
            written.futureResult.assumeIsolatedUnsafeUnchecked().whenComplete { _ in connectionGuard.finish() }
            context.write(data, promise: written)
        }
    }
}

@available(*, unavailable)
extension HTTPMessageTracker: Sendable {}
