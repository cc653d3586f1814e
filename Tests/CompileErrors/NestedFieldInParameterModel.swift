// A parameter model whose field is a nested model cannot be read from the query string.
import Peregrine

@Model
struct Range {
    var low: Int
    var high: Int
}

@Model
struct Filters {
    var limit: Int = 10
    var range: Range
}

@Routes
struct Catalog {
    @GET("/catalog/")
    func catalog(@Query filters: Filters) -> Filters { filters }
}
// expect-error: 'extractor' is unavailable: every field of a query, header, cookie or form parameter model must be a scalar
