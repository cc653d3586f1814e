import AsyncAlgorithms
import NIOCore

/// A response whose body is produced piece by piece while it is sent: FastAPI's
/// `StreamingResponse`.
///
/// ```swift
/// @GET("/stream/")
/// func stream() -> StreamingResponse {
///     StreamingResponse(mediaType: "text/plain") { write in
///         for index in 0..<3 { try await write("chunk \(index)\n") }
///     }
/// }
/// ```
///
/// Each piece is sent as an HTTP/1.1 chunk as soon as it is written. Background tasks (the
/// endpoint's and the response's) start after the last piece has been sent.
public struct StreamingResponse: ResponseGenerator, BackgroundCarrying, Sendable {
    /// Sends one piece of the body.
    public struct Writer: Sendable {
        let send: @Sendable (ByteBuffer) async throws -> Void

        public func callAsFunction(_ text: String) async throws { try await send(ByteBuffer(string: text)) }
        public func callAsFunction(_ bytes: [UInt8]) async throws { try await send(ByteBuffer(bytes: bytes)) }
        public func callAsFunction(_ buffer: ByteBuffer) async throws { try await send(buffer) }
    }

    public var status: HTTPResponse.Status
    public var headers: HTTPFields
    public var mediaType: String?
    public var background: BackgroundTasks?
    private let produce: @Sendable (Writer) async throws -> Void

    /// A body written by `produce`, piece by piece.
    public init(
        status: HTTPResponse.Status = .ok, mediaType: String? = nil, headers: HTTPFields = [:],
        background: BackgroundTasks? = nil, _ produce: @escaping @Sendable (Writer) async throws -> Void
    ) {
        self.status = status
        self.mediaType = mediaType
        self.headers = headers
        self.background = background
        self.produce = produce
    }

    /// A body made of the elements of `sequence`: strings (sent as UTF-8), byte arrays or buffers.
    public init<Pieces: AsyncSequence & Sendable>(
        _ sequence: Pieces, status: HTTPResponse.Status = .ok, mediaType: String? = nil, headers: HTTPFields = [:],
        background: BackgroundTasks? = nil
    ) where Pieces.Element: StreamablePiece {
        self.init(status: status, mediaType: mediaType, headers: headers, background: background) { write in
            for try await piece in sequence { try await write(piece.byteBuffer) }
        }
    }

    public func response(from request: Request, context: some RequestContext) -> Response {
        let fields = TextBody.fields(contentType: mediaType.map(TextBody.contentType), adding: headers)
        let produce = self.produce
        return Response(
            status: status, headers: fields,
            body: ResponseBody { writer in
                // The writer is `inout` and cannot be captured: pieces go through a channel that
                // this loop drains. Sending waits until the piece is taken, so a slow client slows
                // the producer down instead of pieces piling up in memory.
                let channel = AsyncChannel<ByteBuffer>()
                async let produced: Void = {
                    defer { channel.finish() }
                    try await produce(
                        Writer { buffer in
                            await channel.send(buffer)
                            // Once the client has gone the stream is cancelled: stop the producer
                            // instead of letting it run on with nobody reading.
                            try Task.checkCancellation()
                        })
                }()
                do {
                    for await buffer in channel { try await writer.write(buffer) }
                } catch {
                    channel.finish()
                    throw error
                }
                try await produced
                try await writer.finish(nil)
            })
    }
}

/// A piece a ``StreamingResponse`` can send.
public protocol StreamablePiece: Sendable {
    var byteBuffer: ByteBuffer { get }
}

extension String: StreamablePiece {
    public var byteBuffer: ByteBuffer { ByteBuffer(string: self) }
}

extension Array: StreamablePiece where Element == UInt8 {
    public var byteBuffer: ByteBuffer { ByteBuffer(bytes: self) }
}

extension ByteBuffer: StreamablePiece {
    public var byteBuffer: ByteBuffer { self }
}
