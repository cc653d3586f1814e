import func BenchmarkSupport.appendLine
import func BenchmarkSupport.runBlocking
import Peregrine

// The benchmark's endpoints written with Peregrine, as a user would: the Example's `/items`
// endpoints, a notification endpoint whose background task appends a line to a file, one whose
// task sleeps 100 ms, and 1,000 routes added at run time.

@Model
struct Item {
    var name: String
    @Field(maxLength: 300) var description: String? = nil
    @Field(gt: 0) var price: Double
    var tax: Double? = nil
    var tags: [String] = []
}

@Model
struct Message {
    var message: String
}

@Routes
struct Items {
    @GET("/items/{item_id}")
    func readItem(item_id itemID: Int, q: String? = nil, short: Bool = false) -> JSONValue {
        var item: JSONObject = ["item_id": .int(itemID)]
        if let q, !q.isEmpty { item["q"] = .string(q) }
        if !short { item["description"] = "This is an amazing item that has a long description" }
        return .object(item)
    }

    @POST("/items/", status: .created)
    func createItem(item: Item) -> JSONValue {
        guard case .object(var result) = JSONValue(item) else { return JSONValue(item) }
        if let tax = item.tax { result["price_with_tax"] = .double(item.price + tax) }
        return .object(result)
    }
}

@Routes
struct Notifications {
    @POST("/send-notification/{email}")
    func sendNotification(email: String, backgroundTasks: BackgroundTasks) -> Message {
        backgroundTasks.addTask(appendLine, "notification for \(email)\n")
        return Message(message: "Notification sent in the background")
    }

    @POST("/send-notification-slow/{email}")
    func sendSlowNotification(email: String, backgroundTasks: BackgroundTasks) -> Message {
        backgroundTasks.addTask { try await Task.sleep(for: .milliseconds(100)) }
        return Message(message: "Notification sent in the background")
    }
}

runBlocking {
    let app = App(title: "Peregrine benchmark")
    app.include(Items())
    app.include(Notifications())
    for number in 0..<1000 {
        app.add(Route(.get, "/route-\(number)/{item_id}", PathParameter<Int>("item_id")) { itemID in
            ["route": .int(number), "item_id": .int(itemID)] as JSONValue
        })
    }
    try await app.run()
}
