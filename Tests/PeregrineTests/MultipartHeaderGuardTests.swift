import NIOCore
import Testing

@testable import Peregrine

@Suite("Multipart header guard")
struct MultipartHeaderGuardTests {
    /// Feeds `body` to a fresh guard in pieces of `size` bytes; whether every piece was admitted.
    private func admits(_ body: [UInt8], inPiecesOf size: Int) -> Bool {
        var headerGuard = MultipartHeaderGuard(boundary: "XyZ")
        var start = 0
        while start < body.count {
            let piece = ByteBuffer(bytes: body[start..<min(start + size, body.count)])
            if !headerGuard.admits(piece) { return false }
            start += size
        }
        return true
    }

    @Test("bytes past ASCII in file content, header values and the epilogue pass, in any split")
    func binaryContentPasses() {
        let body = Array("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"caf\u{E9}\"\r\n\r\n".utf8)
            + [0xFF, 0x80, 13, 10, 0xC3, 0xA9, 13, 10, 45, 45, 0x88]  // CRLF and "--" inside the file
            + Array("\r\n--XyZ\r\nContent-Disposition: form-data; name=\"g\"\r\n\r\n\u{E9}t\u{E9}\r\n--XyZ--\r\n".utf8)
            + [0xFE, 0xFF]  // epilogue
        for size in [1, 2, 3, 7, body.count] {
            #expect(admits(body, inPiecesOf: size), "pieces of \(size)")
        }
    }

    @Test("a byte past ASCII in a header name is reported, in the first part or a later one, in any split")
    func nonASCIIHeaderNameRefused() {
        let first = Array("--XyZ\r\nX-\u{E9}: 1\r\n\r\nv\r\n--XyZ--\r\n".utf8)
        let later = Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\u{E9}\r\n--XyZ\r\n\u{E9}: 1\r\n\r\nv\r\n--XyZ--\r\n".utf8)
        let afterLeadingCRLF = Array("\r\n--XyZ\r\n\u{E9}\r\n\r\nv\r\n--XyZ--\r\n".utf8)
        for body in [first, later, afterLeadingCRLF] {
            for size in [1, 2, 5, body.count] {
                #expect(!admits(body, inPiecesOf: size), "pieces of \(size)")
            }
        }
    }
}
