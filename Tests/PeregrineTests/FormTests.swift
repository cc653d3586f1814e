import Foundation
import NIOCore
import Peregrine
import PeregrineTesting
import Testing

@Routes
struct FormRoutes {
    @POST("/login/")
    func login(@Form username: String, @Form(minLength: 3) password: String) -> JSONValue {
        ["username": .string(username), "password": .string(password)]
    }

    @POST("/tags/")
    func tags(@Form tag: [String], @Form count: Int = 1) -> JSONValue {
        ["tag": JSONValue(tag), "count": .int(count)]
    }

    @POST("/files/")
    func bytes(@File file: [UInt8]) -> JSONValue {
        ["file_size": .int(file.count), "text": .string(String(decoding: file, as: UTF8.self))]
    }

    @POST("/upload/")
    func upload(file: UploadFile) async throws -> JSONValue {
        let content = try await file.read()
        return [
            "filename": JSONValue(file.filename), "content_type": JSONValue(file.contentType), "size": .int(file.size),
            "read": .int(content.count), "in_memory": .bool(file.isInMemory),
            "x_custom": JSONValue(file.headers[HTTPField.Name("X-Custom")!]),
        ]
    }

    @POST("/uploads/")
    func uploads(files: [UploadFile]) async throws -> JSONValue {
        var names: [JSONValue] = []
        for file in files {
            let text = String(decoding: try await file.read(), as: UTF8.self)
            names.append(.string("\(file.filename ?? "-"):\(text)"))
        }
        return .array(names)
    }

    @POST("/optional/")
    func optional(file: UploadFile? = nil) -> JSONValue {
        ["filename": JSONValue(file?.filename)]
    }

    /// FastAPI's "request forms and files" example: files and fields in one form.
    @POST("/mixed/")
    func mixed(@File file: [UInt8], fileb: UploadFile, @Form token: String) -> JSONValue {
        ["file_size": .int(file.count), "token": .string(token), "fileb_content_type": JSONValue(fileb.contentType)]
    }
}

/// A multipart body written by hand, for inputs no client library would build.
func multipart(_ parts: [String], boundary: String = "XyZ") -> (String, String) {
    let body = parts.map { "--\(boundary)\r\n\($0)\r\n" }.joined() + "--\(boundary)--\r\n"
    return (body, "multipart/form-data; boundary=\(boundary)")
}

@Suite("Forms")
struct FormTests {
    static let app: App = {
        let app = App()
        app.include(FormRoutes())
        return app
    }()

    @Test("url-encoded fields are read and validated like query parameters, errors at body.name")
    func urlEncoded() async throws {
        try await Self.app.test { client in
            let ok = try await client.post("/login/", form: [("username", "jöe x"), ("password", "abcd")])
            #expect(ok.status == .ok)
            #expect(try ok.json() == ["username": "jöe x", "password": "abcd"])

            let bad = try await client.post(
                "/login/", body: "password=ab", headers: ["content-type": "application/x-www-form-urlencoded"])
            #expect(bad.status == .unprocessableContent)
            #expect(
                bad.text
                    == #"{"detail":[{"type":"missing","loc":["body","username"],"msg":"Field required","input":null},{"type":"string_too_short","loc":["body","password"],"msg":"String should have at least 3 characters","input":"ab","ctx":{"min_length":3}}]}"#
            )
        }
    }

    @Test("an empty field counts as missing, as in FastAPI")
    func emptyField() async throws {
        try await Self.app.test { client in
            let response = try await client.post("/login/", form: [("username", ""), ("password", "abcd")])
            #expect(try response.json() == ["detail": [["type": "missing", "loc": ["body", "username"], "msg": "Field required", "input": nil]]])
        }
    }

    @Test("a repeated field fills a list, and a bad scalar reports int_parsing")
    func lists() async throws {
        try await Self.app.test { client in
            let response = try await client.post("/tags/", form: [("tag", "a"), ("tag", "b"), ("count", "3")])
            #expect(try response.json() == ["tag": ["a", "b"], "count": 3])
            let bad = try await client.post("/tags/", form: [("count", "x")])
            #expect(
                try bad.json()
                    == [
                        "detail": [
                            ["type": "missing", "loc": ["body", "tag"], "msg": "Field required", "input": nil],
                            [
                                "type": "int_parsing", "loc": ["body", "count"],
                                "msg": "Input should be a valid integer, unable to parse string as an integer", "input": "x",
                            ],
                        ]
                    ])
        }
    }

    @Test("a JSON body, or no body, leaves every form field missing")
    func notAForm() async throws {
        try await Self.app.test { client in
            let json = try await client.post("/login/", json: ["username": "x"] as JSONValue)
            let none = try await client.post("/login/")
            for response in [json, none] {
                #expect(response.status == .unprocessableContent)
                #expect(
                    try response.json()
                        == [
                            "detail": [
                                ["type": "missing", "loc": ["body", "username"], "msg": "Field required", "input": nil],
                                ["type": "missing", "loc": ["body", "password"], "msg": "Field required", "input": nil],
                            ]
                        ])
            }
        }
    }

    @Test("multipart text fields and files together")
    func mixedForm() async throws {
        try await Self.app.test { client in
            let response = try await client.post(
                "/mixed/", form: [("token", "secret")],
                files: [
                    FormFile(name: "file", filename: "a.bin", content: [1, 2, 3]),
                    FormFile(name: "fileb", filename: "b.txt", contentType: "text/csv", text: "x,y"),
                ])
            #expect(try response.json() == ["file_size": 3, "token": "secret", "fileb_content_type": "text/csv"])
        }
    }

    @Test("UploadFile carries filename, content type, size and the part's headers")
    func uploadMetadata() async throws {
        let (body, contentType) = multipart([
            "Content-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\nContent-Type: text/plain\r\nX-Custom: yes\r\n\r\nhello world"
        ])
        try await Self.app.test { client in
            let response = try await client.post("/upload/", body: body, headers: ["content-type": contentType])
            #expect(
                try response.json()
                    == [
                        "filename": "notes.txt", "content_type": "text/plain", "size": 11, "read": 11, "in_memory": true,
                        "x_custom": "yes",
                    ])
        }
    }

    @Test("a file name in RFC 5987 form is decoded and preferred")
    func extendedFilename() async throws {
        let (body, contentType) = multipart([
            "Content-Disposition: form-data; name=\"file\"; filename=\"fallback.txt\"; filename*=utf-8''r%C3%A9sum%C3%A9.txt\r\n\r\nx"
        ])
        try await Self.app.test { client in
            let response = try await client.post("/upload/", body: body, headers: ["content-type": contentType])
            #expect(try response.json()["filename"] == "résumé.txt")
        }
    }

    @Test("several files under one name arrive in order; an optional file may be absent")
    func severalFiles() async throws {
        try await Self.app.test { client in
            let response = try await client.post(
                "/uploads/", form: [],
                files: [
                    FormFile(name: "files", filename: "1.txt", text: "one"), FormFile(name: "files", filename: "2.txt", text: "two"),
                ])
            #expect(try response.json() == ["1.txt:one", "2.txt:two"])
            let none = try await client.post("/optional/", form: [("other", "x")], files: [FormFile(name: "x", filename: "x", text: "")])
            #expect(try none.json() == ["filename": nil])
        }
    }

    @Test("text where a file is expected is FastAPI's value_error; bytes accept text")
    func textForFile() async throws {
        try await Self.app.test { client in
            let upload = try await client.post("/upload/", form: [("file", "abc")])
            #expect(
                upload.text
                    == #"{"detail":[{"type":"value_error","loc":["body","file"],"msg":"Value error, Expected UploadFile, received: <class 'str'>","input":"abc","ctx":{"error":{}}}]}"#
            )
            let list = try await client.post(
                "/uploads/", form: [("files", "abc")], files: [FormFile(name: "files", filename: "f", text: "x")])
            #expect(try list.json()["detail"]?[0]?["loc"] == ["body", "files", 0])
            let bytes = try await client.post("/files/", form: [("file", "abc")])
            #expect(try bytes.json() == ["file_size": 3, "text": "abc"])
        }
    }

    @Test("malformed multipart bodies get Starlette's 400 messages")
    func malformed() async throws {
        try await Self.app.test { client in
            let noBoundary = try await client.post("/upload/", body: "x", headers: ["content-type": "multipart/form-data"])
            #expect(noBoundary.status == .badRequest)
            #expect(noBoundary.text == #"{"detail":"Missing boundary in multipart."}"#)

            let (noName, type) = multipart(["Content-Disposition: form-data; filename=\"a.txt\"\r\n\r\nhello"])
            let unnamed = try await client.post("/upload/", body: noName, headers: ["content-type": type])
            #expect(unnamed.text == #"{"detail":"The Content-Disposition header field \"name\" must be provided."}"#)

            let garbage = try await client.post("/upload/", body: "garbage that is long enough", headers: ["content-type": type])
            #expect(garbage.status == .badRequest)
            #expect(garbage.text == #"{"detail":"Invalid multipart data."}"#)

            let badHeader = try await client.post(
                "/upload/", body: "--XyZ\r\nbad header\r\n\r\nhello\r\n--XyZ--\r\n", headers: ["content-type": type])
            #expect(badHeader.text == #"{"detail":"Invalid multipart data."}"#)

            // A byte past ASCII in a part's header name is refused before MultipartKit sees it: its
            // header-name table has 128 entries, and such a byte used to bring the server down.
            let nonASCIIName = try await client.post(
                "/upload/", body: "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nX-\u{E9}: 1\r\n\r\nv\r\n--XyZ--\r\n",
                headers: ["content-type": type])
            #expect(nonASCIIName.status == .badRequest)
            #expect(nonASCIIName.text == #"{"detail":"Invalid multipart data."}"#)

            let empty = try await client.post("/upload/", body: "--XyZ--\r\n", headers: ["content-type": type])
            #expect(try empty.json()["detail"]?[0]?["type"] == "missing")
        }
    }
}

@Suite("Uploads")
struct UploadTests {
    @Test("a file past the spool threshold moves to disk and reads back intact, in chunks too")
    func spooled() async throws {
        let app = App(formLimits: FormLimits(spoolThreshold: 64 * 1024))
        app.add(
            Route(.post, "/checksum", FileParameter<UploadFile>("file")) { file in
                var sum = 0
                var chunks = 0
                for try await chunk in file.chunks(size: 50_000) {
                    chunks += 1
                    for byte in chunk.readableBytesView { sum = (sum &* 31 &+ Int(byte)) & 0xFFFF_FFFF }
                }
                file.seek(to: 10)
                let ten = try await file.read(10)
                let rest = try await file.read()
                return [
                    "size": .int(file.size), "in_memory": .bool(file.isInMemory), "sum": .int(sum), "chunks": .int(chunks),
                    "ten": JSONValue(ten.map(Int.init)), "rest": .int(rest.count),
                ] as JSONValue
            })
        let content = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let expected = content.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF_FFFF }
        try await app.test { client in
            let response = try await client.post("/checksum", form: [], files: [FormFile(name: "file", filename: "big.bin", content: content)])
            #expect(
                try response.json()
                    == [
                        "size": 300_000, "in_memory": false, "sum": .int(expected), "chunks": 6,
                        "ten": JSONValue(content[10..<20].map(Int.init)), "rest": 299_980,
                    ])
        }
    }

    @Test("a multipart body declared over the upload limit is 413, and the connection keeps serving")
    func uploadLimit() async throws {
        let app = App(formLimits: FormLimits(maxUploadSize: 1000))
        app.include(FormRoutes())
        try await app.test(.live) { client in
            let response = try await client.post(
                "/upload/", form: [], files: [FormFile(name: "file", filename: "big.bin", content: Array(repeating: 65, count: 5000))])
            #expect(response.status == .contentTooLarge)
            #expect(response.text == #"{"detail":"Content Too Large"}"#)
            // The connection still serves requests afterwards.
            let small = try await client.post("/upload/", form: [], files: [FormFile(name: "file", filename: "s.txt", text: "ok")])
            #expect(small.status == .ok)
        }
    }

    @Test("a chunked multipart body that grows past the upload limit is 413")
    func streamedUploadLimit() async throws {
        let app = App(formLimits: FormLimits(maxUploadSize: 1000))
        app.include(FormRoutes())
        try await app.test(.live) { client in
            let part = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n"
                + String(repeating: "A", count: 3000) + "\r\n--XyZ--\r\n"
            let chunk = String(part.utf8.count, radix: 16) + "\r\n" + part + "\r\n0\r\n\r\n"
            let request = "POST /upload/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: multipart/form-data; boundary=XyZ\r\n\r\n" + chunk
            let answer = try await rawExchange(port: client.port!, Array(request.utf8))
            #expect(answer.hasPrefix("HTTP/1.1 413 "))
            #expect(answer.hasSuffix(#"{"detail":"Content Too Large"}"#))
        }
    }

    @Test("Starlette's limits on files, fields and text parts")
    func partLimits() async throws {
        let app = App(formLimits: FormLimits(maxPartSize: 2048, maxFiles: 2, maxFields: 2))
        app.include(FormRoutes())
        try await app.test { client in
            let files = try await client.post(
                "/uploads/", form: [], files: (1...3).map { FormFile(name: "files", filename: "\($0)", text: "x") })
            #expect(files.status == .badRequest)
            #expect(files.text == #"{"detail":"Too many files. Maximum number of files is 2."}"#)

            let fields = try await client.post(
                "/tags/", form: [("tag", "a"), ("tag", "b"), ("tag", "c")], files: [FormFile(name: "f", filename: "f", text: "")])
            #expect(fields.text == #"{"detail":"Too many fields. Maximum number of fields is 2."}"#)

            let long = try await client.post(
                "/tags/", form: [("tag", String(repeating: "x", count: 3000))], files: [FormFile(name: "f", filename: "f", text: "")])
            #expect(long.text == #"{"detail":"Part exceeded maximum size of 2KB."}"#)
        }
    }
}

/// Bodies full of bytes that may open a delimiter are read past MultipartKit, and must come out
/// byte for byte, whatever the chunks they arrive in.
@Suite("Multipart bodies with delimiter look-alikes")
struct MultipartLookAlikeTests {
    @Test("CRs, CRLFs and delimiter prefixes inside a part survive chunks split anywhere", arguments: [1, 2, 3, 7, 64, 1000])
    func lookAlikes(chunkSize: Int) async throws {
        let app = App()
        app.include(FormRoutes())
        // Every proper beginning of the delimiter `\r\n--XyZ`, none of it whole.
        let content = "\r\r\n\r\n-\r\n--\r\n--X\r\n--Xy\r\n--Xz\r\nend\r" + String(repeating: "\r", count: 300) + "\r\n--Xy"
        let part = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n\(content)\r\n--XyZ--\r\n"
        let bytes = Array(part.utf8)
        var body = ""
        for start in stride(from: 0, to: bytes.count, by: chunkSize) {
            let piece = bytes[start..<min(start + chunkSize, bytes.count)]
            body += String(piece.count, radix: 16) + "\r\n" + String(decoding: piece, as: UTF8.self) + "\r\n"
        }
        body += "0\r\n\r\n"
        let request = "POST /files/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n"
            + "Content-Type: multipart/form-data; boundary=XyZ\r\n\r\n" + body
        try await app.test(.live) { client in
            let answer = try await rawExchange(port: try #require(client.port), Array(request.utf8))
            let json = try JSONParser.parse(Array(answer[answer.range(of: "\r\n\r\n")!.upperBound...].utf8))
            #expect(json["file_size"] == .int(content.utf8.count), "\(answer)")
            #expect(json["text"] == .string(content))
        }
    }
}
