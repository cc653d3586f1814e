/// Turns an endpoint's return value into a response.
enum ResponseRendering {
    /// The value as a JSON body with the route's status.
    static func json(_ output: some JSONWritable, status: HTTPResponse.Status) -> Response {
        var writer = JSONWriter()
        output.writeJSON(to: &writer)
        return JSONResponse.make(status: status, json: writer.bytes)
    }

    /// The value rendered by `responseClass`, as JSON when there is none.
    static func render(_ output: some JSONWritable, status: HTTPResponse.Status, as responseClass: (any ResponseClass.Type)?) -> Response {
        guard let responseClass else { return json(output, status: status) }
        return responseClass.render(output, status: status)
    }

    /// The value filtered through a response model, as FastAPI does with `response_model`: the
    /// value is serialized, validated as the model, and the model is written. A value that does
    /// not fit the model is a server error.
    static func json<Model: Validatable & JSONWritable>(
        _ output: some JSONWritable, as model: Model.Type, status: HTTPResponse.Status,
        responseClass: (any ResponseClass.Type)? = nil
    ) throws -> Response {
        if let same = output as? Model { return render(same, status: status, as: responseClass) }
        var context = ValidationContext(location: ["response"])
        guard let converted = Model.validate(JSONValue(output), in: &context) else {
            throw ResponseValidationError(context.issues)
        }
        return render(converted, status: status, as: responseClass)
    }
}
