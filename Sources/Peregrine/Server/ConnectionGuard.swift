import NIOCore
import NIOWebSocket

/// The bottom of every HTTP connection's pipeline, on raw bytes: it enforces ``HTTPLimits``'
/// timeouts and the request-line limit, writes the server's own answers (``ConnectionRejection``)
/// whatever state the HTTP handlers above are in, and closes the connection so that a hostile
/// client costs nothing once it has been answered.
///
/// It knows where requests and responses begin and end from ``HTTPMessageTracker``, which sits
/// above the HTTP decoder and calls it on the same event loop. Its timeouts share one
/// ``LazyTimer``, so the request path only updates timestamps.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private enum Mode {
        /// Serving HTTP.
        case http
        /// A rejection waits for the responses owed to earlier (pipelined) requests; input is dropped.
        case rejecting(ConnectionRejection)
        /// Answered and closing: the output is shut, input is read and dropped for a short while
        /// so that the client reads the answer instead of a reset.
        case lingering
        /// Upgraded to another protocol (WebSocket), which keeps its own time.
        case passthrough
        case closed
    }

    /// The most input read and dropped after a rejection, and for how long, before the
    /// connection is closed outright.
    static let lingerBytes = 1 << 20
    static let lingerTime = TimeAmount.seconds(2)

    private let limits: HTTPLimits
    private let initialRejection: ConnectionRejection?
    private var context: ChannelHandlerContext?
    private var mode = Mode.http

    // Where the connection is in its requests, from the tracker.
    private var readingBody = false
    private var responsesOwed = 0
    private var responseStarted = false
    private var inputClosed = false
    private var discarding = false
    private var activated = false
    /// Whether a request head has been decoded on this connection.
    private var sawRequest = false
    private var maskCheck: WebSocketMaskCheck?

    // The head being received before the decoder has produced it.
    private var headStart: NIODeadline?
    private var requestLine = RequestLineMeter()

    private var lastActivity = NIODeadline.now()
    private var waitingForDataSince: NIODeadline?
    private var unwritableSince: NIODeadline?
    private var lingerStart = NIODeadline.now()
    private var lingeredBytes = 0
    private var timer = LazyTimer()

    /// - Parameter rejection: an answer to send as soon as the connection is up (the server is full).
    init(limits: HTTPLimits, rejection: ConnectionRejection? = nil) {
        self.limits = limits
        self.initialRejection = rejection
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        lastActivity = .now()
        if context.channel.isActive { becameActive(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer.cancel()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        becameActive(context: context)
        context.fireChannelActive()
    }

    private func becameActive(context: ChannelHandlerContext) {
        guard !activated else { return }
        activated = true
        if let initialRejection {
            send(initialRejection, context: context)
        } else {
            updateTimer(context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        mode = .closed
        timer.cancel()
        context.fireChannelInactive()
    }

    // MARK: Input

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let now = NIODeadline.now()
        waitingForDataSince = nil
        switch mode {
        case .passthrough:
            if var check = maskCheck {
                guard check.follow(unwrapInboundIn(data)) else {
                    // NIO's protocol-error handler, above the frame decoder, answers this error
                    // with a 1002 close frame and closes the connection.
                    maskCheck = nil
                    discarding = true
                    context.fireErrorCaught(NIOWebSocketError.multiByteControlFrameLength)
                    return
                }
                maskCheck = check
            }
            if discarding { return }
            context.fireChannelRead(data)
            return
        case .rejecting, .closed:
            return
        case .lingering:
            lingeredBytes += unwrapInboundIn(data).readableBytes
            if lingeredBytes > Self.lingerBytes { close(context: context) }
            return
        case .http:
            if discarding { return }
        }
        lastActivity = now
        if !readingBody {
            if headStart == nil { headStart = now }
            guard requestLine.measure(unwrapInboundIn(data), limit: limits.maxRequestLineSize) else {
                reject(.requestLineTooLong)
                return
            }
        }
        context.fireChannelRead(data)
        updateTimer(context: context)
    }

    func read(context: ChannelHandlerContext) {
        if waitingForDataSince == nil {
            waitingForDataSince = .now()
            if readingBody { updateTimer(context: context) }
        }
        context.read()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            switch mode {
            case .lingering, .rejecting, .closed:
                close(context: context)
                return
            case .http:
                inputClosed = true
                // Nothing left to answer: nobody will send another request on this connection.
                if responsesOwed == 0 && !readingBody && headStart == nil {
                    context.fireUserInboundEventTriggered(event)
                    close(context: context)
                    return
                }
            case .passthrough:
                break
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: Output

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch mode {
        case .lingering, .closed:
            // The connection has been answered by the server; what the app writes late is dropped.
            promise?.fail(ChannelError.ioOnClosedChannel)
        default:
            context.write(data, promise: promise)
        }
    }

    func close(context: ChannelHandlerContext, mode closeMode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard case .lingering = mode, closeMode == .all else {
            context.close(mode: closeMode, promise: promise)
            return
        }
        // A handler above gives up on the connection while its last answer is still going out
        // (the upgrade handler when told no request will come): the guard closes it after lingering.
        if let promise {
            context.channel.closeFuture.cascade(to: promise)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            unwritableSince = nil
        } else if unwritableSince == nil {
            unwritableSince = .now()
            updateTimer(context: context)
        }
        context.fireChannelWritabilityChanged()
    }

    // MARK: Calls from the HTTP message tracker

    /// The decoder produced a request head.
    func requestHead() {
        sawRequest = true
        readingBody = true
        responsesOwed += 1
        headStart = nil
        waitingForDataSince = nil
    }

    /// The decoder produced the end of a request.
    func requestEnd() {
        readingBody = false
        requestLine.reset()
        if let context { updateTimer(context: context) }
    }

    func responseHead() {
        responseStarted = true
    }

    /// A response has been written in full.
    func responseEnd() {
        responseStarted = false
        responsesOwed = max(0, responsesOwed - 1)
        lastActivity = .now()
        guard let context else { return }
        switch mode {
        case .rejecting(let rejection) where responsesOwed == 0:
            send(rejection, context: context)
        case .http where inputClosed && responsesOwed == 0 && !readingBody:
            close(context: context)
        default:
            updateTimer(context: context)
        }
    }

    /// The connection switched protocols; from now on it only carries bytes, which are
    /// checked for unmasked frames if the protocol is WebSocket.
    func upgraded(toWebSocket: Bool) {
        mode = .passthrough
        if toWebSocket { maskCheck = WebSocketMaskCheck() }
        timer.cancel()
    }

    /// Answers with `rejection` once earlier requests are answered, then closes. Input is no
    /// longer read into the HTTP handlers.
    func reject(_ rejection: ConnectionRejection) {
        guard case .http = mode, let context else { return }
        if responsesOwed > 0 || responseStarted {
            // A response is owed to an earlier (pipelined) request: the rejection follows it.
            mode = .rejecting(rejection)
        } else {
            send(rejection, context: context)
        }
    }

    /// The connection's last response has been written (`Connection: close`, HTTP/1.0, a body
    /// that failed): shut the output and linger, then close.
    func finish() {
        guard let context else { return }
        switch mode {
        case .http, .rejecting:
            startLingering(context: context)
            shutOutput(context: context)
        case .lingering, .passthrough, .closed:
            break
        }
    }

    /// Input can no longer be parsed (a broken body): drop it until the app's answer ends the connection.
    func discardInput() {
        discarding = true
    }

    // MARK: Answers and closing

    private func send(_ rejection: ConnectionRejection, context: ChannelHandlerContext) {
        startLingering(context: context)
        let response = rejection.response(allocator: context.channel.allocator)
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(response))).assumeIsolatedUnsafeUnchecked().whenComplete { _ in
            self.shutOutput(context: context)
        }
        endInputBeforeFirstRequest(context: context)
    }

    /// From now on input is read and dropped, for at most ``lingerTime``, which also bounds a
    /// client that does not read the last answer.
    private func startLingering(context: ChannelHandlerContext) {
        timer.cancel()
        mode = .lingering
        lingerStart = .now()
        lingeredBytes = 0
        schedule(at: lingerStart + Self.lingerTime, context: context)
    }

    /// Shuts the output once the last answer is written, so the client sees it end. The input
    /// stays open a moment: closing with unread input would reset the connection, and a reset
    /// can destroy the answer before the client reads it.
    private func shutOutput(context: ChannelHandlerContext) {
        guard case .lingering = mode else { return }
        if inputClosed {
            close(context: context)
        } else {
            context.close(mode: .output, promise: nil)
        }
    }

    /// Tells the handlers above that no request will come. Before the first request head, the
    /// WebSocket upgrade handler still waits for one, and would otherwise report the close as an
    /// error; later, a request's body may be being read, and ending the input would look like
    /// the end of that body, so nothing is said.
    private func endInputBeforeFirstRequest(context: ChannelHandlerContext) {
        guard !sawRequest else { return }
        sawRequest = true
        context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
    }

    private func close(context: ChannelHandlerContext) {
        if case .closed = mode { return }
        if case .http = mode { endInputBeforeFirstRequest(context: context) }
        mode = .closed
        timer.cancel()
        context.close(promise: nil)
    }

    // MARK: Timers

    private enum Expiry { case idle, head, body, write, linger }

    /// The nearest deadline in the connection's current state.
    private func deadline() -> (at: NIODeadline, expiry: Expiry)? {
        var nearest: (at: NIODeadline, expiry: Expiry)?
        func consider(_ at: NIODeadline, _ expiry: Expiry) {
            if nearest == nil || at < nearest!.at { nearest = (at, expiry) }
        }
        switch mode {
        case .http, .rejecting: break
        case .lingering: return (lingerStart + Self.lingerTime, .linger)
        case .passthrough, .closed: return nil
        }
        if let unwritableSince { consider(unwritableSince + TimeAmount(limits.writeTimeout), .write) }
        guard case .http = mode else { return nearest }
        if readingBody {
            if let waitingForDataSince { consider(waitingForDataSince + TimeAmount(limits.bodyReadTimeout), .body) }
        } else if responsesOwed == 0 {
            if let headStart {
                consider(headStart + TimeAmount(limits.headerReadTimeout), .head)
            } else {
                consider(lastActivity + TimeAmount(limits.keepAliveTimeout), .idle)
            }
        }
        return nearest
    }

    private func updateTimer(context: ChannelHandlerContext) {
        guard let (at, _) = deadline() else { return }
        timer.arm(at: at, on: context.eventLoop) { { [self] in timerFired(context: context) } }
    }

    private func schedule(at deadline: NIODeadline, context: ChannelHandlerContext) {
        timer.reschedule(at: deadline, on: context.eventLoop) { [self] in timerFired(context: context) }
    }

    private func timerFired(context: ChannelHandlerContext) {
        timer.fired()
        guard let (at, expiry) = deadline() else { return }
        guard at <= .now() else {
            schedule(at: at, context: context)
            return
        }
        switch expiry {
        case .idle, .write, .linger:
            close(context: context)
        case .head:
            reject(.timeout)
        case .body:
            // The request whose body stalled is answered 408, unless its answer has begun or
            // earlier requests still wait for theirs.
            if responseStarted || responsesOwed > 1 { close(context: context) } else { send(.timeout, context: context) }
        }
    }
}

@available(*, unavailable)
extension ConnectionGuard: Sendable {}
