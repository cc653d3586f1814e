import Logging
import NIOCore

/// The Hummingbird request context of a Peregrine app.
///
/// Hummingbird middleware written for any `RequestContext` runs on it unchanged; it also tells
/// Hummingbird's middleware the client's address.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection, asked for its address only by the requests that want it.
    private let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// The client's address, as the connection reports it.
    public var remoteAddress: SocketAddress? { channel.remoteAddress }

    /// The request's identifier, also attached to every log line of the request.
    public var requestID: String { logger[metadataKey: "hb.request.id"]?.description ?? "" }
}
