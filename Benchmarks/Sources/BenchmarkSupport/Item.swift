/// The benchmark's item, as the Hummingbird and Vapor servers decode it with Foundation.
public struct Item: Codable, Sendable {
    public var name: String
    public var description: String?
    public var price: Double
    public var tax: Double?
    public var tags: [String]

    enum CodingKeys: String, CodingKey {
        case name, description, price, tax, tags
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        price = try container.decode(Double.self, forKey: .price)
        tax = try container.decodeIfPresent(Double.self, forKey: .tax)
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
    }
}

/// The created item as every server answers it: each field, `null` included, and
/// `price_with_tax` when there is a tax.
public struct CreatedItem: Encodable, Sendable {
    public var item: Item

    public init(_ item: Item) {
        self.item = item
    }

    enum CodingKeys: String, CodingKey {
        case name, description, price, tax, tags
        case priceWithTax = "price_with_tax"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(item.name, forKey: .name)
        try container.encode(item.description, forKey: .description)
        try container.encode(item.price, forKey: .price)
        try container.encode(item.tax, forKey: .tax)
        try container.encode(item.tags, forKey: .tags)
        if let tax = item.tax { try container.encode(item.price + tax, forKey: .priceWithTax) }
    }
}

/// `GET /items/{item_id}`'s answer.
public struct ItemSummary: Encodable, Sendable {
    public var item_id: Int
    public var q: String?
    public var description: String?

    public init(itemID: Int, q: String?, short: Bool) {
        item_id = itemID
        self.q = q.flatMap { $0.isEmpty ? nil : $0 }
        description = short ? nil : "This is an amazing item that has a long description"
    }
}

/// The answer of the 1,000 generated routes.
public struct RouteAnswer: Encodable, Sendable {
    public var route: Int
    public var item_id: Int

    public init(route: Int, itemID: Int) {
        self.route = route
        item_id = itemID
    }
}

/// The notification endpoints' answer.
public struct Message: Encodable, Sendable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }
}
