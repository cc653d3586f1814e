import BenchmarkSupport
import Foundation
import Hummingbird
import NIOPosix

// The benchmark's endpoints on Hummingbird alone, written by hand: parameters read from the
// context and the URI, the body decoded with Foundation's JSONDecoder and checked by hand, tasks
// started as unstructured tasks. The floor that Peregrine's typed layer costs against.

extension ItemSummary: ResponseEncodable {}
extension CreatedItem: ResponseEncodable {}
extension RouteAnswer: ResponseEncodable {}
extension Message: ResponseEncodable {}

/// Python's truthy spellings, which the Peregrine and FastAPI servers accept for `short`.
func parseBool(_ text: Substring) -> Bool? {
    switch text.lowercased() {
    case "1", "true", "on", "yes", "y", "t": true
    case "0", "false", "off", "no", "n", "f": false
    default: nil
    }
}

runBlocking {
    let router = Router()

    router.get("/items/{item_id}") { request, context -> ItemSummary in
        guard let itemID = context.parameters.get("item_id", as: Int.self) else {
            throw HTTPError(.unprocessableContent, message: "item_id must be an integer")
        }
        let query = request.uri.queryParameters
        var short = false
        if let text = query["short"] {
            guard let value = parseBool(text) else { throw HTTPError(.unprocessableContent, message: "short must be a boolean") }
            short = value
        }
        return ItemSummary(itemID: itemID, q: query["q"].map(String.init), short: short)
    }

    router.post("/items/") { request, context -> EditedResponse<CreatedItem> in
        let item = try await request.decode(as: Item.self, context: context)
        guard item.price > 0 else { throw HTTPError(.unprocessableContent, message: "price must be greater than 0") }
        guard (item.description?.count ?? 0) <= 300 else {
            throw HTTPError(.unprocessableContent, message: "description must have at most 300 characters")
        }
        return EditedResponse(status: .created, response: CreatedItem(item))
    }

    router.post("/send-notification/{email}") { _, context -> Message in
        let email = try context.parameters.require("email")
        Task { try await NIOThreadPool.singleton.runIfActive { try appendLine("notification for \(email)\n") } }
        return Message("Notification sent in the background")
    }

    router.post("/send-notification-slow/{email}") { _, context -> Message in
        _ = try context.parameters.require("email")
        Task { try await Task.sleep(for: .milliseconds(100)) }
        return Message("Notification sent in the background")
    }

    for number in 0..<1000 {
        router.get("/route-\(number)/{item_id}") { _, context -> RouteAnswer in
            RouteAnswer(route: number, itemID: try context.parameters.require("item_id", as: Int.self))
        }
    }

    let environment = ProcessInfo.processInfo.environment
    let app = Application(
        router: router,
        configuration: .init(address: .hostname(environment["HOST"] ?? "127.0.0.1", port: environment["PORT"].flatMap(Int.init) ?? 8080))
    )
    try await app.runService()
}
