/// How a route turns its endpoint's return value into a response.
///
/// Every route has one, chosen once when the route is built, from the endpoint's return type:
///
/// - a ``JSONWritable`` value (a `@Model`, ``JSONValue``, `String`, numbers, arrays) is rendered
///   by the route's response class (``JSONResponse`` unless the route or the app names another);
/// - with a response model, the value is first filtered through the model (FastAPI's
///   `response_model`);
/// - any other `Encodable` value is rendered the same way, through `Encodable`;
/// - nothing (`Void`) is rendered as FastAPI renders `None`: `null` in JSON, an empty body in a
///   text class;
/// - a ready response (``JSONResponse``, ``HTMLResponse``, ``FileResponse``, a Hummingbird
///   `Response`, any `ResponseGenerator`) is sent as it is, with the background tasks it carries.
///
/// The route macros name the renderer for the declared return type
/// (`OutputRenderer.automatic(for: Item.self)`); routes built by hand get it from their closure's
/// type.
public struct OutputRenderer<Output>: Sendable {
    /// The response for one output; records the background tasks a ready response carries.
    @usableFromInline let render: @Sendable (Output, RenderSettings, inout RequestInput) throws -> Response
    /// What a successful response's body looks like, for the OpenAPI document.
    let responseSchema: TypeSchema?
    /// Set for ready responses: the document then states their media type, or none, where FastAPI
    /// would claim JSON.
    let readyResponse: ReadyResponse?
    /// Set for streamed items (JSON Lines, Server-Sent Events).
    var stream: StreamDescription? = nil
}

/// The route's part in rendering: its status and response class.
@usableFromInline
struct RenderSettings: Sendable {
    let status: HTTPResponse.Status
    /// The route's response class or the app's default; nil is JSON.
    let responseClass: (any ResponseClass.Type)?
    /// How returned models are shaped (`responseModelExcludeUnset`, …); nil writes them whole.
    var serialization: SerializationOptions? = nil

    /// `output` rendered by the response class. JSON, the common case, is written without going
    /// through the class's existential, so that the writer stays specialized for the output's type.
    func render<Output: JSONWritable>(_ output: Output) -> Response {
        if let serialization { return renderPlain(ShapedOutput(value: output, options: serialization)) }
        return renderPlain(output)
    }

    private func renderPlain(_ output: some JSONWritable) -> Response {
        guard let responseClass else { return JSONResponse.render(output, status: status) }
        return responseClass.render(output, status: status)
    }
}

/// A value written with the route's ``SerializationOptions`` in force.
struct ShapedOutput<Value: JSONWritable>: JSONWritable {
    let value: Value
    let options: SerializationOptions

    func writeJSON(to writer: inout JSONWriter) {
        let saved = writer.options
        writer.options = options
        value.writeJSON(to: &writer)
        writer.options = saved
    }
}

/// What the document can say about a ready response an endpoint returns.
public struct ReadyResponse: Sendable {
    /// The media type every response of the returned type has, if the type fixes one.
    public let mediaType: String?
}

extension OutputRenderer where Output: JSONWritable {
    /// A value rendered by the route's response class.
    public static func automatic(for type: Output.Type) -> OutputRenderer {
        OutputRenderer(
            render: { output, settings, _ in settings.render(output) },
            responseSchema: (Output.self as? any Validatable.Type)?.typeSchema, readyResponse: nil)
    }

    /// A value filtered through `model`, as FastAPI does with `response_model`: the value is
    /// serialized, validated as the model, and the model is rendered. A value that does not fit
    /// the model is a server error.
    public static func model<Model: Validatable & JSONWritable>(_ model: Model.Type, for type: Output.Type) -> OutputRenderer {
        OutputRenderer(
            render: { output, settings, _ in
                if let same = output as? Model { return settings.render(same) }
                var context = ValidationContext(location: ["response"])
                context.validatesOutput = true
                guard let converted = Model.validate(JSONValue(output), in: &context) else {
                    throw ResponseValidationError(context.issues)
                }
                return settings.render(converted)
            },
            responseSchema: Model.typeSchema, readyResponse: nil)
    }
}

extension OutputRenderer where Output: Encodable {
    /// A value written through `Encodable`, then rendered by the route's response class.
    @_disfavoredOverload
    public static func automatic(for type: Output.Type) -> OutputRenderer {
        OutputRenderer(
            render: { output, settings, _ in settings.render(EncodableContent(output)) },
            responseSchema: nil, readyResponse: nil)
    }
}

extension OutputRenderer where Output == Void {
    /// Nothing returned: FastAPI's `None`.
    public static func automatic(for type: Void.Type) -> OutputRenderer {
        OutputRenderer(
            render: { _, settings, _ in settings.render(NoContent()) },
            responseSchema: nil, readyResponse: nil)
    }
}

extension OutputRenderer where Output: ResponseGenerator {
    /// A ready response, sent as it is.
    @_disfavoredOverload
    public static func automatic(for type: Output.Type) -> OutputRenderer {
        OutputRenderer(
            render: { output, _, input in try output.response(from: input.request, context: input.context) },
            responseSchema: nil, readyResponse: ReadyResponse(mediaType: (Output.self as? any ResponseClass.Type)?.mediaType))
    }
}

extension OutputRenderer where Output: ResponseGenerator & BackgroundCarrying {
    /// A ready response that carries background tasks: sent as it is, its tasks run after the
    /// request's injected ones.
    @_disfavoredOverload
    public static func automatic(for type: Output.Type) -> OutputRenderer {
        OutputRenderer(
            render: { output, _, input in
                input.effects.responseBackground = output.background
                return try output.response(from: input.request, context: input.context)
            },
            responseSchema: nil, readyResponse: ReadyResponse(mediaType: (Output.self as? any ResponseClass.Type)?.mediaType))
    }
}

/// What an endpoint returning nothing renders: `null` as JSON; a text response class writes an
/// empty body, as Starlette renders `None`.
public struct NoContent: JSONWritable, Sendable {
    public init() {}
    public func writeJSON(to writer: inout JSONWriter) { writer.writeNull() }
}
