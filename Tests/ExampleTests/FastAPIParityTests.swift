import ExampleApp
import Foundation
import Peregrine
import PeregrineTesting
import Testing

/// One request of the parity cases and FastAPI's recorded answer to it.
struct RecordedCase: Sendable, CustomTestStringConvertible {
    let name: String
    let method: HTTPRequest.Method
    let path: String
    let headers: [(String, String)]
    let body: String?
    let status: Int
    let json: JSONValue?
    let text: String?
    let expectedHeaders: [(String, String?)]

    var testDescription: String { name }

    /// Every case recorded by `Tests/Parity/record_answers.py` from the FastAPI reference app.
    static let all = load("fastapi_answers")
    /// Every case recorded from the second reference app, `porting_app.py`.
    static let porting = load("porting_answers")

    static func load(_ resource: String) -> [RecordedCase] {
        guard let url = Bundle.module.url(forResource: resource, withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url),
            case .array(let entries) = try? JSONParser.parse(Array(data))
        else { return [] }
        return entries.compactMap { entry in
            guard case .object(let request) = entry["request"], case .object(let expected) = entry["expected"],
                case .string(let name) = request["name"], case .string(let method) = request["method"],
                case .string(let path) = request["path"], case .int(let status) = expected["status"]
            else { return nil }
            var headers: [(String, String)] = []
            if case .object(let fields) = request["headers"] {
                for (key, value) in fields { if case .string(let text) = value { headers.append((key, text)) } }
            }
            var expectedHeaders: [(String, String?)] = []
            if case .object(let fields) = expected["headers"] {
                for (key, value) in fields {
                    if case .string(let text) = value { expectedHeaders.append((key, text)) } else { expectedHeaders.append((key, nil)) }
                }
            }
            var body: String?
            if case .string(let text) = request["body"] { body = text }
            var text: String?
            if case .string(let value) = expected["text"] { text = value }
            return RecordedCase(
                name: name, method: HTTPRequest.Method(method)!, path: path, headers: headers, body: body, status: status,
                json: expected["json"], text: text, expectedHeaders: expectedHeaders)
        }
    }
}

/// The example app answers every recorded request exactly as FastAPI did: status, JSON body
/// (including key order and number kinds), and the headers the case checks.
@Suite("Example app answers like FastAPI")
struct FastAPIParityTests {
    static let app = makeExampleApp()

    @Test("the recorded cases are present")
    func casesArePresent() {
        #expect(RecordedCase.all.count > 150)
    }

    @Test("answer matches FastAPI", arguments: RecordedCase.all)
    func answerMatches(_ recorded: RecordedCase) async throws {
        try await Self.check(recorded)
    }

    @Test("the porting app's recorded cases are present")
    func portingCasesArePresent() {
        #expect(RecordedCase.porting.count > 300)
    }

    @Test("porting app: answer matches FastAPI", arguments: RecordedCase.porting)
    func portingAnswerMatches(_ recorded: RecordedCase) async throws {
        try await Self.check(recorded)
    }

    static func check(_ recorded: RecordedCase) async throws {
        try await Self.app.test { client in
            let response = try await client.request(
                recorded.method, recorded.path, headerList: recorded.headers, body: recorded.body)
            #expect(response.statusCode == recorded.status)
            if let expected = recorded.json, recorded.path.hasSuffix("openapi.json") {
                // A document's members are in sorted order; pydantic's order is its own.
                #expect(try response.json().sortingKeys() == expected.sortingKeys())
            } else if let expected = recorded.json {
                #expect(try response.json() == expected)
            } else if let text = recorded.text {
                #expect(response.text == text)
            }
            for (name, value) in recorded.expectedHeaders {
                var actual = response.header(name)
                if name == "location", let location = actual {
                    // FastAPI's TestClient and ours present different hosts; the path must agree.
                    actual = location.replacingOccurrences(of: "http://localhost", with: "http://127.0.0.1:8000")
                }
                #expect(actual == value, "header \(name)")
            }
        }
    }
}
