/// Turns an endpoint's return value into a response.
enum ResponseRendering {
    /// The value as a JSON body with the route's status.
    static func json(_ output: some JSONWritable, status: HTTPResponse.Status) -> Response {
        var writer = JSONWriter()
        output.writeJSON(to: &writer)
        return JSONResponse.make(status: status, json: writer.bytes)
    }

    /// The value filtered through a response model, as FastAPI does with `response_model`: the
    /// value is serialized, validated as the model, and the model is written. A value that does
    /// not fit the model is a server error.
    static func json<Model: Validatable & JSONWritable>(
        _ output: some JSONWritable, as model: Model.Type, status: HTTPResponse.Status
    ) throws -> Response {
        if let same = output as? Model { return json(same, status: status) }
        var context = ValidationContext(location: ["response"])
        guard let converted = Model.validate(JSONValue(output), in: &context) else {
            throw ResponseValidationError(context.issues)
        }
        return json(converted, status: status)
    }
}
