// A form model whose field is a dictionary: form fields are text, one value per name.
import Peregrine

@Model
struct Signup {
    var username: String
    var preferences: [String: String] = [:]
}

@Routes
struct Accounts {
    @POST("/signup/")
    func signup(@Form data: Signup) -> String { data.username }
}
// expect-error: 'extractor' is unavailable: every field of a query, header, cookie or form parameter model must be a scalar
