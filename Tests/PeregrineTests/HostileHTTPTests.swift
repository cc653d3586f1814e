import Foundation
import Logging
import NIOCore
import Peregrine
import PeregrineTesting
import Testing

@Routes
struct HostileRoutes {
    @POST("/items/")
    func create(item: Gadget) -> Gadget { item }

    @GET("/ping")
    func ping() -> String { "pong" }

    /// 32 MiB, streamed: more than any socket buffer holds.
    @GET("/large")
    func large() -> StreamingResponse {
        StreamingResponse(mediaType: "application/octet-stream") { write in
            let piece = [UInt8](repeating: 0x61, count: 64 * 1024)
            for _ in 0..<512 { try await write(piece) }
        }
    }
}

@Routes
struct HostileSocketRoutes {
    @WebSocketRoute("/echo")
    func echo(websocket: WebSocket) async throws {
        try await websocket.accept()
        for try await text in websocket.texts() {
            try await websocket.sendText(text)
        }
    }
}

/// Hostile traffic on raw sockets: every malformed request is answered with a 4xx and
/// `Connection: close`, then the connection is closed; idle, slow and non-reading clients are
/// disconnected within their timeouts. Each runs on both of the app's HTTP channels: plain
/// HTTP/1.1, and the one that serves WebSocket upgrades (where a malformed first request used to
/// hang the connection forever).
///
/// Timeouts are short but not tight: the suite runs beside the others on a loaded 2-core machine.
@Suite("Hostile HTTP traffic", .serialized)
struct HostileHTTPTests {
    static let limits = HTTPLimits(
        keepAliveTimeout: .seconds(10), headerReadTimeout: .milliseconds(1500), bodyReadTimeout: .milliseconds(1500),
        writeTimeout: .milliseconds(1500))

    static func makeApp(webSockets: Bool, limits: HTTPLimits = limits) -> App {
        let app = App(limits: limits)
        app.include(HostileRoutes())
        if webSockets { app.include(HostileSocketRoutes()) }
        return app
    }

    static let invalid = "HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\ncontent-length: 30\r\n\r\nInvalid HTTP request received."

    /// A request on a fresh connection: the test client's own keep-alive connection is closed
    /// by the short keep-alive timeout while a test waits.
    static func ping(port: Int) async throws -> String {
        try await KeepAliveConnection.withConnection(port: port) { connection in
            try await connection.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
            return try await connection.readResponse().body
        }
    }

    /// Requests the 32 MiB at `path` and reads nothing for longer than the write timeout: the
    /// server must cut the response short and close, and keep serving others.
    static func expectCutOff(port: Int, path: String) async throws {
        let elapsed = try await KeepAliveConnection.withConnection(port: port) { connection in
            try await connection.send("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n")
            try await Task.sleep(for: .seconds(3))
            let start = ContinuousClock.now
            // What the sockets held arrives, then the close.
            let (answer, _) = try await connection.readUntilClosed(within: .seconds(5))
            #expect(answer.utf8.count < 32 << 20, "\(path)")
            return ContinuousClock.now - start
        }
        #expect(elapsed < .seconds(5), "\(path)")
        #expect(try await ping(port: port) == "\"pong\"")
    }

    static func headers(_ count: Int, size: Int) -> String {
        (0..<count).map { "X-H\($0): \(String(repeating: "v", count: size))\r\n" }.joined()
    }

    /// Requests that cannot be parsed, with the exact answer each gets.
    static let malformed: [(name: String, bytes: [UInt8], answer: String)] = [
        ("garbage", Array("GARBAGE\r\n\r\n".utf8), invalid),
        ("the HTTP/2 preface", Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8), invalid),
        ("a NUL in a header name", Array("GET /ping HTTP/1.1\r\nHost: x\r\nX-".utf8) + [0] + Array("A: v\r\n\r\n".utf8), invalid),
        ("a byte over 0x7F in a header name", Array("GET /ping HTTP/1.1\r\nHost: x\r\nX-".utf8) + [0x80] + Array("A: v\r\n\r\n".utf8), invalid),
        (
            "Content-Length with Transfer-Encoding",
            Array("POST /items/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".utf8), invalid
        ),
        ("two Content-Lengths", Array("POST /items/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello".utf8), invalid),
        (
            "a 100 KB request line", Array("GET /\(String(repeating: "a", count: 100_000)) HTTP/1.1\r\nHost: x\r\n\r\n".utf8),
            "HTTP/1.1 414 URI Too Long\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\ncontent-length: 12\r\n\r\nURI Too Long"
        ),
        (
            "90 KB of headers", Array("GET /ping HTTP/1.1\r\nHost: x\r\n\(headers(90, size: 1000))\r\n".utf8),
            "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\ncontent-length: 31\r\n\r\nRequest Header Fields Too Large"
        ),
        (
            "10,000 headers", Array("GET /ping HTTP/1.1\r\nHost: x\r\n\(headers(10_000, size: 1))\r\n".utf8),
            "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\ncontent-length: 31\r\n\r\nRequest Header Fields Too Large"
        ),
    ]

    @Test("a malformed first request is answered and its connection closed", arguments: [false, true])
    func malformedFirstRequest(webSockets: Bool) async throws {
        try await Self.makeApp(webSockets: webSockets).test(.live) { client in
            let port = try #require(client.port)
            for (name, bytes, answer) in Self.malformed {
                let (received, elapsed) = try await KeepAliveConnection.withConnection(port: port) { connection in
                    try await connection.send(bytes)
                    return try await connection.readUntilClosed(within: .seconds(5))
                }
                #expect(received == answer, "\(name)")
                #expect(elapsed < .seconds(5), "\(name)")
            }
            #expect(try await Self.ping(port: port) == "\"pong\"")
        }
    }

    @Test("the same bytes after a valid request on a keep-alive connection get the same answer", arguments: [false, true])
    func malformedSecondRequest(webSockets: Bool) async throws {
        try await Self.makeApp(webSockets: webSockets).test(.live) { client in
            let port = try #require(client.port)
            for (name, bytes, answer) in Self.malformed {
                try await KeepAliveConnection.withConnection(port: port) { connection in
                    try await connection.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
                    let first = try await connection.readResponse()
                    #expect(first.body == "\"pong\"", "\(name)")
                    try await connection.send(bytes)
                    let (received, _) = try await connection.readUntilClosed(within: .seconds(5))
                    #expect(received == answer, "\(name)")
                }
            }
        }
    }

    /// Bodies that break HTTP/1 framing after a valid head.
    static let brokenBodies: [(name: String, bytes: String, halfClose: Bool)] = [
        ("chunk size zz", "Transfer-Encoding: chunked\r\n\r\nzz\r\n", false),
        ("chunk size -1", "Transfer-Encoding: chunked\r\n\r\n-1\r\n", false),
        ("an overflowing chunk size", "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n", false),
        ("Transfer-Encoding: xchunked", "Transfer-Encoding: xchunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", false),
        ("chunk data longer than its size", "Transfer-Encoding: chunked\r\n\r\n2\r\n{\"name\":1}\r\n0\r\n\r\n", false),
        ("a body shorter than its Content-Length", "Content-Length: 100\r\n\r\n{\"name\"", true),
    ]

    @Test("a body that breaks HTTP/1 framing is a 400 with Connection: close, logged below error", arguments: [false, true])
    func brokenFraming(webSockets: Bool) async throws {
        let logs = LogCapture()
        let app = App(limits: Self.limits, logger: logs.logger())
        app.include(HostileRoutes())
        if webSockets { app.include(HostileSocketRoutes()) }
        try await app.test(.live) { client in
            let port = try #require(client.port)
            for (name, framing, halfClose) in Self.brokenBodies {
                let (received, _) = try await KeepAliveConnection.withConnection(port: port) { connection in
                    try await connection.send("POST /items/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\(framing)")
                    if halfClose { try await connection.finishSending() }
                    return try await connection.readUntilClosed(within: .seconds(5))
                }
                #expect(received.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(name): \(received)")
                #expect(received.lowercased().contains("\r\nconnection: close\r\n"), "\(name)")
                #expect(received.hasSuffix("\r\n\r\nInvalid HTTP request received."), "\(name)")
            }
        }
        let errors = logs.all.filter { $0.level >= .error }.map(\.message)
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test("HTTP/1.0 without keep-alive is answered and closed; with keep-alive it stays open", arguments: [false, true])
    func http10(webSockets: Bool) async throws {
        try await Self.makeApp(webSockets: webSockets).test(.live) { client in
            let port = try #require(client.port)
            let (closed, elapsed) = try await KeepAliveConnection.withConnection(port: port) { connection in
                try await connection.send("GET /ping HTTP/1.0\r\nHost: x\r\n\r\n")
                return try await connection.readUntilClosed(within: .seconds(4))
            }
            #expect(closed.hasPrefix("HTTP/1.0 200 OK\r\n"))
            #expect(closed.lowercased().contains("\r\nconnection: close\r\n"))
            #expect(closed.hasSuffix("\r\n\r\n\"pong\""))
            #expect(elapsed < .seconds(4))
            try await KeepAliveConnection.withConnection(port: port) { connection in
                for _ in 0..<2 {
                    try await connection.send("GET /ping HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n")
                    let response = try await connection.readResponse()
                    #expect(response.status == "HTTP/1.0 200 OK")
                    #expect(response.headers["connection"] == "keep-alive")
                    #expect(response.body == "\"pong\"")
                }
            }
            let (requestedClose, _) = try await KeepAliveConnection.withConnection(port: port) { connection in
                try await connection.send("GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                return try await connection.readUntilClosed(within: .seconds(4))
            }
            #expect(requestedClose.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(requestedClose.lowercased().contains("\r\nconnection: close\r\n"))
        }
    }

    @Test("an idle keep-alive connection, or one that never sends, is closed after the keep-alive timeout", arguments: [false, true])
    func idleTimeout(webSockets: Bool) async throws {
        var limits = Self.limits
        limits.keepAliveTimeout = .seconds(1)
        try await Self.makeApp(webSockets: webSockets, limits: limits).test(.live) { client in
            let port = try #require(client.port)
            let (afterRequest, elapsed) = try await KeepAliveConnection.withConnection(port: port) { connection in
                let start = ContinuousClock.now
                try await connection.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
                let response = try await connection.readResponse()
                #expect(response.body == "\"pong\"")
                _ = try await connection.readUntilClosed(within: .seconds(5))
                return ("", ContinuousClock.now - start)
            }
            #expect(afterRequest == "")
            #expect(elapsed >= .milliseconds(900))
            let (silent, _) = try await KeepAliveConnection.withConnection(port: port) { connection in
                try await connection.readUntilClosed(within: .seconds(5))
            }
            #expect(silent == "")
        }
    }

    @Test("a head sent a byte at a time (slowloris), or a stalled body, gets 408 and is closed", arguments: [false, true])
    func slowClients(webSockets: Bool) async throws {
        try await Self.makeApp(webSockets: webSockets).test(.live) { client in
            let port = try #require(client.port)
            let timeout = "HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\ncontent-length: 15\r\n\r\nRequest Timeout"
            let slowloris = try await KeepAliveConnection.withConnection(port: port) { connection in
                let start = ContinuousClock.now
                // A byte every 200 ms keeps the connection busy, never idle, but never completes
                // the head; the server answers once the header-read timeout (1 s) has passed.
                for byte in "GET /ping HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaa".utf8.prefix(15) {
                    do {
                        try await connection.send([byte])
                    } catch {
                        break  // The server has answered and shut the connection.
                    }
                    try await Task.sleep(for: .milliseconds(200))
                }
                return (try await connection.readUntilClosed(within: .seconds(5)).answer, ContinuousClock.now - start)
            }
            #expect(slowloris.0 == timeout)
            #expect(slowloris.1 < .seconds(8))
            let (stalled, _) = try await KeepAliveConnection.withConnection(port: port) { connection in
                try await connection.send("POST /items/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\"")
                return try await connection.readUntilClosed(within: .seconds(5))
            }
            #expect(stalled == timeout)
        }
    }

    @Test("a client that stops reading a large response is disconnected after the write timeout", arguments: [false, true])
    func writeTimeout(webSockets: Bool) async throws {
        try await Self.makeApp(webSockets: webSockets).test(.live) { client in
            let port = try #require(client.port)
            try await Self.expectCutOff(port: port, path: "/large")
        }
    }

    @Test("a client that stops reading a large static file is disconnected after the write timeout")
    func stalledFileDownload() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stalled-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(FileManager.default.createFile(atPath: directory.appendingPathComponent("big.bin").path, contents: Data(count: 32 << 20)))
        let app = Self.makeApp(webSockets: false)
        app.mount("/static", StaticFiles(directory: directory.path))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await Self.expectCutOff(port: port, path: "/static/big.bin")
        }
    }

    @Test("past maxConnections a connection is answered 503 and closed")
    func connectionLimit() async throws {
        let limits = HTTPLimits(keepAliveTimeout: .seconds(30), maxConnections: 2)
        try await Self.makeApp(webSockets: false, limits: limits).test(.live) { client in
            let port = try #require(client.port)
            // The test client's own connection is the first of the two.
            #expect(try await client.get("/ping").json() == "pong")
            try await KeepAliveConnection.withConnection(port: port) { second in
                try await second.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try await second.readResponse().body == "\"pong\"")
                // Answered as soon as it connects, before it sends anything.
                let (refused, _) = try await KeepAliveConnection.withConnection(port: port) { third in
                    try await third.readUntilClosed(within: .seconds(3))
                }
                #expect(refused == "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\ncontent-length: 19\r\n\r\nService Unavailable")
            }
        }
    }
}

@Model
struct Priced {
    var name: String
    var price: Double
}

@Routes
struct HostileFormRoutes {
    @POST("/priced/", status: .created)
    func priced(item: Priced) -> Priced { item }

    @POST("/form/")
    func form(@Form a: String = "x") -> String { a }
}

/// Inputs that parse but must not be accepted: numbers JSON cannot carry back, forms with more
/// fields than Starlette allows, WebSocket frames that break RFC 6455. Sent as raw bytes.
@Suite("Hostile request contents")
struct HostileContentTests {
    static func exchange(_ app: App, _ request: String) async throws -> String {
        try await app.test(.live) { client in
            let port = try #require(client.port)
            return try await KeepAliveConnection.withConnection(port: port) { connection in
                try await connection.send(request)
                return try await connection.readResponse().body
            }
        }
    }

    static func post(_ path: String, type: String, body: String) -> String {
        "POST \(path) HTTP/1.1\r\nHost: x\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    @Test("an infinite, NaN or 100,000-digit price is finite_number, never a null in a 201")
    func nonFiniteNumbers() async throws {
        let app = App()
        app.include(HostileRoutes())
        app.include(HostileFormRoutes())
        for price in ["1e400", "-1e400", "Infinity", "NaN", String(repeating: "9", count: 100_000)] {
            let body = try await Self.exchange(app, Self.post("/priced/", type: "application/json", body: #"{"name":"x","price":\#(price)}"#))
            let json = try JSONParser.parse(Array(body.utf8))
            #expect(json["detail"]?[0]?["type"] == "finite_number", "\(price)")
            #expect(json["detail"]?[0]?["loc"] == ["body", "price"], "\(price)")
            #expect(json["detail"]?[0]?["msg"] == "Input should be a finite number", "\(price)")
        }
        // A bound still answers first, as in FastAPI: -inf is not greater than 0.
        let bound = try await Self.exchange(app, Self.post("/items/", type: "application/json", body: #"{"name":"x","price":-Infinity}"#))
        #expect(try JSONParser.parse(Array(bound.utf8))["detail"]?[0]?["type"] == "greater_than")
    }

    @Test("a url-encoded form over Starlette's 1,000 fields, or with a field over 1 MiB, is a 400")
    func urlencodedLimits() async throws {
        let app = App(maxBodySize: 4 << 20)
        app.include(HostileFormRoutes())
        let form = "application/x-www-form-urlencoded"
        let many = (0..<100_000).map { "k\($0)=v" }.joined(separator: "&")
        #expect(try await Self.exchange(app, Self.post("/form/", type: form, body: many)) == #"{"detail":"Too many fields. Maximum number of fields is 1000."}"#)
        // python-multipart's count: empty fields between separators are not fields.
        let sparse = String(repeating: "a&&b=&&=c&", count: 333)
        #expect(try await Self.exchange(app, Self.post("/form/", type: form, body: sparse)) == #""x""#)
        let long = "a=" + String(repeating: "x", count: 1 << 20)
        #expect(try await Self.exchange(app, Self.post("/form/", type: form, body: long)) == #"{"detail":"Field exceeded maximum size of 1024KB."}"#)
    }

    static func frame(_ opcode: UInt8, _ payload: [UInt8], fin: Bool = true, masked: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | opcode]
        let mask: UInt8 = masked ? 0x80 : 0
        if payload.count < 126 {
            bytes.append(mask | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            bytes += [mask | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            bytes.append(mask | 127)
            bytes += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        guard masked else { return bytes + payload }
        let key: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        return bytes + key + payload.enumerated().map { $0.element ^ key[$0.offset % 4] }
    }

    /// The frames the server sends until it closes: (opcode, payload length or close code).
    static func serverFrames(_ bytes: [UInt8]) -> [(opcode: UInt8, value: Int)] {
        var frames: [(UInt8, Int)] = []
        var index = 0
        while index + 2 <= bytes.count {
            let opcode = bytes[index] & 0x0F
            var length = Int(bytes[index + 1] & 0x7F)
            var start = index + 2
            if length == 126 {
                length = Int(bytes[start]) << 8 | Int(bytes[start + 1])
                start += 2
            } else if length == 127 {
                length = bytes[start..<(start + 8)].reduce(0) { $0 << 8 | Int($1) }
                start += 8
            }
            guard start + length <= bytes.count else { break }
            let value = opcode == 8 && length >= 2 ? Int(bytes[start]) << 8 | Int(bytes[start + 1]) : length
            frames.append((opcode, value))
            index = start + length
        }
        return frames
    }

    /// Upgrades a fresh connection to `/echo`, sends `frames`, and returns what the server sent
    /// back until it closed the connection.
    static func webSocketExchange(port: Int, _ frames: [[UInt8]]) async throws -> [(opcode: UInt8, value: Int)] {
        try await KeepAliveConnection.withConnection(port: port) { connection in
            try await connection.send(
                "GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            // Frames follow the 101: frames sent before it are buffered with the upgrade request.
            try await connection.waitFor("\r\n\r\n")
            for frame in frames { try await connection.send(frame) }
            let (answer, _) = try await connection.readUntilClosed(within: .seconds(5))
            let bytes = connection.received
            let head = Array("\r\n\r\n".utf8)
            guard answer.hasPrefix("HTTP/1.1 101 "), let end = (0...(bytes.count - 4)).first(where: { Array(bytes[$0..<($0 + 4)]) == head }) else {
                Issue.record("not upgraded: \(answer.prefix(200))")
                return []
            }
            return serverFrames(Array(bytes[(end + 4)...]))
        }
    }

    @Test("WebSocket: a 100 KiB message in one frame is read; oversize, unmasked, invalid UTF-8 and out-of-order frames close with RFC 6455's codes")
    func webSocketFrames() async throws {
        let app = App()
        app.include(HostileSocketRoutes())
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let close1000 = Self.frame(8, [0x03, 0xE8])
            let big = try await Self.webSocketExchange(port: port, [Self.frame(1, Array(repeating: 0x61, count: 100 * 1024)), close1000])
            #expect(big.map(\.opcode) == [1, 8])
            #expect(big.first?.value == 100 * 1024)
            #expect(big.last?.value == 1000)
            let fragmented = try await Self.webSocketExchange(
                port: port, [Self.frame(1, Array(repeating: 0x61, count: 600_000), fin: false), Self.frame(0, Array(repeating: 0x61, count: 600_000))])
            #expect(fragmented.map(\.value) == [1009])
            let unmasked = try await Self.webSocketExchange(port: port, [Self.frame(1, Array("hello".utf8), masked: false)])
            #expect(unmasked.map(\.value) == [1002])
            let invalidUTF8 = try await Self.webSocketExchange(port: port, [Self.frame(1, [0xFF, 0xFE])])
            #expect(invalidUTF8.map(\.value) == [1007])
            let continuationFirst = try await Self.webSocketExchange(port: port, [Self.frame(0, Array("abc".utf8))])
            #expect(continuationFirst.map(\.value) == [1002])
        }
    }
}
