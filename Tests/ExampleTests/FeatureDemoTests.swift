import CompressNIO
import ExampleApp
import Foundation
import NIOCore
import Peregrine
import PeregrineTesting
import Testing

/// The example app's demos of forms, response classes, static files, templates, middleware, the
/// lifespan, the request object and WebSockets, each run the way a user would try it.
@Suite("Example app demos")
struct FeatureDemoTests {
    static let app = makeExampleApp()

    @Test("forms and uploads: several files streamed, with a text field")
    func uploads() async throws {
        try await Self.app.test { client in
            let response = try await client.post(
                "/uploadfiles/", form: [("note", "two files")],
                files: [
                    FormFile(name: "files", filename: "a.txt", text: "alpha"),
                    FormFile(name: "files", filename: "b.bin", content: Array(repeating: 7, count: 2_000_000)),
                ])
            #expect(
                try response.json()
                    == ["files": [["filename": "a.txt", "size": 5], ["filename": "b.bin", "size": 2_000_000]], "note": "two files"])
        }
    }

    @Test("a file download with Content-Disposition and a byte range")
    func download() async throws {
        try await Self.app.test { client in
            let response = try await client.get("/download/", headers: ["Range": "bytes=0-4"])
            #expect(response.status == .partialContent)
            #expect(response.text == "Hello")
            #expect(response.header("content-disposition") == #"attachment; filename="hello.txt""#)
        }
    }

    @Test("middleware: CORS, trusted hosts, gzip for large bodies, and the timing header")
    func middleware() async throws {
        try await Self.app.test { client in
            let badHost = try await client.get("/users/me", headers: ["Host": "evil.com"])
            #expect(badHost.status == .badRequest)
            #expect(badHost.text == "Invalid host header")
            #expect(badHost.header("vary") == "Origin")

            let timed = try await client.get("/users/me")
            #expect(timed.header("x-process-time").flatMap(Double.init) != nil)

            // A stream's length is unknown, so it is compressed; a short JSON body is not.
            let streamed = try await client.get("/stream/", headers: ["Accept-Encoding": "gzip"])
            #expect(streamed.header("content-encoding") == "gzip")
            var compressed = streamed.body
            let plain = try compressed.decompress(with: .gzip())
            #expect(String(buffer: plain) == "chunk 0\nchunk 1\nchunk 2\n")
            let short = try await client.get("/users/me", headers: ["Accept-Encoding": "gzip"])
            #expect(short.header("content-encoding") == nil)
        }
    }

    @Test("the lifespan's state reaches endpoints; the request object reports the call")
    func lifespanAndRequest() async throws {
        try await Self.app.test(.live) { client in
            let state = try await client.get("/state/")
            #expect(try state.json() == ["model": "answer-to-everything", "started": true])
            let info = try await client.get("/request-info/7?x=1", headers: ["Host": "localhost"])
            #expect(
                try info.json()
                    == [
                        "item_id": "7", "method": "GET", "url": "http://localhost/request-info/7?x=1",
                        "client_host": "127.0.0.1",
                    ])
        }
    }

    @Test("the WebSocket chat echoes, and the item socket reads its path and query")
    func webSockets() async throws {
        try await Self.app.test(.live) { client in
            try await client.websocket("/ws") { websocket in
                try await websocket.sendText("hi")
                let echo = try await websocket.receiveText()
                #expect(echo == "Message text was: hi")
                try await websocket.close()
            }
            try await client.websocket("/items/foo/ws?q=2") { websocket in
                try await websocket.sendText("hello")
                let first = try await websocket.receiveText()
                let second = try await websocket.receiveText()
                #expect(first == "Query parameter q is: 2")
                #expect(second == "Message text was: hello, for item ID: foo")
                try await websocket.close()
            }
        }
    }

    @Test("the templated page escapes its note and links to itself")
    func page() async throws {
        try await Self.app.test { client in
            let response = try await client.get("/pages/items/42?note=%3Ci%3E")
            #expect(response.header("content-type") == "text/html; charset=utf-8")
            #expect(response.text.contains(#"<p id="note">&lt;i&gt;</p>"#))
            #expect(response.text.contains(#"<a href="http://localhost/pages/items/42">"#))
        }
    }
}
