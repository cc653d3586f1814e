import Peregrine

@Model
public struct Item: Equatable {
    public var name: String
    @Field(maxLength: 300) public var description: String? = nil
    @Field(gt: 0, description: "The price must be greater than zero") public var price: Double
    public var tax: Double? = nil
    public var tags: [String] = []
}

@Model
struct User {
    var username: String
    var full_name: String? = nil
}

@Model
struct Offer {
    var name: String
    var price: Double
    var items: [Item]
}

/// Request bodies: one model, several bodies embedded by name, a scalar body value, `embed`,
/// nested models.
@Routes
struct RequestBodies {
    @POST("/items/", status: .created)
    func createItem(item: Item) -> JSONValue {
        guard case .object(var result) = JSONValue(item) else { return JSONValue(item) }
        if let tax = item.tax { result["price_with_tax"] = .double(item.price + tax) }
        return .object(result)
    }

    @PUT("/items/{item_id}")
    func updateItem(item_id itemID: Int, item: Item, user: User, @Body(gt: 0) importance: Int, q: String? = nil)
        -> JSONValue
    {
        var results: JSONObject = [
            "item_id": .int(itemID), "item": JSONValue(item), "user": JSONValue(user), "importance": .int(importance),
        ]
        if let q, !q.isEmpty { results["q"] = .string(q) }
        return .object(results)
    }

    @PUT("/embedded/{item_id}")
    func updateEmbedded(item_id itemID: Int, @Body(embed: true) item: Item) -> JSONValue {
        ["item_id": .int(itemID), "item": JSONValue(item)]
    }

    @POST("/offers/")
    func createOffer(offer: Offer) -> Offer {
        offer
    }
}
