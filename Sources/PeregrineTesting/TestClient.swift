import Foundation
import HummingbirdTesting
import NIOCore
import Peregrine

/// How a test reaches the app.
public enum TestMode: Sendable {
    /// Requests go straight to the app's responder, with no socket: fast, for most tests.
    case inProcess
    /// The app serves on a loopback port and requests go over HTTP, for what only a real
    /// connection shows.
    case live
}

extension App {
    /// Runs `test` with a client for the app, like FastAPI's `TestClient(app)`:
    ///
    /// ```swift
    /// try await app.test { client in
    ///     let response = try await client.get("/items/5?q=x")
    ///     #expect(response.status == .ok)
    ///     #expect(try response.json() == ["item_id": 5, "q": "x"])
    /// }
    /// ```
    ///
    /// Like FastAPI's, the client returns a response once the request's background tasks have run;
    /// ``TestClient/returningBeforeBackgroundTasks`` returns at once, and
    /// ``TestClient/backgroundTasksFinished()`` waits for them.
    public func test<Value: Sendable>(
        _ mode: TestMode = .inProcess, _ test: @Sendable (TestClient) async throws -> Value
    ) async throws -> Value {
        let runner = makeTaskRunner()
        let application = makeApplication(host: "127.0.0.1", port: 0, taskRunner: runner)
        return try await application.test(mode == .inProcess ? .router : .live) { client in
            try await test(TestClient(base: client, runner: runner, waitsForBackgroundTasks: true))
        }
    }
}

/// Sends requests to an app under test and returns complete responses.
public struct TestClient: Sendable {
    let base: any TestClientProtocol
    let runner: BackgroundTaskRunner
    let waitsForBackgroundTasks: Bool

    /// The same client, returning responses without waiting for background tasks.
    public var returningBeforeBackgroundTasks: TestClient {
        TestClient(base: base, runner: runner, waitsForBackgroundTasks: false)
    }

    /// Returns once every background task submitted so far has run.
    public func backgroundTasksFinished() async {
        await runner.waitUntilIdle()
    }

    /// The port the app listens on, in ``TestMode/live`` mode.
    public var port: Int? { base.port }

    /// Sends a request. `json` is encoded and sent with `content-type: application/json`; `body`
    /// is sent as it is; `cookies` become one `Cookie` header.
    public func request(
        _ method: HTTPRequest.Method,
        _ uri: String,
        headers: KeyValuePairs<String, String> = [:],
        cookies: KeyValuePairs<String, String> = [:],
        body: String? = nil
    ) async throws -> TestResponse {
        try await send(method, uri, headers: headers, cookies: cookies, body: body.map { ByteBuffer(string: $0) }, json: false)
    }

    /// Sends a request with headers given as a list, which may repeat a name.
    public func request(
        _ method: HTTPRequest.Method,
        _ uri: String,
        headerList: [(String, String)],
        body: String? = nil
    ) async throws -> TestResponse {
        try await execute(method, uri, headers: try Self.fields(headerList), body: body.map { ByteBuffer(string: $0) })
    }

    /// Sends a request with a body of raw bytes.
    public func request(
        _ method: HTTPRequest.Method,
        _ uri: String,
        headers: KeyValuePairs<String, String> = [:],
        bytes: ByteBuffer
    ) async throws -> TestResponse {
        try await send(method, uri, headers: headers, cookies: [:], body: bytes, json: false)
    }

    /// Posts a form, as FastAPI's `client.post(url, data=..., files=...)` does: url-encoded when
    /// there are no files, `multipart/form-data` otherwise.
    public func post(
        _ uri: String, form: [(String, String)], files: [FormFile] = [], headers: KeyValuePairs<String, String> = [:]
    ) async throws -> TestResponse {
        var fields = Array(headers.map { ($0.key, $0.value) })
        let body: ByteBuffer
        if files.isEmpty {
            body = ByteBuffer(string: form.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&"))
            fields.append(("content-type", "application/x-www-form-urlencoded"))
        } else {
            let boundary = "peregrine-test-boundary-\(UInt64.random(in: 0...UInt64.max))"
            var buffer = ByteBuffer()
            for (name, value) in form {
                buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
            }
            for file in files {
                buffer.writeString(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\n"
                        + "Content-Type: \(file.contentType)\r\n\r\n")
                buffer.writeBytes(file.content)
                buffer.writeString("\r\n")
            }
            buffer.writeString("--\(boundary)--\r\n")
            body = buffer
            fields.append(("content-type", "multipart/form-data; boundary=\(boundary)"))
        }
        return try await execute(.post, uri, headers: try Self.fields(fields), body: body)
    }

    /// `application/x-www-form-urlencoded` escaping: unreserved characters stay, spaces become `+`.
    static func formEncode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                result += "+"
            default:
                result += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }

    /// Sends a request whose body is `json`.
    public func request(
        _ method: HTTPRequest.Method,
        _ uri: String,
        json: some JSONWritable,
        headers: KeyValuePairs<String, String> = [:],
        cookies: KeyValuePairs<String, String> = [:]
    ) async throws -> TestResponse {
        var writer = JSONWriter()
        json.writeJSON(to: &writer)
        return try await send(method, uri, headers: headers, cookies: cookies, body: ByteBuffer(bytes: writer.bytes), json: true)
    }

    private func send(
        _ method: HTTPRequest.Method, _ uri: String, headers: KeyValuePairs<String, String>,
        cookies: KeyValuePairs<String, String>, body: ByteBuffer?, json: Bool
    ) async throws -> TestResponse {
        var fields = try Self.fields(headers.map { ($0.key, $0.value) })
        if json && fields[.contentType] == nil { fields[.contentType] = "application/json" }
        if !cookies.isEmpty {
            fields[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        return try await execute(method, uri, headers: fields, body: body)
    }

    /// Sends the request and, like FastAPI's client, returns once its background tasks have run.
    private func execute(
        _ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields, body: ByteBuffer?
    ) async throws -> TestResponse {
        let response = try await base.execute(uri: uri, method: method, headers: headers, body: body)
        if waitsForBackgroundTasks { await runner.waitUntilIdle() }
        return TestResponse(status: response.status, headers: response.headers, body: response.body)
    }

    /// Header fields from name-value pairs; a name HTTP does not allow is an error.
    static func fields(_ pairs: some Sequence<(String, String)>) throws -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in pairs {
            guard let fieldName = HTTPField.Name(name) else { throw TestClientError.invalidHeaderName(name) }
            fields.append(HTTPField(name: fieldName, value: value))
        }
        return fields
    }
}

/// A file to send in a multipart form with ``TestClient/post(_:form:files:headers:)``.
public struct FormFile: Sendable {
    public var name: String
    public var filename: String
    public var contentType: String
    public var content: [UInt8]

    public init(name: String, filename: String, contentType: String = "application/octet-stream", content: [UInt8]) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
        self.content = content
    }

    public init(name: String, filename: String, contentType: String = "text/plain", text: String) {
        self.init(name: name, filename: filename, contentType: contentType, content: Array(text.utf8))
    }
}

public enum TestClientError: Error, CustomStringConvertible {
    case invalidHeaderName(String)
    case notJSON(String)
    case invalidContent([ValidationIssue])
    case webSocketNeedsLiveMode

    public var description: String {
        switch self {
        case .invalidHeaderName(let name): "'\(name)' is not a valid header name"
        case .notJSON(let text): "the response body is not JSON: \(text.prefix(200))"
        case .invalidContent(let issues): "the response body does not validate: \(issues)"
        case .webSocketNeedsLiveMode: "WebSocket tests need a real connection: run the app with app.test(.live)"
        }
    }
}

/// A complete response received by the ``TestClient``.
public struct TestResponse: Sendable {
    public let status: HTTPResponse.Status
    public let headers: HTTPFields
    public let body: ByteBuffer

    /// The status code as a number, like FastAPI's `response.status_code`.
    public var statusCode: Int { status.code }

    /// The body as UTF-8 text.
    public var text: String { String(buffer: body) }

    /// The value of the first header named `name` (case-insensitive), like `response.headers["x-error"]`.
    public func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }
    }

    /// Every `Set-Cookie` header's name and value.
    public var cookies: [String: String] {
        var cookies: [String: String] = [:]
        for value in headers[values: .setCookie] {
            let pair = value.split(separator: ";", maxSplits: 1).first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { cookies[String(parts[0])] = String(parts[1]) }
        }
        return cookies
    }

    /// The body parsed as JSON, like `response.json()`.
    public func json() throws -> JSONValue {
        let bytes = Array(body.readableBytesView)
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw TestClientError.notJSON(text)
        }
    }

    /// The body validated as `type`.
    public func decode<Value: Validatable>(_ type: Value.Type) throws -> Value {
        var context = ValidationContext()
        guard let value = Value.validate(try json(), in: &context) else {
            throw TestClientError.invalidContent(context.issues)
        }
        return value
    }
}
