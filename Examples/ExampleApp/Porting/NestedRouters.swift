import Peregrine

// `porting_app.py`, "nested routers: prefixes, tags, dependencies and responses at each level".

@Dependency
func shopToken(@Header x_shop_token: String) throws {
    if x_shop_token != "open-sesame" { throw HTTPException(400, detail: "X-Shop-Token header invalid") }
}

@Dependency
func adminRole(@Header x_role: String? = nil) throws {
    if x_role != "admin" { throw HTTPException(403, detail: "Admins only") }
}

@Routes
struct ShopProducts {
    static let products: JSONValue = ["plumbus": ["name": "Plumbus"], "gun": ["name": "Portal Gun"]]

    @GET("/products/")
    func listProducts() -> JSONValue { Self.products }

    @GET("/products/{product_id}")
    func readProduct(product_id: String) throws -> JSONValue {
        guard let product = Self.products[product_id] else { throw HTTPException(404, detail: "Product not found") }
        return ["name": product["name"] ?? nil, "product_id": .string(product_id)]
    }
}

@Routes
struct ShopAdmin {
    @POST("/restock/{product_id}", status: .accepted, tags: ["stock"])
    func restock(product_id: String, @Query(gt: 0) count: Int = 1) -> JSONValue {
        ["product_id": .string(product_id), "restocked": .int(count)]
    }
}

/// The shop router, with the admin router inside it.
func makeShopRouter() -> APIRouter {
    let admin = APIRouter(
        prefix: "/admin", tags: ["admin"], dependencies: [adminRoleDependency], responses: [418: "I'm a teapot"])
    admin.include(ShopAdmin())
    let shop = APIRouter(
        prefix: "/shop", tags: ["shop"], dependencies: [shopTokenDependency], responses: [404: "Not found"])
    shop.include(ShopProducts())
    shop.include(admin)
    return shop
}
