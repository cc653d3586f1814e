import NIOCore
import Synchronization

/// A file sent in a `multipart/form-data` body: FastAPI's `UploadFile`.
///
/// ```swift
/// @POST("/uploadfile/")
/// func createUploadFile(file: UploadFile) async throws -> JSONValue {
///     let content = try await file.read()
///     return ["filename": .string(file.filename ?? ""), "size": .int(content.count)]
/// }
/// ```
///
/// The content is kept in memory up to the app's ``FormLimits/spoolThreshold`` and in an
/// unlinked temporary file past it, so a large upload never sits in memory; ``chunks(size:)``
/// reads it piece by piece. Unlike Starlette's, the file stays readable as long as something holds
/// it, background tasks included, and its storage is freed when the last reference goes.
public final class UploadFile: Sendable, CustomStringConvertible {
    /// The file name the client gave, if any.
    public let filename: String?
    /// The part's headers (`Content-Disposition`, `Content-Type`, any others).
    public let headers: HTTPFields
    private let content: SpooledFile
    private let position = Mutex(0)

    init(filename: String?, headers: HTTPFields, content: SpooledFile) {
        self.filename = filename
        self.headers = headers
        self.content = content
    }

    /// A file with the given content, for tests and for building forms by hand.
    public convenience init(filename: String?, contentType: String? = nil, bytes: [UInt8]) {
        var headers = HTTPFields()
        if let contentType { headers[.contentType] = contentType }
        self.init(filename: filename, headers: headers, content: SpooledFile(bytes: bytes))
    }

    /// The part's `Content-Type`, if it had one.
    public var contentType: String? { headers[.contentType] }

    /// The size in bytes.
    public var size: Int { content.size }

    /// Whether the content is still held in memory rather than in a temporary file.
    public var isInMemory: Bool { content.isInMemory }

    /// Reads from the current position: `count` bytes, or everything left when `count` is nil.
    /// The position moves past what was read, as with Python's `file.read(size)`.
    public func read(_ count: Int? = nil) async throws -> [UInt8] {
        let start = position.withLock { $0 }
        let bytes = try await content.read(at: start, count: count ?? max(0, size - start))
        position.withLock { $0 = start + bytes.count }
        return bytes
    }

    /// Reads `count` bytes (everything to the end when nil) from `offset`, leaving the read
    /// position alone.
    public func read(at offset: Int, count: Int? = nil) async throws -> [UInt8] {
        try await content.read(at: offset, count: count ?? max(0, size - offset))
    }

    /// Moves the read position to `offset` bytes from the start.
    public func seek(to offset: Int) {
        position.withLock { $0 = max(0, offset) }
    }

    /// The whole content as consecutive chunks of at most `size` bytes, independent of the read
    /// position: the way to stream a large upload onwards.
    public func chunks(size: Int = 64 * 1024) -> Chunks {
        Chunks(content: content, chunkSize: max(1, size))
    }

    public var description: String {
        "UploadFile(filename: \(filename.map { "\"\($0)\"" } ?? "nil"), size: \(size))"
    }

    /// The chunks of an ``UploadFile``'s content, in order.
    public struct Chunks: AsyncSequence, Sendable {
        public typealias Element = ByteBuffer
        let content: SpooledFile
        let chunkSize: Int

        public struct AsyncIterator: AsyncIteratorProtocol {
            let content: SpooledFile
            let chunkSize: Int
            var offset = 0

            public mutating func next() async throws -> ByteBuffer? {
                let bytes = try await content.read(at: offset, count: chunkSize)
                guard !bytes.isEmpty else { return nil }
                offset += bytes.count
                return ByteBuffer(bytes: bytes)
            }
        }

        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(content: content, chunkSize: chunkSize)
        }
    }
}
