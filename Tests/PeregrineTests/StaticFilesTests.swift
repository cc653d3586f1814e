import Foundation
import Peregrine
import PeregrineTesting
import Testing

/// A folder of static files next to a secret that must never be served, with symbolic links
/// that lead in and out of the folder.
struct StaticFolder {
    let base: URL
    var root: String { base.appendingPathComponent("public").path }

    init() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("peregrine-static-\(UUID().uuidString)")
        let manager = FileManager.default
        let root = base.appendingPathComponent("public")
        try manager.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try "top secret".write(to: base.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        try "Hello static\n".write(to: root.appendingPathComponent("hello.txt"), atomically: true, encoding: .utf8)
        try "<h1>Index</h1>\n".write(to: root.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try "<h1>Sub</h1>".write(to: root.appendingPathComponent("sub/index.html"), atomically: true, encoding: .utf8)
        try "body { color: red }".write(to: root.appendingPathComponent("sub/page.css"), atomically: true, encoding: .utf8)
        try "0123456789".write(to: root.appendingPathComponent("digits.txt"), atomically: true, encoding: .utf8)
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("link.txt").path, withDestinationPath: "../secret.txt")
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("up").path, withDestinationPath: "..")
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("alias.txt").path, withDestinationPath: "hello.txt")
    }

    func addNotFoundPage() throws {
        try "<h1>Custom 404</h1>".write(
            to: base.appendingPathComponent("public/404.html"), atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(at: base) }

    func app(html: Bool = false, cacheControl: String? = nil) -> App {
        let app = App()
        app.mount("/static", StaticFiles(directory: root, html: html, cacheControl: cacheControl), name: "static")
        app.add(Route(.get, "/download/{name}", PathParameter<String>("name")) { [root] name in
            return FileResponse(root + "/" + name, filename: name == "digits.txt" ? "données.txt" : name)
        })
        return app
    }
}

@Suite("Static files")
struct StaticFilesTests {
    /// Every attempt climbs out of the folder, or names something that is not a file inside it.
    static let traversals = [
        "/static/../secret.txt",
        "/static/%2e%2e/secret.txt",
        "/static/%2E%2E/secret.txt",
        "/static/.%2e/secret.txt",
        "/static/%2e./secret.txt",
        "/static/..%2fsecret.txt",
        "/static/%2e%2e%2fsecret.txt",
        "/static/%2e%2e%2F%2e%2e%2Fsecret.txt",
        "/static/sub/../../secret.txt",
        "/static/sub/%2e%2e/%2e%2e/secret.txt",
        "/static/sub/..%2f..%2fsecret.txt",
        "/static/./../secret.txt",
        "/static/../../../../../../etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/static//etc/passwd",
        "/static/link.txt",
        "/static/up/secret.txt",
        "/static/up/public/../secret.txt",
        "/static/%252e%252e/secret.txt",
        "/static/..%5csecret.txt",
        "/static/%c0%ae%c0%ae/secret.txt",
        "/static/hello.txt%00.html",
        "/static/%00",
        "/static/" + String(repeating: "a", count: 5000),
        "/static/....//secret.txt",
        "/static/sub/../../public/../secret.txt",
    ]

    @Test("traversal attempts are all refused with 404 and never serve the secret", arguments: [false, true])
    func traversal(html: Bool) async throws {
        #expect(Self.traversals.count >= 20)
        let folder = try StaticFolder()
        defer { folder.remove() }
        try await folder.app(html: html).test { client in
            for path in Self.traversals {
                let response = try await client.get(path)
                #expect(response.status == .notFound, "\(path)")
                #expect(!response.text.contains("top secret"), "\(path)")
                if !html { #expect(response.text == #"{"detail":"Not Found"}"#, "\(path)") }
            }
        }
    }

    @Test("the same attempts sent over a real connection, bytes as written, are refused too")
    func traversalOverTheWire() async throws {
        let folder = try StaticFolder()
        defer { folder.remove() }
        try await folder.app().test(.live) { client in
            for path in Self.traversals.prefix(13) {
                let answer = try await rawExchange(
                    port: client.port!, Array("GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
                #expect(answer.hasPrefix("HTTP/1.1 404 Not Found\r\n"), "\(path)")
                #expect(!answer.contains("top secret"), "\(path)")
            }
        }
    }

    @Test("a file is served with its type, length, validators and Accept-Ranges; links inside the folder work")
    func file() async throws {
        let folder = try StaticFolder()
        defer { folder.remove() }
        try await folder.app(cacheControl: "public, max-age=60").test { client in
            let response = try await client.get("/static/hello.txt")
            #expect(response.status == .ok)
            #expect(response.text == "Hello static\n")
            #expect(response.header("content-type") == "text/plain; charset=utf-8")
            #expect(response.header("content-length") == "13")
            #expect(response.header("accept-ranges") == "bytes")
            #expect(response.header("cache-control") == "public, max-age=60")
            #expect(response.header("etag")?.hasPrefix("\"") == true)
            #expect(response.header("last-modified")?.hasSuffix(" GMT") == true)
            let css = try await client.get("/static/sub/page.css")
            #expect(css.header("content-type") == "text/css; charset=utf-8")
            let alias = try await client.get("/static/alias.txt")
            #expect(alias.text == "Hello static\n")
            let head = try await client.head("/static/hello.txt")
            #expect(head.status == .ok)
            #expect(head.text == "")
        }
    }

    @Test("conditional requests get 304 with the validators only")
    func notModified() async throws {
        let folder = try StaticFolder()
        defer { folder.remove() }
        try await folder.app().test { client in
            let first = try await client.get("/static/hello.txt")
            let etag = try #require(first.header("etag"))
            let lastModified = try #require(first.header("last-modified"))
            for headers: KeyValuePairs<String, String> in [
                ["if-none-match": etag], ["if-none-match": "\"other\", W/\(etag)"], ["if-none-match": "*"],
                ["if-modified-since": lastModified],
            ] {
                let response = try await client.get("/static/hello.txt", headers: headers)
                #expect(response.status == .notModified)
                #expect(response.text == "")
                #expect(response.header("etag") == etag)
                #expect(response.header("content-type") == nil)
            }
            let changed = try await client.get("/static/hello.txt", headers: ["if-none-match": "\"other\""])
            #expect(changed.status == .ok)
            let older = try await client.get("/static/hello.txt", headers: ["if-modified-since": "Mon, 01 Jan 2001 00:00:00 GMT"])
            #expect(older.status == .ok)
        }
    }

    @Test("byte ranges: one range, several, suffix, unsatisfiable, malformed, and If-Range")
    func ranges() async throws {
        let folder = try StaticFolder()
        defer { folder.remove() }
        try await folder.app().test { client in
            let one = try await client.get("/static/digits.txt", headers: ["range": "bytes=2-4"])
            #expect(one.status == .partialContent)
            #expect(one.text == "234")
            #expect(one.header("content-range") == "bytes 2-4/10")
            #expect(one.header("content-length") == "3")

            let suffix = try await client.get("/static/digits.txt", headers: ["range": "bytes=-3"])
            #expect(suffix.text == "789")
            let open = try await client.get("/static/digits.txt", headers: ["range": "bytes=8-"])
            #expect(open.text == "89")

            let several = try await client.get("/static/digits.txt", headers: ["range": "bytes=0-1, 5-6, 1-2"])
            #expect(several.status == .partialContent)
            let type = try #require(several.header("content-type"))
            #expect(type.hasPrefix("multipart/byteranges; boundary="))
            let boundary = String(type.dropFirst("multipart/byteranges; boundary=".count))
            let expected =
                "--\(boundary)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-2/10\r\n\r\n012\r\n"
                + "--\(boundary)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 5-6/10\r\n\r\n56\r\n"
                + "--\(boundary)--"
            #expect(several.text == expected)
            #expect(several.header("content-length") == String(expected.utf8.count))

            let beyond = try await client.get("/static/digits.txt", headers: ["range": "bytes=20-30"])
            #expect(beyond.status == .rangeNotSatisfiable)
            #expect(beyond.header("content-range") == "bytes */10")

            let units = try await client.get("/static/digits.txt", headers: ["range": "items=0-1"])
            #expect(units.status == .badRequest)
            #expect(units.text == "Only support bytes range")
            let backwards = try await client.get("/static/digits.txt", headers: ["range": "bytes=5-2"])
            #expect(backwards.text == "Range header: start must be less than end")

            let stale = try await client.get("/static/digits.txt", headers: ["range": "bytes=0-1", "if-range": "\"old\""])
            #expect(stale.status == .ok)
            #expect(stale.text == "0123456789")
        }
    }

    @Test("html mode: index.html for folders, a redirect to add the slash, 404.html for the rest")
    func htmlMode() async throws {
        let folder = try StaticFolder()
        defer { folder.remove() }
        try await folder.app(html: true).test { client in
            let index = try await client.get("/static/")
            #expect(index.text == "<h1>Index</h1>\n")
            #expect(index.header("content-type") == "text/html; charset=utf-8")
            let sub = try await client.get("/static/sub")
            #expect(sub.status == .temporaryRedirect)
            #expect(sub.header("location") == "http://localhost/static/sub/")
            let subIndex = try await client.get("/static/sub/")
            #expect(subIndex.text == "<h1>Sub</h1>")
            let mountPoint = try await client.get("/static")
            #expect(mountPoint.status == .temporaryRedirect)
            #expect(mountPoint.header("location") == "http://localhost/static/")
            let missing = try await client.get("/static/nope.txt")
            #expect(missing.status == .notFound)
            #expect(missing.text == #"{"detail":"Not Found"}"#)
            try folder.addNotFoundPage()
            let page = try await client.get("/static/nope.txt")
            #expect(page.status == .notFound)
            #expect(page.text == "<h1>Custom 404</h1>")
            #expect(page.header("content-type") == "text/html; charset=utf-8")
        }
    }

    @Test("without html mode a folder is 404; other methods are 405 with Allow")
    func plainMode() async throws {
        let folder = try StaticFolder()
        defer { folder.remove() }
        try await folder.app().test { client in
            let root = try await client.get("/static/")
            #expect(root.status == .notFound)
            let post = try await client.post("/static/hello.txt")
            #expect(post.status == .methodNotAllowed)
            #expect(post.header("allow") == "GET, HEAD")
            #expect(post.text == #"{"detail":"Method Not Allowed"}"#)
        }
    }

    @Test("FileResponse names the download, quoting names that need it; a missing file is a 500")
    func fileResponse() async throws {
        let folder = try StaticFolder()
        defer { folder.remove() }
        try await folder.app().test { client in
            let hello = try await client.get("/download/hello.txt")
            #expect(hello.text == "Hello static\n")
            #expect(hello.header("content-disposition") == #"attachment; filename="hello.txt""#)
            let accented = try await client.get("/download/digits.txt")
            #expect(accented.header("content-disposition") == "attachment; filename*=utf-8''donn%C3%A9es.txt")
            let ranged = try await client.get("/download/digits.txt", headers: ["range": "bytes=0-0"])
            #expect(ranged.text == "0")
            let missing = try await client.get("/download/missing.txt")
            #expect(missing.status == .internalServerError)
            #expect(missing.text == "Internal Server Error")
        }
    }
}
