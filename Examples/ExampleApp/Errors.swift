import Peregrine

/// An app-specific error with its own handler: FastAPI's `UnicornException`.
struct UnicornError: Error {
    let name: String
}

/// `HTTPException` with a custom header, and a custom exception handler.
@Routes
struct Errors {
    static let items = ["foo": "The Foo Wrestlers"]

    @GET("/items-header/{item_id}")
    func readItemHeader(item_id itemID: String) throws -> JSONValue {
        guard let item = Self.items[itemID] else {
            throw HTTPException(404, detail: "Item not found", headers: ["X-Error": "There goes my error"])
        }
        return ["item": .string(item)]
    }

    @GET("/unicorns/{name}")
    func readUnicorn(name: String) throws -> JSONValue {
        if name == "yolo" { throw UnicornError(name: name) }
        return ["unicorn_name": .string(name)]
    }

    static func registerHandlers(on app: App) {
        app.exceptionHandler(UnicornError.self) { _, error in
            JSONResponse(status: 418, content: ["message": "Oops! \(error.name) did something. There goes a rainbow..."] as JSONValue)
        }
    }
}
