import Peregrine

// `porting_app.py`, "validators: fields, whole models, and refused extra fields".

@Model(extra: .forbid)
struct SignUp {
    @Field(minLength: 3) var username: String
    var password: String
    var password_repeat: String
    var website: HttpUrl? = nil

    @FieldValidator("username")
    static func usernameAlphanumeric(_ value: String) throws -> String {
        guard value.allSatisfy({ $0.isLetter || $0.isNumber }) else { throw ValueError("must be alphanumeric") }
        return value.lowercased()
    }

    @ModelValidator
    func passwordsMatch() throws {
        if password != password_repeat { throw ValueError("passwords do not match") }
    }
}

@Model
struct Account {
    var username: String
    var website: HttpUrl? = nil
}

@Routes
struct Validators {
    @POST("/signup/", status: .created, responseModel: Account.self)
    func signup(form: SignUp) -> SignUp { form }
}
