import Foundation
import NIOCore
import _NIOFileSystem

/// A response that sends a file from disk: FastAPI's `FileResponse`.
///
/// ```swift
/// @GET("/report")
/// func report() -> FileResponse { FileResponse("reports/latest.pdf", filename: "report.pdf") }
/// ```
///
/// The content type is guessed from the file name unless given, `text/*` types get
/// `charset=utf-8`, and the response carries `Content-Length`, `Last-Modified`, an `ETag` and
/// `Accept-Ranges: bytes`. As in Starlette, a `Range` request gets `206` with the requested bytes
/// (several ranges as `multipart/byteranges`), `416` when no range fits the file, and `400` for a
/// malformed header; `If-Range` falls back to the whole file when the file changed. Unlike
/// Starlette's, `If-None-Match` and `If-Modified-Since` are honoured here too (`304`), not only by
/// ``StaticFiles``. The file is read in 64 KiB chunks as it is sent, never whole.
public struct FileResponse: ResponseGenerator, BackgroundCarrying, Sendable {
    public var path: String
    public var status: HTTPResponse.Status
    public var headers: HTTPFields
    public var mediaType: String?
    /// When set, a `Content-Disposition` header names the file (`attachment` by default).
    public var filename: String?
    public var contentDispositionType: String
    public var background: BackgroundTasks?

    public init(
        _ path: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:], mediaType: String? = nil,
        filename: String? = nil, contentDispositionType: String = "attachment", background: BackgroundTasks? = nil
    ) {
        self.path = path
        self.status = status
        self.headers = headers
        self.mediaType = mediaType
        self.filename = filename
        self.contentDispositionType = contentDispositionType
        self.background = background
    }

    /// A file that cannot be sent: it does not exist or is not a regular file. It is a mistake of
    /// the endpoint, so it becomes a 500, as Starlette's `RuntimeError` does.
    public struct Unavailable: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "File at path \(path) \(reason)." }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        guard let attributes = FileAttributes(path: path) else { throw Unavailable(path: path, reason: "does not exist") }
        guard attributes.isRegularFile else { throw Unavailable(path: path, reason: "is not a file") }
        var extra = HTTPFields()
        if let filename {
            let quoted = Self.quoteFilename(filename)
            extra[.contentDisposition] =
                quoted == filename
                ? "\(contentDispositionType); filename=\"\(filename)\""
                : "\(contentDispositionType); filename*=utf-8''\(quoted)"
        }
        extra.overlay(headers)
        let fields = TextBody.fields(
            contentType: TextBody.contentType(mediaType ?? MediaTypes.guess(for: filename ?? path)), adding: extra)
        return FileSending.response(
            path: path, attributes: attributes, status: status, headers: fields, request: request)
    }

    /// Python's `urllib.parse.quote(filename)`: unreserved characters and `/` stay.
    static func quoteFilename(_ name: String) -> String {
        var result = ""
        for byte in name.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, scalar.properties.isASCIIHexDigit || (scalar >= "a" && scalar <= "z")
                || (scalar >= "A" && scalar <= "Z") || "_.-~/".unicodeScalars.contains(scalar)
            {
                result.unicodeScalars.append(scalar)
            } else {
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}

/// What the file system says about a path (following symbolic links).
struct FileAttributes: Sendable {
    let isRegularFile: Bool
    let isDirectory: Bool
    let size: Int
    let modified: Date

    init?(path: String) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        var type = attributes[.type] as? FileAttributeType
        if type == .typeSymbolicLink {
            // attributesOfItem describes the link itself; what it points to is what is served.
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path),
                let resolved = FileAttributes(
                    path: target.hasPrefix("/") ? target : (path as NSString).deletingLastPathComponent + "/" + target)
            else { return nil }
            self = resolved
            return
        }
        if type == nil { type = .typeUnknown }
        isRegularFile = type == .typeRegular
        isDirectory = type == .typeDirectory
        size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        modified = attributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0)
    }

    var lastModified: String {
        HTTPDate.format(Date(timeIntervalSince1970: modified.timeIntervalSince1970.rounded(.down)))
    }

    /// Changes whenever the file's size or modification time (to the microsecond) does.
    var eTag: String {
        let microseconds = Int64((modified.timeIntervalSince1970 * 1_000_000).rounded())
        return "\"\(String(microseconds, radix: 16))-\(String(size, radix: 16))\""
    }
}

/// Sends a file the way Starlette's `FileResponse` and `StaticFiles` do.
enum FileSending {
    static let chunkSize = 64 * 1024
    static let maxRanges = 100

    static func response(
        path: String, attributes: FileAttributes, status: HTTPResponse.Status, headers: HTTPFields, request: Request
    ) -> Response {
        var headers = headers
        if headers[.acceptRanges] == nil { headers[.acceptRanges] = "bytes" }
        headers[.contentLength] = String(attributes.size)
        headers[.lastModified] = attributes.lastModified
        headers[.eTag] = attributes.eTag
        let method = request.method
        let isHead = method == .head

        if status == .ok, isNotModified(request: request.headers, eTag: attributes.eTag, lastModified: attributes.lastModified) {
            let kept: Set<HTTPField.Name> = [.cacheControl, .contentLocation, .date, .eTag, .expires, .vary]
            return Response(status: .notModified, headers: HTTPFields(headers.filter { kept.contains($0.name) }))
        }

        // Starlette honours Range only on a 200 GET or HEAD, and only for the file If-Range names.
        var ranges: [(Int, Int)] = []
        if status == .ok, method == .get || isHead, let range = request.headers[.range],
            request.headers[.ifRange].map({ shouldUseRange($0, headers: headers) }) ?? true
        {
            switch parseRange(range, size: attributes.size) {
            case .malformed(let message):
                return TextBody.response(message, mediaType: "text/plain", status: .badRequest)
            case .unsatisfiable:
                var fields = HTTPFields()
                fields[.contentRange] = "bytes */\(attributes.size)"
                return TextBody.response("", mediaType: "text/plain", status: .rangeNotSatisfiable, headers: fields)
            case .ranges(let parsed):
                ranges = parsed
            }
        }
        if ranges.isEmpty {
            return Response(
                status: status, headers: headers, body: isHead ? ResponseBody() : body(path: path, range: (0, attributes.size)))
        }
        if ranges.count == 1 {
            let (start, end) = ranges[0]
            headers[.contentRange] = "bytes \(start)-\(end - 1)/\(attributes.size)"
            headers[.contentLength] = String(end - start)
            return Response(
                status: .partialContent, headers: headers, body: isHead ? ResponseBody() : body(path: path, range: (start, end)))
        }
        let boundary = (0..<13).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let contentType = headers[.contentType] ?? "application/octet-stream"
        let partHeads = ranges.map { start, end in
            "--\(boundary)\r\nContent-Type: \(contentType)\r\nContent-Range: bytes \(start)-\(end - 1)/\(attributes.size)\r\n\r\n"
        }
        let closing = "--\(boundary)--"
        let length = zip(partHeads, ranges).reduce(0) { $0 + $1.0.utf8.count + ($1.1.1 - $1.1.0) + 2 } + closing.utf8.count
        headers[.contentType] = "multipart/byteranges; boundary=\(boundary)"
        headers[.contentLength] = String(length)
        let parts = Array(zip(partHeads, ranges))
        let multipart = ResponseBody(contentLength: length) { writer in
            try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(path)) { handle in
                for (head, (start, end)) in parts {
                    try await writer.write(ByteBuffer(string: head))
                    try await writeChunks(of: handle, from: start, to: end, to: &writer)
                    try await writer.write(ByteBuffer(string: "\r\n"))
                }
            }
            try await writer.write(ByteBuffer(string: closing))
            try await writer.finish(nil)
        }
        return Response(status: .partialContent, headers: headers, body: isHead ? ResponseBody() : multipart)
    }

    /// Reads the bytes from `start` to `end` one chunk at a time, each only once the previous one
    /// has been taken by the connection: a client that stops reading holds one chunk, not the
    /// read-ahead of NIOFileSystem's chunk stream.
    private static func writeChunks(
        of handle: some ReadableFileHandleProtocol, from start: Int, to end: Int, to writer: inout some ResponseBodyWriter
    ) async throws {
        var offset = start
        while offset < end {
            let chunk = try await handle.readChunk(fromAbsoluteOffset: Int64(offset), length: .bytes(Int64(min(chunkSize, end - offset))))
            guard chunk.readableBytes > 0 else { break }
            offset += chunk.readableBytes
            try await writer.write(chunk)
        }
    }

    /// The bytes of `range` (start inclusive, end exclusive), read as they are sent.
    private static func body(path: String, range: (start: Int, end: Int)) -> ResponseBody {
        ResponseBody(contentLength: range.end - range.start) { writer in
            if range.end > range.start {
                try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(path)) { handle in
                    try await writeChunks(of: handle, from: range.start, to: range.end, to: &writer)
                }
            }
            try await writer.finish(nil)
        }
    }

    /// Starlette's `StaticFiles.is_not_modified`.
    static func isNotModified(request: HTTPFields, eTag: String, lastModified: String) -> Bool {
        if let ifNoneMatch = request[.ifNoneMatch], !ifNoneMatch.isEmpty {
            if ifNoneMatch.trimmingWhitespace() == "*" { return true }
            return ifNoneMatch.split(separator: ",").contains { tag in
                var tag = tag.trimmingWhitespace()
                if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
                return tag == eTag
            }
        }
        if let ifModifiedSince = request[.ifModifiedSince].flatMap(HTTPDate.parse),
            let modified = HTTPDate.parse(lastModified)
        {
            return ifModifiedSince >= modified
        }
        return false
    }

    /// `If-Range` applies the range only to the same version of the file.
    private static func shouldUseRange(_ ifRange: String, headers: HTTPFields) -> Bool {
        if ifRange.hasPrefix("W/") { return false }
        return ifRange == headers[.lastModified] || ifRange == headers[.eTag]
    }

    enum ParsedRange {
        case ranges([(Int, Int)])
        case malformed(String)
        case unsatisfiable
    }

    /// Starlette's `FileResponse._parse_range_header`: byte ranges only, overlapping ones merged,
    /// more than ``maxRanges`` ignored (the whole file is sent).
    static func parseRange(_ header: String, size: Int) -> ParsedRange {
        guard let equals = header.firstIndex(of: "=") else { return .malformed("Malformed range header.") }
        guard header[..<equals].trimmingWhitespace().lowercased() == "bytes" else {
            return .malformed("Only support bytes range")
        }
        let specification = header[header.index(after: equals)...]
        if specification.split(separator: ",", omittingEmptySubsequences: false).count > maxRanges { return .ranges([]) }
        var ranges: [(Int, Int)] = []
        for part in specification.split(separator: ",", omittingEmptySubsequences: false) {
            let part = part.trimmingWhitespace()
            guard !part.isEmpty, part != "-", let dash = part.firstIndex(of: "-") else { continue }
            let startText = part[..<dash].trimmingWhitespace()
            let endText = part[part.index(after: dash)...].trimmingWhitespace()
            if startText.isEmpty {
                guard let suffix = Int(endText) else { continue }
                ranges.append((max(size - suffix, 0), size))
            } else {
                guard let start = Int(startText) else { continue }
                if endText.isEmpty {
                    ranges.append((start, size))
                } else {
                    guard let end = Int(endText) else { continue }
                    ranges.append((start, end < size ? end + 1 : size))
                }
            }
        }
        if ranges.isEmpty { return .malformed("Range header: range must be requested") }
        if ranges.contains(where: { !(0 <= $0.0 && $0.0 < size) }) { return .unsatisfiable }
        if ranges.contains(where: { $0.0 >= $0.1 }) { return .malformed("Range header: start must be less than end") }
        if ranges.count == 1 { return .ranges(ranges) }
        ranges.sort { $0.0 < $1.0 }
        var merged = [ranges[0]]
        for (start, end) in ranges.dropFirst() {
            if start <= merged[merged.count - 1].1 {
                merged[merged.count - 1].1 = max(merged[merged.count - 1].1, end)
            } else {
                merged.append((start, end))
            }
        }
        return .ranges(merged)
    }
}

/// Media types by file extension, from Hummingbird's table.
enum MediaTypes {
    static func guess(for path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "application/octet-stream" }
        let fileExtension = String(name[name.index(after: dot)...]).lowercased()
        return MediaType.getMediaType(forExtension: fileExtension)?.description ?? "application/octet-stream"
    }
}
