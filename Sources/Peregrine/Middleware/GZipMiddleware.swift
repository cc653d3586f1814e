import CompressNIO
import NIOCore

/// Compresses responses for clients that accept gzip: Starlette's `GZipMiddleware`.
///
/// ```swift
/// app.addMiddleware(GZipMiddleware(minimumSize: 1000))
/// ```
///
/// A response is compressed when the request's `Accept-Encoding` mentions `gzip`, the response
/// has no `Content-Encoding` yet, is not a partial (`206`) response, its media type is not one
/// that is already compressed or streamed to the browser as events (Starlette's list), and its
/// body is not known to be shorter than `minimumSize` bytes. Compressed responses get
/// `Content-Encoding: gzip` and `Vary: Accept-Encoding`, lose their `Content-Length`, and are
/// compressed piece by piece as they are written, so streaming responses keep streaming.
public struct GZipMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    /// Media types Starlette does not compress.
    public static let defaultExcludedContentTypes: Set<String> = [
        "application/grpc", "application/gzip", "application/x-gzip", "application/zip", "audio/*", "font/woff",
        "font/woff2", "image/avif", "image/gif", "image/jpeg", "image/png", "image/webp", "text/event-stream", "video/*",
    ]

    let minimumSize: Int
    let compressionLevel: Int
    let excludedContentTypes: Set<String>

    /// - Parameters:
    ///   - minimumSize: bodies known to be shorter are sent as they are.
    ///   - compressionLevel: zlib's level, 1 (fastest) to 9 (smallest).
    public init(
        minimumSize: Int = 500, compressionLevel: Int = 9,
        excludedContentTypes: Set<String> = GZipMiddleware.defaultExcludedContentTypes
    ) {
        precondition((1...9).contains(compressionLevel), "the gzip compression level must be between 1 and 9")
        self.minimumSize = minimumSize
        self.compressionLevel = compressionLevel
        self.excludedContentTypes = Set(excludedContentTypes.map { Self.mediaType(of: $0) })
    }

    public func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        let response = try await next(request, context)
        guard request.headers[.acceptEncoding]?.contains("gzip") == true, shouldCompress(response) else {
            return response
        }
        var compressed = response
        let body = response.body
        let level = compressionLevel
        compressed.body = ResponseBody { writer in
            try await body.write(writer.gzipped(level: level))
        }
        compressed.headers[.contentLength] = nil
        compressed.headers[.contentEncoding] = "gzip"
        compressed.headers[.vary] = (compressed.headers[values: .vary] + ["Accept-Encoding"]).joined(separator: ", ")
        return compressed
    }

    private func shouldCompress(_ response: Response) -> Bool {
        if response.headers[.contentEncoding] != nil || response.status == .partialContent { return false }
        if !response.status.allowsBody || response.status == .notModified { return false }
        if let length = response.body.contentLength, length < minimumSize { return false }
        let mediaType = Self.mediaType(of: response.headers[.contentType] ?? "")
        var candidates: Set<String> = [mediaType, (mediaType.split(separator: "/").first.map(String.init) ?? "") + "/*"]
        if mediaType.hasPrefix("application/grpc+") { candidates.insert("application/grpc") }
        return candidates.isDisjoint(with: excludedContentTypes)
    }

    private static func mediaType(of contentType: String) -> String {
        (contentType.split(separator: ";", maxSplits: 1).first ?? "").trimmingWhitespace().lowercased()
    }
}

extension ResponseBodyWriter {
    /// This writer with everything written to it gzip-compressed.
    consuming func gzipped(level: Int) throws -> some ResponseBodyWriter {
        try GZipBodyWriter(parent: self, level: level)
    }
}

/// Compresses each buffer with a sync flush, so that every piece reaches the client at once, and
/// ends the gzip stream when the body finishes.
struct GZipBodyWriter<Parent: ResponseBodyWriter>: ResponseBodyWriter {
    var parent: Parent
    let compressor: ZlibCompressor

    init(parent: consuming Parent, level: Int) throws {
        self.parent = parent
        self.compressor = try ZlibCompressor(
            algorithm: .gzip,
            configuration: ZlibConfiguration(windowSize: Int32(15), compressionLevel: Int32(level)))
    }

    mutating func write(_ buffer: ByteBuffer) async throws {
        var input = buffer
        let output = try input.compressStream(with: compressor, flush: .sync)
        if output.readableBytes > 0 { try await parent.write(output) }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        var empty = ByteBuffer()
        let output = try empty.compressStream(with: compressor, flush: .finish)
        if output.readableBytes > 0 { try await parent.write(output) }
        try await parent.finish(trailingHeaders)
    }
}
