import Peregrine

// `porting_app.py`, "sub-applications" and "generic models".

@Routes
struct SubRoutes {
    @GET("/sub")
    func readSub() -> JSONValue { ["message": "Hello World from sub API"] }

    @GET("/sub/{n}")
    func readSubN(n: Int) -> JSONValue { ["n": .int(n)] }
}

/// The app mounted at `/subapi`, with its own document.
func makeSubApplication() -> App {
    let subapi = App(title: "Sub application")
    subapi.include(SubRoutes())
    return subapi
}

/// `Page[Label]`: a generic model, documented as `Page_Label_`.
@Model
struct Page<Item: Content> {
    var items: [Item]
    var total: Int
}

@Model
struct Label {
    var text: String
}

@Routes
struct GenericModels {
    @GET("/labels/")
    func labels(@Query(ge: 0, le: 5) n: Int = 2) -> Page<Label> {
        Page(items: (0..<n).map { Label(text: "label \($0)") }, total: n)
    }
}
