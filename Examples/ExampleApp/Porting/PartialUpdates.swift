import Peregrine

// `porting_app.py`, "partial updates: exclude_unset, exclude_none, include, exclude".

@Model
struct Gadget {
    var name: String? = nil
    var description: String? = nil
    var price: Double? = nil
    var tax: Double = 10.5
    var tags: [String] = []
}

enum GadgetID: String, CaseIterable, LiteralSet {
    case foo, bar, baz
}

@Routes
struct PartialUpdates {
    /// Stored as the data the endpoints return, so that each keeps the fields it was given.
    static let gadgets: [GadgetID: JSONValue] = [
        .foo: ["name": "Foo", "price": 50.2],
        .bar: ["name": "Bar", "description": "The bartenders", "price": 62, "tax": 20.2],
        .baz: ["name": "Baz", "description": nil, "price": 50.2, "tax": 10.5, "tags": []],
    ]

    @GET("/gadgets/{gadget_id}", responseModel: Gadget.self, responseModelExcludeUnset: true)
    func readGadget(gadget_id: GadgetID) -> JSONValue { Self.gadgets[gadget_id]! }

    @GET("/gadgets/{gadget_id}/public", responseModel: Gadget.self, responseModelExclude: ["tax", "tags"])
    func readGadgetPublic(gadget_id: GadgetID) -> JSONValue { Self.gadgets[gadget_id]! }

    @GET("/gadgets/{gadget_id}/name", responseModel: Gadget.self, responseModelInclude: ["name", "description"])
    func readGadgetName(gadget_id: GadgetID) -> JSONValue { Self.gadgets[gadget_id]! }

    @GET("/gadgets/{gadget_id}/compact", responseModel: Gadget.self, responseModelExcludeNone: true)
    func readGadgetCompact(gadget_id: GadgetID) -> JSONValue { Self.gadgets[gadget_id]! }

    /// The PATCH pattern: the stored gadget, with the fields the request set.
    @PATCH("/gadgets/{gadget_id}", responseModel: Gadget.self)
    func patchGadget(gadget_id: GadgetID, gadget: Gadget) throws -> Gadget {
        try Gadget(validating: Self.gadgets[gadget_id]!).updated(with: gadget)
    }
}
