import NIOCore
import NIOPosix

/// Sends bytes to a server on a fresh connection and returns everything it answers until it
/// closes the connection, for requests no HTTP client would send.
func rawExchange(port: Int, _ request: [UInt8]) async throws -> String {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
    return try await channel.executeThenClose { inbound, outbound in
        try? await outbound.write(ByteBuffer(bytes: request))
        var answer = ByteBuffer()
        do {
            for try await var chunk in inbound { answer.writeBuffer(&chunk) }
        } catch {
            // The server may reset the connection after answering; what arrived is the answer.
        }
        return String(buffer: answer)
    }
}
