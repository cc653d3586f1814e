import Peregrine

/// A path parameter restricted to a few values: FastAPI's `class ModelName(str, Enum)`.
public enum ModelName: String, CaseIterable, ParameterValue {
    case alexnet, resnet, lenet
}

@Model
struct ModelAnswer {
    var model_name: ModelName
    var message: String
}

@Model
struct SearchResult {
    var q: String?
    var tags: [String]
    var page: Int
}

@Model
struct Measurement {
    var item_id: Int
    var size: Double
}

/// Path and query parameters: conversion, validation, defaults, lists, constraints.
@Routes
struct PathAndQueryParameters {
    static let fakeItems: [JSONValue] = [["item_name": "Foo"], ["item_name": "Bar"], ["item_name": "Baz"]]

    // Declared before `/users/{user_id}`, so that it is matched first, as in FastAPI.
    @GET("/users/me")
    func readUserMe() -> JSONValue {
        ["user_id": "the current user"]
    }

    @GET("/users/{user_id}")
    func readUser(user_id userID: String) -> JSONValue {
        ["user_id": .string(userID)]
    }

    @GET("/models/{model_name}")
    func getModel(model_name model: ModelName) -> ModelAnswer {
        switch model {
        case .alexnet: ModelAnswer(model_name: model, message: "Deep Learning FTW!")
        case .lenet: ModelAnswer(model_name: model, message: "LeCNN all the images")
        case .resnet: ModelAnswer(model_name: model, message: "Have some residuals")
        }
    }

    /// A path parameter that takes the rest of the path, slashes included.
    @GET("/files/{file_path:path}")
    func readFile(file_path filePath: String) -> JSONValue {
        ["file_path": .string(filePath)]
    }

    @GET("/items/")
    func readItems(skip: Int = 0, limit: Int = 10) -> [JSONValue] {
        Array(Self.fakeItems.pythonSlice(from: skip, length: limit))
    }

    @GET("/items/{item_id}")
    func readItem(item_id itemID: Int, q: String? = nil, short: Bool = false) -> JSONValue {
        var item: JSONObject = ["item_id": .int(itemID)]
        if let q, !q.isEmpty { item["q"] = .string(q) }
        if !short { item["description"] = "This is an amazing item that has a long description" }
        return .object(item)
    }

    @GET("/search/")
    func search(
        @Query(minLength: 3, maxLength: 50, pattern: "^[a-z]+$") q: String? = nil,
        @Query tags: [String] = [],
        @Query(ge: 1, le: 1000) page: Int = 1
    ) -> SearchResult {
        SearchResult(q: q, tags: tags, page: page)
    }

    @GET("/measure/{item_id}")
    func measure(
        @Path(ge: 1, le: 1000, description: "The ID of the item") item_id itemID: Int,
        @Query(gt: 0, lt: 10.5) size: Double
    ) -> Measurement {
        Measurement(item_id: itemID, size: size)
    }
}

extension Array {
    /// `self[start:start + length]` with Python's rules: negative bounds count from the end, and
    /// bounds beyond the array are clamped. The sum saturates instead of trapping: Python's
    /// integers do not overflow, and `skip` and `limit` come straight from the query.
    func pythonSlice(from start: Int, length: Int) -> ArraySlice<Element> {
        let (sum, overflow) = start.addingReportingOverflow(length)
        let end = overflow ? (length > 0 ? Int.max : Int.min) : sum
        func clamp(_ index: Int) -> Int {
            let adjusted = index < 0 ? index + count : index
            return Swift.min(Swift.max(adjusted, 0), count)
        }
        let lower = clamp(start)
        let upper = clamp(end)
        return lower < upper ? self[lower..<upper] : []
    }
}
