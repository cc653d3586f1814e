import MultipartKit
import NIOCore

/// Reads form bodies as Starlette's `Request.form()` does: `application/x-www-form-urlencoded`
/// and `multipart/form-data`; a body of any other type is an empty form, so that the route's form
/// parameters report themselves missing.
///
/// Multipart bodies are parsed by MultipartKit while they stream in: text fields are collected
/// (each up to ``FormLimits/maxPartSize``), files go to a ``SpooledFile`` chunk by chunk, so memory
/// stays bounded whatever the upload's size.
enum FormReader {
    static func read(_ request: inout Request, limits: FormLimits, maxBodySize: Int) async throws -> FormData {
        let contentType = HeaderParameters(request.headers[.contentType] ?? "")
        switch contentType.value {
        case "application/x-www-form-urlencoded":
            let buffer = try await BodyReader.collect(&request, limit: maxBodySize)
            let text = String(buffer: buffer)
            try checkURLEncoded(text, limits: limits)
            let query = QueryString(Substring(text))
            return FormData(query.items.map { ($0.key, .text($0.value)) })
        case "multipart/form-data":
            guard let boundary = contentType["boundary"], !boundary.isEmpty else {
                throw HTTPException(.badRequest, detail: "Missing boundary in multipart.")
            }
            return try await readMultipart(request, boundary: boundary, limits: limits)
        default:
            return FormData()
        }
    }

    /// Starlette's limits on a url-encoded form, checked on its raw fields as python-multipart
    /// splits them: at most `maxFields` fields, each (name and value) at most `maxPartSize` bytes.
    static func checkURLEncoded(_ text: String, limits: FormLimits) throws {
        var fields = 0
        for field in text.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            fields += 1
            if fields > limits.maxFields {
                throw HTTPException(.badRequest, detail: "Too many fields. Maximum number of fields is \(limits.maxFields).")
            }
            let size = field.count - (field.contains(UInt8(ascii: "=")) ? 1 : 0)
            if size > limits.maxPartSize {
                throw HTTPException(.badRequest, detail: "Field exceeded maximum size of \(limits.maxPartSize / 1024)KB.")
            }
        }
    }

    private static func readMultipart(_ request: Request, boundary: String, limits: FormLimits) async throws -> FormData {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limits.maxUploadSize {
            throw HTTPException(.contentTooLarge, detail: "Content Too Large")
        }
        let parser = MultipartParser(boundary: boundary)
        let events = PartEvents()
        parser.onHeader = { name, value in events.list.append(.header(name, value)) }
        parser.onBody = { body in events.appendBody(body) }
        parser.onPartComplete = { events.list.append(.complete) }

        var builder = FormBuilder(limits: limits)
        var headerGuard = MultipartHeaderGuard(boundary: boundary)
        // The body must open with a delimiter (python-multipart refuses anything before it), and
        // MultipartKit expects a part after the first one: a body that is only the closing
        // delimiter (an empty form) is recognised here, before MultipartKit sees it.
        let opening = Array("--\(boundary)".utf8)
        let emptyForm = opening + Array("--".utf8)
        var head: ByteBuffer? = ByteBuffer()
        var held = ByteBuffer()
        let delimiter = Array("\r\n--\(boundary)".utf8)
        var received = 0
        for try await chunk in request.body {
            received += chunk.readableBytes
            if received > limits.maxUploadSize {
                throw HTTPException(.contentTooLarge, detail: "Content Too Large")
            }
            var chunk = chunk
            if var pending = head {
                pending.writeBuffer(&chunk)
                if pending.readableBytes < emptyForm.count + 2 {
                    head = pending
                    continue
                }
                head = nil
                if try checkOpening(pending, opening: opening, emptyForm: emptyForm) { return FormData() }
                chunk = pending
            }
            try feed(parser, chunk, held: &held, headerGuard: &headerGuard, events: events, delimiter: delimiter)
            try await builder.consume(events.take())
        }
        if let pending = head, pending.readableBytes > 0 {
            if try checkOpening(pending, opening: opening, emptyForm: emptyForm) { return FormData() }
            try feed(parser, pending, held: &held, headerGuard: &headerGuard, events: events, delimiter: delimiter)
        }
        if held.readableBytes > 0 { try execute(parser, held, &headerGuard) }
        try await builder.consume(events.take())
        return builder.form
    }

    /// Feeds `chunk` to the parser, except the bodies: inside a part's body, the bytes up to
    /// the next delimiter go to `events` directly, as the parser would report them. MultipartKit
    /// reports a piece for every byte that could open a delimiter, so a body full of CRs would
    /// otherwise cost far more than its bytes. A body's last bytes that may begin a delimiter
    /// are `held` until the next chunk tells.
    private static func feed(
        _ parser: MultipartParser, _ chunk: ByteBuffer, held: inout ByteBuffer, headerGuard: inout MultipartHeaderGuard,
        events: PartEvents, delimiter: [UInt8]
    ) throws {
        var buffer: ByteBuffer
        if held.readableBytes == 0 {
            buffer = chunk
        } else {
            buffer = held
            var chunk = chunk
            buffer.writeBuffer(&chunk)
        }
        held = ByteBuffer()
        while buffer.readableBytes > 0 {
            guard headerGuard.isInBody else {
                guard let count = headerGuard.admitsUntilBody(buffer.readableBytesView) else {
                    throw HTTPException(.badRequest, detail: "Invalid multipart data.")
                }
                try parse(parser, buffer.readSlice(length: count)!)
                continue
            }
            if let offset = firstOffset(of: delimiter, in: buffer) {
                if offset > 0 { events.appendBody(buffer.readSlice(length: offset)!) }
                // The delimiter ends the part: the parser takes it.
                try execute(parser, buffer.readSlice(length: delimiter.count)!, &headerGuard)
            } else {
                let kept = longestSuffix(of: buffer.readableBytesView, openingWith: delimiter)
                if buffer.readableBytes > kept { events.appendBody(buffer.readSlice(length: buffer.readableBytes - kept)!) }
                // Only the few bytes kept, not the chunk's storage they sit in.
                held = buffer.slice()
                return
            }
        }
    }

    /// Where `pattern` first occurs in the readable bytes of `buffer`, from their start. A scan
    /// of raw bytes: a body can be megabytes of the pattern's first byte.
    private static func firstOffset(of pattern: [UInt8], in buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { bytes in
            pattern.withUnsafeBufferPointer { pattern in
                guard bytes.count >= pattern.count else { return nil }
                let first = pattern[0]
                var index = 0
                let last = bytes.count - pattern.count
                while index <= last {
                    if bytes[index] == first {
                        var matched = 1
                        while matched < pattern.count, bytes[index + matched] == pattern[matched] { matched += 1 }
                        if matched == pattern.count { return index }
                    }
                    index += 1
                }
                return nil
            }
        }
    }

    /// The length of the longest end of `bytes` that is a proper beginning of `pattern`.
    private static func longestSuffix(of bytes: ByteBufferView, openingWith pattern: [UInt8]) -> Int {
        for length in stride(from: min(bytes.count, pattern.count - 1), through: 1, by: -1)
        where bytes.suffix(length).elementsEqual(pattern.prefix(length)) {
            return length
        }
        return 0
    }

    /// Whether the body is an empty form; throws when it does not open with a delimiter.
    private static func checkOpening(_ head: ByteBuffer, opening: [UInt8], emptyForm: [UInt8]) throws -> Bool {
        var bytes = head.readableBytesView[...]
        if bytes.starts(with: [13, 10]) { bytes = bytes.dropFirst(2) }
        guard bytes.starts(with: opening) else { throw HTTPException(.badRequest, detail: "Invalid multipart data.") }
        return bytes.starts(with: emptyForm)
    }

    private static func execute(_ parser: MultipartParser, _ chunk: ByteBuffer, _ headerGuard: inout MultipartHeaderGuard) throws {
        guard headerGuard.admits(chunk) else {
            throw HTTPException(.badRequest, detail: "Invalid multipart data.")
        }
        try parse(parser, chunk)
    }

    /// Bytes the guard has admitted.
    private static func parse(_ parser: MultipartParser, _ chunk: ByteBuffer) throws {
        do {
            try parser.execute(chunk)
        } catch {
            throw HTTPException(.badRequest, detail: "Invalid multipart data.")
        }
    }
}

/// What MultipartKit's callbacks reported while it parsed one chunk.
private final class PartEvents {
    enum Event {
        case header(String, String)
        case body(ByteBuffer)
        case complete
    }

    var list: [Event] = []

    /// Body pieces that follow each other become one: MultipartKit reports a piece per byte that
    /// could start a delimiter (every CR of the body), and a spool write per piece would cost
    /// far more than the bytes.
    func appendBody(_ body: ByteBuffer) {
        if case .body(var last) = list.last {
            list.removeLast()
            var body = body
            last.writeBuffer(&body)
            list.append(.body(last))
        } else {
            list.append(.body(body))
        }
    }

    func take() -> [Event] {
        defer { list = [] }
        return list
    }
}

/// Builds the form from the parser's events, one part at a time, enforcing Starlette's limits.
private struct FormBuilder {
    enum Part {
        /// Headers are arriving.
        case headers(HTTPFields)
        case field(name: String, bytes: [UInt8])
        case file(name: String, file: UploadFile, spool: SpooledFile)
    }

    let limits: FormLimits
    var form = FormData()
    var part: Part = .headers([:])
    var fileCount = 0
    var fieldCount = 0

    init(limits: FormLimits) { self.limits = limits }

    /// File bytes reported since the last write: MultipartKit reports a body in many small
    /// slices (it stops at every CR byte), so they are written to the spool once per chunk.
    var pendingFileBytes = ByteBuffer()

    mutating func consume(_ events: [PartEvents.Event]) async throws {
        defer { pendingFileBytes.clear() }
        for event in events {
            switch event {
            case .header(let name, let value):
                guard case .headers(var headers) = part else { continue }
                if let fieldName = HTTPField.Name(name) { headers.append(HTTPField(name: fieldName, value: value)) }
                part = .headers(headers)
            case .body(let bytes):
                if case .headers(let headers) = part { try begin(headers) }
                switch part {
                case .field(let name, var collected):
                    if collected.count + bytes.readableBytes > limits.maxPartSize {
                        throw HTTPException(
                            .badRequest, detail: "Part exceeded maximum size of \(limits.maxPartSize / 1024)KB.")
                    }
                    part = .headers([:])  // keep `collected` uniquely referenced
                    collected.append(contentsOf: bytes.readableBytesView)
                    part = .field(name: name, bytes: collected)
                case .file:
                    var bytes = bytes
                    pendingFileBytes.writeBuffer(&bytes)
                case .headers:
                    break
                }
            case .complete:
                if case .headers(let headers) = part { try begin(headers) }
                try await flushFileBytes()
                switch part {
                case .field(let name, let bytes):
                    form.append(name, .text(Self.decode(bytes)))
                case .file(let name, let file, _):
                    form.append(name, .file(file))
                case .headers:
                    break
                }
                part = .headers([:])
            }
        }
        try await flushFileBytes()
    }

    /// Writes the file bytes gathered so far to the current file's spool.
    private mutating func flushFileBytes() async throws {
        guard pendingFileBytes.readableBytes > 0, case .file(_, _, let spool) = part else { return }
        try await spool.append(pendingFileBytes)
        pendingFileBytes.clear()
    }

    /// Starts a part once its headers are complete: a file when its disposition names a file.
    private mutating func begin(_ headers: HTTPFields) throws {
        let disposition = HeaderParameters(headers[.contentDisposition] ?? "")
        guard let name = disposition["name"] else {
            throw HTTPException(.badRequest, detail: "The Content-Disposition header field \"name\" must be provided.")
        }
        if let filename = disposition["filename"] {
            fileCount += 1
            if fileCount > limits.maxFiles {
                throw HTTPException(.badRequest, detail: "Too many files. Maximum number of files is \(limits.maxFiles).")
            }
            let spool = SpooledFile(threshold: limits.spoolThreshold, directory: limits.spoolDirectory)
            part = .file(name: name, file: UploadFile(filename: filename, headers: headers, content: spool), spool: spool)
        } else {
            fieldCount += 1
            if fieldCount > limits.maxFields {
                throw HTTPException(.badRequest, detail: "Too many fields. Maximum number of fields is \(limits.maxFields).")
            }
            part = .field(name: name, bytes: [])
        }
    }

    /// Text fields are UTF-8; bytes that are not fall back to Latin-1, as Starlette decodes them.
    private static func decode(_ bytes: [UInt8]) -> String {
        String(validating: bytes, as: UTF8.self) ?? String(bytes.map { Character(Unicode.Scalar($0)) })
    }
}
