import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import Synchronization
import Dispatch

/// A Hummingbird HTTP/1 child channel (plain, or with WebSocket upgrades) with Peregrine's
/// connection guard around its HTTP codec: ``ConnectionGuard`` at the bottom of the pipeline,
/// ``HTTPMessageTracker`` right above the decoder. Hummingbird still builds the pipeline, serves
/// the requests and shuts down gracefully; the guard adds what a server facing hostile traffic
/// needs (``HTTPLimits``).
struct GuardedHTTPChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    /// Whether `base` switches connections to WebSocket.
    let upgradable: Bool
    let limits: HTTPLimits
    let connections: ConnectionCount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let admitted = connections.open(limit: limits.maxConnections)
        if admitted {
            channel.closeFuture.whenComplete { _ in connections.close() }
        }
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let connectionGuard = ConnectionGuard(limits: limits, rejection: admitted ? nil : .tooManyConnections)
            try pipeline.addHandler(connectionGuard, position: .first)
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(HTTPMessageTracker(connectionGuard: connectionGuard, upgradable: upgradable), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// The connections a server holds open, shared by all its event loops.
///
/// A second after the last one closes, freed memory is returned to the system
/// (``ProcessMemory``): a burst of large requests, uploads or stalled downloads would otherwise
/// leave the process at its peak size long after the clients have gone.
final class ConnectionCount: Sendable {
    private let count = Atomic(0)
    private let trimPending = Atomic(false)

    /// Counts a new connection if there is room for it.
    func open(limit: Int) -> Bool {
        var current = count.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = count.compareExchange(expected: current, desired: current + 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func close() {
        let remaining = count.subtract(1, ordering: .relaxed).newValue
        if remaining == 0 { returnFreedMemory() }
    }

    /// A second after the count reached zero, if it is zero then: the connections' tasks and
    /// buffers are released by then. One check is pending at a time, so a server whose count
    /// keeps touching zero trims at most once a second.
    private func returnFreedMemory() {
        guard trimPending.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + 1) { [self] in
            trimPending.store(false, ordering: .relaxed)
            if count.load(ordering: .relaxed) == 0 { ProcessMemory.returnFreedMemory() }
        }
    }
}

extension HTTP1Channel.Configuration.DecoderConfiguration {
    /// NIO's decoder limits from Peregrine's: the request line counts towards the head's size.
    init(_ limits: HTTPLimits) {
        self.init(maxHeaderFieldSize: limits.maxHeaderSize, maxHeaderListSize: limits.maxHeaderSize, maxHeaderFieldCount: limits.maxHeaderCount)
    }
}
