import Peregrine

// One method per HTTP verb, as FastAPI's client has them. Verbs that carry a body take it as
// text (`body:`) or as JSON (`json:`, sent with `content-type: application/json`).
extension TestClient {
    public func get(
        _ uri: String, headers: KeyValuePairs<String, String> = [:], cookies: KeyValuePairs<String, String> = [:]
    ) async throws -> TestResponse {
        try await request(.get, uri, headers: headers, cookies: cookies)
    }

    public func head(
        _ uri: String, headers: KeyValuePairs<String, String> = [:], cookies: KeyValuePairs<String, String> = [:]
    ) async throws -> TestResponse {
        try await request(.head, uri, headers: headers, cookies: cookies)
    }

    public func options(
        _ uri: String, headers: KeyValuePairs<String, String> = [:], cookies: KeyValuePairs<String, String> = [:]
    ) async throws -> TestResponse {
        try await request(.options, uri, headers: headers, cookies: cookies)
    }

    public func post(
        _ uri: String, body: String? = nil, headers: KeyValuePairs<String, String> = [:],
        cookies: KeyValuePairs<String, String> = [:]
    ) async throws -> TestResponse {
        try await request(.post, uri, headers: headers, cookies: cookies, body: body)
    }

    public func post(
        _ uri: String, json: some JSONWritable, headers: KeyValuePairs<String, String> = [:],
        cookies: KeyValuePairs<String, String> = [:]
    ) async throws -> TestResponse {
        try await request(.post, uri, json: json, headers: headers, cookies: cookies)
    }

    public func put(
        _ uri: String, body: String? = nil, headers: KeyValuePairs<String, String> = [:],
        cookies: KeyValuePairs<String, String> = [:]
    ) async throws -> TestResponse {
        try await request(.put, uri, headers: headers, cookies: cookies, body: body)
    }

    public func put(
        _ uri: String, json: some JSONWritable, headers: KeyValuePairs<String, String> = [:],
        cookies: KeyValuePairs<String, String> = [:]
    ) async throws -> TestResponse {
        try await request(.put, uri, json: json, headers: headers, cookies: cookies)
    }

    public func patch(
        _ uri: String, body: String? = nil, headers: KeyValuePairs<String, String> = [:],
        cookies: KeyValuePairs<String, String> = [:]
    ) async throws -> TestResponse {
        try await request(.patch, uri, headers: headers, cookies: cookies, body: body)
    }

    public func patch(
        _ uri: String, json: some JSONWritable, headers: KeyValuePairs<String, String> = [:],
        cookies: KeyValuePairs<String, String> = [:]
    ) async throws -> TestResponse {
        try await request(.patch, uri, json: json, headers: headers, cookies: cookies)
    }

    public func delete(
        _ uri: String, body: String? = nil, headers: KeyValuePairs<String, String> = [:],
        cookies: KeyValuePairs<String, String> = [:]
    ) async throws -> TestResponse {
        try await request(.delete, uri, headers: headers, cookies: cookies, body: body)
    }

    public func delete(
        _ uri: String, json: some JSONWritable, headers: KeyValuePairs<String, String> = [:],
        cookies: KeyValuePairs<String, String> = [:]
    ) async throws -> TestResponse {
        try await request(.delete, uri, json: json, headers: headers, cookies: cookies)
    }
}
