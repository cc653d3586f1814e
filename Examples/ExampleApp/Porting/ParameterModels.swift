import Peregrine

// `porting_app.py`, "parameter models: query, header, cookie and form parameters declared as one model".

enum OrderBy: String, CaseIterable, LiteralSet {
    case created_at, updated_at
}

@Model(extra: .forbid)
struct FilterParams {
    @Field(gt: 0, le: 100) var limit: Int = 100
    @Field(ge: 0) var offset: Int = 0
    var order_by: OrderBy = .created_at
    var tags: [String] = []
}

/// Read from the headers: `save_data` is the `save-data` header.
@Model
struct CommonHeaders {
    var host: String
    var save_data: Bool
    var if_modified_since: String? = nil
    var traceparent: String? = nil
    var x_tag: [String] = []
}

@Model
struct Tracking {
    var session_id: String
    var fatebook_tracker: String? = nil
    var googall_tracker: String? = nil
}

@Model(extra: .forbid)
struct LoginForm {
    var username: String
    @Field(minLength: 4) var password: String
}

@Routes
struct ParameterModels {
    @GET("/catalog/")
    func catalog(@Query filters: FilterParams) -> FilterParams { filters }

    @GET("/header-model/")
    func headerModel(@Header headers: CommonHeaders) -> JSONValue {
        [
            "save_data": .bool(headers.save_data), "if_modified_since": JSONValue(headers.if_modified_since),
            "traceparent": JSONValue(headers.traceparent), "x_tag": JSONValue(headers.x_tag),
        ]
    }

    @GET("/cookie-model/")
    func cookieModel(@Cookie cookies: Tracking) -> Tracking { cookies }

    @POST("/form-model/")
    func formModel(@Form data: LoginForm) -> JSONValue {
        ["username": .string(data.username), "password_length": .int(data.password.count)]
    }
}
