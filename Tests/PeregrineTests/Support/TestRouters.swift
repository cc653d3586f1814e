import Foundation
import Peregrine

enum Kind: String, CaseIterable, ParameterValue {
    case small, large
}

@Model
struct Gadget: Equatable {
    var name: String
    @Field(minLength: 2, maxLength: 10, pattern: "^[a-z]+$") var code: String = "aa"
    @Field(gt: 0, le: 100) var price: Double
    var kind: Kind = .small
    var parts: [Part] = []
    var note: String? = nil
}

@Model
struct Part: Equatable {
    @Field(alias: "part_name") var name: String
    @Field(ge: 1) var count: Int
}

@Model
struct Owner {
    var username: String
}

/// Every parameter source, through the macros.
@Routes
struct ParameterRoutes {
    @GET("/path/{name}/{kind}/{rest:path}")
    func path(name: String, kind: Kind, rest: String) -> JSONValue {
        ["name": .string(name), "kind": JSONValue(kind), "rest": .string(rest)]
    }

    @GET("/query")
    func query(
        text: String, number: Int = 1, ratio: Double? = nil, flag: Bool = false, id: UUID? = nil, kind: Kind? = nil,
        @Query tags: [String] = [], @Query(minLength: 1) numbers: [Int]? = nil,
        @Query(alias: "page-size", ge: 1, le: 50) pageSize: Int = 10
    ) -> JSONValue {
        [
            "text": .string(text), "number": .int(number), "ratio": JSONValue(ratio), "flag": .bool(flag),
            "id": JSONValue(id), "kind": JSONValue(kind), "tags": JSONValue(tags), "numbers": JSONValue(numbers),
            "page-size": .int(pageSize),
        ]
    }

    @GET("/headers")
    func headers(
        @Header user_agent: String? = nil, @Header xTokens: [String] = [], @Header(alias: "X-Count") count: Int = 0,
        @Header(convertUnderscores: false) strange_name: String? = nil
    ) -> JSONValue {
        ["user_agent": JSONValue(user_agent), "x_tokens": JSONValue(xTokens), "count": .int(count), "strange": JSONValue(strange_name)]
    }

    @GET("/cookies")
    func cookies(@Cookie session: String, @Cookie visits: Int = 0) -> JSONValue {
        ["session": .string(session), "visits": .int(visits)]
    }

    @POST("/body/single")
    func single(gadget: Gadget) -> Gadget { gadget }

    @POST("/body/embedded")
    func embedded(@Body(embed: true) gadget: Gadget) -> Gadget { gadget }

    @POST("/body/several")
    func several(gadget: Gadget, owner: Owner, @Body(ge: 1) quantity: Int, @Body note: String = "none") -> JSONValue {
        ["gadget": JSONValue(gadget), "owner": JSONValue(owner), "quantity": .int(quantity), "note": .string(note)]
    }

    @POST("/body/scalar")
    func scalar(@Body count: Int) -> Int { count * 2 }

    @POST("/body/list")
    func list(values: [Int]) -> [Int] { values.reversed() }

    @POST("/body/optional")
    func optional(gadget: Gadget? = nil) -> JSONValue {
        ["present": .bool(gadget != nil)]
    }

    @PUT("/mixed/{id}")
    func mixed(id: Int, gadget: Gadget, q: String? = nil, @Header x_request: String? = nil) -> JSONValue {
        ["id": .int(id), "name": .string(gadget.name), "q": JSONValue(q), "x_request": JSONValue(x_request)]
    }
}

/// One route per HTTP method, and declaration-order precedence.
@Routes
struct MethodRoutes {
    @GET("/resource") func get() -> String { "get" }
    @POST("/resource") func post() -> String { "post" }
    @PUT("/resource") func put() -> String { "put" }
    @PATCH("/resource") func patch() -> String { "patch" }
    @DELETE("/resource") func delete() -> String { "delete" }
    @HEAD("/resource") func head() -> String { "head" }
    @OPTIONS("/resource") func options() -> String { "options" }

    @GET("/users/me") func me() -> String { "me" }
    @GET("/users/{user_id}") func user(user_id: String) -> String { "user \(user_id)" }
    @GET("/slash/") func slash() -> String { "with slash" }
    @GET("/noslash") func noSlash() -> String { "without slash" }
}
