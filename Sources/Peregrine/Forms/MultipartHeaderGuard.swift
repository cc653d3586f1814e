import NIOCore

/// Follows MultipartKit's parser state over the bytes it is about to parse, to refuse what would
/// trap it.
///
/// MultipartKit 4.7 looks each byte of a part's header name up in a 128-entry table, so a byte of
/// 0x80 or above there is an out-of-range index, a crash of the whole server. The guard mirrors
/// the parser's states (preamble, headers, body, delimiter; the parser's own matching rules
/// included) without collecting anything, and reports such a byte before the parser sees it.
/// Anything else the parser would refuse it leaves to the parser, which throws.
struct MultipartHeaderGuard {
    private enum State {
        case preamble(matched: Int)
        case preHeaders
        case headerName(empty: Bool)
        case headerValue
        case postHeaderValue
        case postHeaders
        case body
        case delimiter(matched: Int)
        /// After the closing delimiter, or after bytes the parser will refuse.
        case done
    }

    /// `CRLF--boundary`, as MultipartKit matches it.
    private let delimiter: [UInt8]
    private var state = State.preamble(matched: 0)

    init(boundary: String) {
        delimiter = Array("\r\n--\(boundary)".utf8)
    }

    /// Whether the parser is inside a part's body, and not inside a possible delimiter.
    var isInBody: Bool {
        if case .body = state { return true }
        return false
    }

    /// Whether the parser can safely take `chunk`; the guard's state moves past it either way.
    mutating func admits(_ chunk: ByteBuffer) -> Bool {
        var bytes = chunk.readableBytesView[...]
        while let byte = bytes.first {
            if case .body = state {
                // Nothing in a body matters until a byte that may open the delimiter.
                guard let next = bytes.firstIndex(of: delimiter[0]) else { return true }
                bytes = bytes[next...]
                state = .delimiter(matched: 1)
                bytes = bytes.dropFirst()
                continue
            }
            bytes = bytes.dropFirst()
            switch step(byte) {
            case .admitted: continue
            case .trap: return false
            case .rest: return true
            }
        }
        return true
    }

    /// Takes bytes from the start of `bytes` until the parser would be inside a part's body;
    /// returns how many, or nil when one of them would trap the parser. Past the closing
    /// delimiter (or bytes the parser refuses) it takes everything.
    mutating func admitsUntilBody(_ bytes: ByteBufferView) -> Int? {
        var count = 0
        for byte in bytes {
            count += 1
            switch step(byte) {
            case .admitted: if isInBody { return count }
            case .trap: return nil
            case .rest: return bytes.count
            }
        }
        return count
    }

    private enum Step { case admitted, trap, rest }

    /// Moves past one byte, as the parser would.
    private mutating func step(_ byte: UInt8) -> Step {
        switch state {
        case .preamble(let matched):
            // The parser's rule: the leading CRLF may be skipped, and a mismatch restarts
            // at the first byte.
            var next = 0
            if matched == 0, byte == delimiter[2] {
                next = 3
            } else if byte == delimiter[matched] {
                next = matched + 1
            } else if matched > 0, byte == delimiter[0] {
                next = 1
            }
            state = next >= delimiter.count ? .preHeaders : .preamble(matched: next)
        case .preHeaders:
            // CR then LF; the parser refuses anything else.
            if byte == .cr { return .admitted }
            state = byte == .lf ? .headerName(empty: true) : .done
        case .headerName(let empty):
            if byte >= 0x80 { return .trap }
            if byte == .colon, !empty {
                state = .headerValue
            } else if byte == .cr, empty {
                state = .postHeaders
            } else {
                state = .headerName(empty: false)
            }
        case .headerValue:
            if byte == .cr { state = .postHeaderValue }
        case .postHeaderValue:
            state = byte == .lf ? .headerName(empty: true) : .done
        case .postHeaders:
            state = byte == .lf ? .body : .done
        case .body:
            if byte == delimiter[0] { state = .delimiter(matched: 1) }
        case .delimiter(let matched):
            if matched >= delimiter.count {
                // CR opens the next part's headers, a hyphen closes the body.
                state = byte == .cr ? .preHeaders : .done
            } else if byte == delimiter[matched] {
                state = .delimiter(matched: matched + 1)
            } else {
                state = byte == delimiter[0] ? .delimiter(matched: 1) : .body
            }
        case .done:
            return .rest
        }
        return .admitted
    }
}

private extension UInt8 {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10
    static let colon: UInt8 = 58
}
