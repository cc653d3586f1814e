import Logging
import NIOCore

/// The Hummingbird request context of a Peregrine app.
///
/// Hummingbird middleware written for any `RequestContext` runs on it unchanged; it also tells
/// Hummingbird's middleware the client's address.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The request's identifier, also attached to every log line of the request.
    public var requestID: String { logger[metadataKey: "hb.request.id"]?.description ?? "" }
}
