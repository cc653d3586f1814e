import Peregrine

@Model
struct UserIn {
    var username: String
    var password: String
    var email: String
    var full_name: String? = nil
}

@Model
struct UserOut {
    var username: String
    var email: String
    var full_name: String? = nil
}

/// A response model filters what the endpoint returns: the password never leaves.
@Routes
struct ResponseModels {
    @POST("/user/", responseModel: UserOut.self)
    func createUser(user: UserIn) -> UserIn {
        user
    }
}
