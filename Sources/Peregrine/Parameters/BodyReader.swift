import NIOCore

/// Reads a request body the way FastAPI does, within the app's size limit.
enum BodyReader {
    /// Reads the body the way FastAPI does: JSON for `application/json` and `application/*+json`,
    /// text otherwise; an empty body counts as absent.
    static func read(_ request: inout Request, limit: Int) async throws -> RequestBodyValue {
        let buffer = try await collect(&request, limit: limit)
        guard buffer.readableBytes > 0 else { return .absent }
        // Starlette reads the first Content-Type field, as `headers.get` does.
        guard isJSON(request.headers.first(where: { $0.name == .contentType })?.value) else {
            return .text(String(buffer: buffer))
        }
        return .json(try parseJSON(buffer))
    }

    /// `buffer` parsed as JSON; a syntax error is FastAPI's 422 `json_invalid`, bytes that are not
    /// UTF-8 or nesting past the limit a 400.
    static func parseJSON(_ buffer: ByteBuffer) throws -> JSONValue {
        let result = buffer.withUnsafeReadableBytes { raw in
            JSONParser.parse(buffer: raw.assumingMemoryBound(to: UInt8.self))
        }
        switch result {
        case .success(let value):
            return value
        case .failure(.syntax(let message, let position)):
            throw RequestValidationError([
                ValidationIssue(
                    type: "json_invalid", location: ["body", .index(position)], message: "JSON decode error",
                    input: .object([:]), context: ["error": .string(message)])
            ])
        case .failure(.invalidUTF8):
            // FastAPI answers 400 "There was an error parsing the body" here, only because
            // Python's decoder raises another exception type than the JSON parser. Bytes that are
            // not UTF-8 are not JSON text (RFC 8259 §8.1): this is the documented 422, like every
            // other undecodable body, at the first character that cannot be read.
            let position = JSONParser.validUTF8Prefix(buffer.readableBytesView).characters
            throw RequestValidationError([
                ValidationIssue(
                    type: "json_invalid", location: ["body", .index(position)], message: "JSON decode error",
                    input: .object([:]), context: ["error": "Invalid UTF-8"])
            ])
        case .failure(.nestingTooDeep):
            throw HTTPException(.badRequest, detail: "There was an error parsing the body")
        }
    }

    /// The whole body, or 413 when it is larger than `limit`.
    static func collect(_ request: inout Request, limit: Int) async throws -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw HTTPException(.contentTooLarge, detail: "Content Too Large")
        }
        do {
            return try await request.collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw HTTPException(.contentTooLarge, detail: "Content Too Large")
        } catch is NIOTooManyBytesError {
            throw HTTPException(.contentTooLarge, detail: "Content Too Large")
        }
    }

    /// Whether a `Content-Type` names JSON, parsed as Python's `email.message` parses it.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        // The usual spelling, without the general parse.
        if contentType.utf8.elementsEqual("application/json".utf8) { return true }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        let parts = mediaType.trimmingWhitespace().lowercased().split(separator: "/", maxSplits: 1)
        guard parts.count == 2, parts[0] == "application" else { return false }
        return parts[1] == "json" || parts[1].hasSuffix("+json")
    }
}
