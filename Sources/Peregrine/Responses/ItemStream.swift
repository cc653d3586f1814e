import Foundation
import NIOCore
import Synchronization

/// Items an endpoint produces one by one while the response is sent: FastAPI's generator
/// endpoints (`yield`).
///
/// ```swift
/// @GET("/lines/")
/// func lines(@Query(ge: 0, le: 20) count: Int = 3) -> ItemStream<Tick> {
///     ItemStream { yield in
///         for n in 0..<count { try await yield(Tick(n: n, square: n * n)) }
///     }
/// }
/// ```
///
/// By default the items are sent as JSON Lines (`application/jsonl`, one JSON text per line, as
/// FastAPI writes them: `{"n": 0, "square": 0}`); with `responseClass: EventSourceResponse.self`
/// as Server-Sent Events (see ``EventSourceResponse``). Each item is sent as soon as it is
/// yielded; `yield` waits while the client is slow, and throws once the client has gone, which
/// ends the producer. `ItemStream(sequence)` streams any `AsyncSequence` of items the same way.
public struct ItemStream<Item: JSONWritable & Sendable>: StreamedItems {
    /// Sends one item.
    public struct Yield: Sendable {
        let send: @Sendable (Item) async throws -> Void

        public func callAsFunction(_ item: Item) async throws { try await send(item) }
    }

    /// How long an event stream may stay silent before a keep-alive comment (`: ping`) is sent.
    public var keepAliveInterval: Duration
    private let produce: @Sendable (Yield) async throws -> Void

    public init(keepAliveInterval: Duration = .seconds(15), _ produce: @escaping @Sendable (Yield) async throws -> Void) {
        self.keepAliveInterval = keepAliveInterval
        self.produce = produce
    }

    /// The elements of `sequence`, streamed.
    public init<Items: AsyncSequence & Sendable>(_ sequence: Items, keepAliveInterval: Duration = .seconds(15))
    where Items.Element == Item {
        self.init(keepAliveInterval: keepAliveInterval) { yield in
            for try await item in sequence { try await yield(item) }
        }
    }

    public func produce(_ send: @escaping @Sendable (Item) async throws -> Void) async throws {
        try await produce(Yield(send: send))
    }
}

/// A sequence of items an endpoint can stream, such as ``ItemStream`` (which also wraps any
/// `AsyncSequence`, `AsyncStream` included).
public protocol StreamedItems: Sendable {
    associatedtype Item: JSONWritable & Sendable
    /// Produces every item through `send`, which throws once the client has gone.
    func produce(_ send: @escaping @Sendable (Item) async throws -> Void) async throws
    /// How long an event stream may stay silent before a keep-alive comment is sent.
    var keepAliveInterval: Duration { get }
}

extension StreamedItems {
    public var keepAliveInterval: Duration { .seconds(15) }
}

/// The response class of Server-Sent Events: FastAPI's `EventSourceResponse`.
///
/// An endpoint returning an ``ItemStream`` (or another ``StreamedItems``) with this response
/// class sends each item as an event: a ``ServerSentEvent`` as it describes itself, any other
/// value as `data: <its JSON>`. The response is `text/event-stream; charset=utf-8` with
/// `Cache-Control: no-cache` and `X-Accel-Buffering: no` (so that proxies do not buffer it), and a
/// `: ping` comment keeps an idle stream open every ``ItemStream/keepAliveInterval``.
public enum EventSourceResponse: ResponseClass {
    public static var mediaType: String { "text/event-stream" }

    /// A value that is not a stream is sent as a single event.
    public static func render(_ output: some JSONWritable, status: HTTPResponse.Status) -> Response {
        let text = ServerSentEvent.formatted(data: ServerSentEvent.pythonJSON(output))
        return TextBody.response(text, mediaType: mediaType, status: status)
    }
}

/// One Server-Sent Event: FastAPI's `ServerSentEvent`.
///
/// `data` is sent as JSON (`data: "hello"`, `data: {"a": 1}`); `rawData` as written. The lines
/// come in FastAPI's order: comment, `event`, `data`, `id`, `retry`.
public struct ServerSentEvent: JSONWritable, Sendable, Hashable {
    /// The event's data as sent, already encoded; nil for none.
    public var dataText: String?
    public var event: String?
    public var id: String?
    /// How long the client waits before reconnecting, in milliseconds.
    public var retry: Int?
    public var comment: String?

    /// An event whose data is `data` as JSON (FastAPI's `ServerSentEvent(data=...)`).
    public init(data: JSONValue? = nil, event: String? = nil, id: String? = nil, retry: Int? = nil, comment: String? = nil) {
        self.init(dataText: data.map(Self.pythonJSON), event: event, id: id, retry: retry, comment: comment)
    }

    /// An event whose data is a model, written as compact JSON (pydantic's `model_dump_json`).
    public init(model: some JSONWritable, event: String? = nil, id: String? = nil, retry: Int? = nil, comment: String? = nil) {
        var writer = JSONWriter()
        model.writeJSON(to: &writer)
        self.init(dataText: writer.string, event: event, id: id, retry: retry, comment: comment)
    }

    /// An event whose data is sent as written (FastAPI's `raw_data=`).
    public init(rawData: String?, event: String? = nil, id: String? = nil, retry: Int? = nil, comment: String? = nil) {
        self.init(dataText: rawData, event: event, id: id, retry: retry, comment: comment)
    }

    private init(dataText: String?, event: String?, id: String?, retry: Int?, comment: String?) {
        precondition(event.map { !$0.contains(where: \.isNewline) } ?? true, "an event name is one line")
        precondition(id.map { !$0.contains(where: \.isNewline) && !$0.contains("\0") } ?? true, "an event id is one line without NUL")
        precondition(retry.map { $0 >= 0 } ?? true, "retry is a number of milliseconds, not negative")
        self.dataText = dataText
        self.event = event
        self.id = id
        self.retry = retry
        self.comment = comment
    }

    /// As JSON, an event is its data.
    public func writeJSON(to writer: inout JSONWriter) {
        writer.writeRaw((dataText ?? "null").utf8)
    }

    /// The event as sent on the stream.
    var formatted: String {
        var lines: [String] = []
        if let comment { lines += Self.lines(comment).map { ": " + $0 } }
        if let event { lines.append("event: " + event) }
        if let dataText { lines += Self.lines(dataText).map { "data: " + $0 } }
        if let id { lines.append("id: " + id) }
        if let retry { lines.append("retry: \(retry)") }
        return lines.joined(separator: "\n") + "\n\n"
    }

    static func formatted(data: String) -> String {
        ServerSentEvent(rawData: data).formatted
    }

    /// `\r\n` and `\r` are line breaks too, as the event-stream format reads them.
    private static func lines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// `json.dumps(jsonable_encoder(value))`: JSON with Python's default separators.
    static func pythonJSON(_ value: some JSONWritable) -> String {
        var writer = JSONWriter()
        writer.pythonSeparators = true
        value.writeJSON(to: &writer)
        return writer.string
    }
}

extension OutputRenderer where Output: StreamedItems {
    /// Streamed items: JSON Lines, or Server-Sent Events with ``EventSourceResponse``.
    public static func automatic(for type: Output.Type) -> OutputRenderer {
        OutputRenderer(
            render: { output, settings, input in
                let streaming: StreamingResponse
                if settings.responseClass == EventSourceResponse.self {
                    streaming = eventStream(output, status: settings.status)
                } else {
                    streaming = StreamingResponse(status: settings.status, mediaType: "application/jsonl") { write in
                        try await output.produce { item in
                            try await write(ServerSentEvent.pythonJSON(item) + "\n")
                        }
                    }
                }
                return try streaming.response(from: input.request, context: input.context)
            },
            responseSchema: nil, readyResponse: nil,
            stream: StreamDescription(itemSchema: (Output.Item.self as? any Validatable.Type)?.typeSchema))
    }

    private static func eventStream(_ output: Output, status: HTTPResponse.Status) -> StreamingResponse {
        var headers = HTTPFields()
        headers[.cacheControl] = "no-cache"
        headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
        let interval = output.keepAliveInterval
        return StreamingResponse(status: status, mediaType: EventSourceResponse.mediaType, headers: headers) { write in
            let lastSent = LastSent()
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Pings go between events only when the stream has been silent for a whole interval.
                group.addTask {
                    while true {
                        let due = lastSent.time.withLock { $0 } + interval
                        try await Task.sleep(until: due, clock: .continuous)
                        let silent = lastSent.time.withLock { last in
                            guard ContinuousClock.now - last >= interval else { return false }
                            last = .now
                            return true
                        }
                        if silent { try await write(": ping\n\n") }
                    }
                }
                try await output.produce { item in
                    let text = (item as? ServerSentEvent)?.formatted ?? ServerSentEvent.formatted(data: ServerSentEvent.pythonJSON(item))
                    lastSent.time.withLock { $0 = .now }
                    try await write(text)
                }
                group.cancelAll()
            }
        }
    }
}

/// When an event stream last sent something, shared by its producer and its keep-alive timer.
private final class LastSent: Sendable {
    let time = Mutex(ContinuousClock.now)
}

/// What the document says about a streamed response: the schema of its items.
public struct StreamDescription: Sendable {
    public let itemSchema: TypeSchema?
}
