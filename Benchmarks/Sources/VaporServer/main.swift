import BenchmarkSupport
import Vapor

// The benchmark's endpoints on Vapor 4, its way: `Content` decoding after `Validatable`
// validation, and tasks started as unstructured tasks, blocking work on the app's thread pool.
// Started as `VaporServer serve --env production --hostname H --port P`.

extension Item: Validatable {
    public static func validations(_ validations: inout Validations) {
        validations.add("name", as: String.self)
        validations.add("description", as: String?.self, is: .nil || .count(...300), required: false)
        validations.add("price", as: Double.self, is: .custom("greater than 0") { $0 > 0 })
        validations.add("tax", as: Double?.self, required: false)
        validations.add("tags", as: [String].self, required: false)
    }
}

/// A JSON response of an `Encodable` answer.
func json(_ value: some Encodable, status: HTTPStatus = .ok) throws -> Response {
    let response = Response(status: status)
    try response.content.encode(value, as: .json)
    return response
}

runBlocking {
    let app = try await Application.make(try Environment.detect())
    // Vapor logs a line for every request, and a warning for every 4xx; the other servers log
    // neither, so neither does this one.
    app.logger.logLevel = .error
    app.routes.defaultMaxBodySize = "2mb"

    app.get("items", ":item_id") { request async throws -> Response in
        guard let itemID = request.parameters.get("item_id", as: Int.self) else { throw Abort(.unprocessableEntity) }
        let query = try request.query.decode(ItemQuery.self)
        return try json(ItemSummary(itemID: itemID, q: query.q, short: query.short ?? false))
    }

    app.post("items") { request async throws -> Response in
        try Item.validate(content: request)
        let item = try request.content.decode(Item.self)
        return try json(CreatedItem(item), status: .created)
    }

    app.post("send-notification", ":email") { request async throws -> Response in
        let email = try request.parameters.require("email")
        let threadPool = request.application.threadPool
        Task { try await threadPool.runIfActive { try appendLine("notification for \(email)\n") } }
        return try json(Message("Notification sent in the background"))
    }

    app.post("send-notification-slow", ":email") { request async throws -> Response in
        _ = try request.parameters.require("email")
        Task { try await Task.sleep(for: .milliseconds(100)) }
        return try json(Message("Notification sent in the background"))
    }

    for number in 0..<1000 {
        app.get("route-\(number)", ":item_id") { request async throws -> Response in
            try json(RouteAnswer(route: number, itemID: try request.parameters.require("item_id", as: Int.self)))
        }
    }

    try await app.execute()
    try await app.asyncShutdown()
}

struct ItemQuery: Content {
    var q: String?
    var short: Bool?
}
