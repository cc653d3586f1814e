// A header parameter model whose field is a list of models.
import Peregrine

@Model
struct Tag {
    var name: String
}

@Model
struct Headers {
    var x_tags: [Tag] = []
}

@Routes
struct Tagged {
    @GET("/tagged/")
    func tagged(@Header headers: Headers) -> String { "\(headers.x_tags.count)" }
}
// expect-error: 'extractor' is unavailable: every field of a query, header, cookie or form parameter model must be a scalar
