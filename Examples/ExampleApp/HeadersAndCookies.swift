import Peregrine

/// Headers (`user_agent` reads `User-Agent`; a list reads every field) and cookies.
@Routes
struct HeadersAndCookies {
    @GET("/headers/")
    func readHeaders(@Header user_agent userAgent: String? = nil, @Header x_token tokens: [String]? = nil) -> JSONValue {
        ["User-Agent": JSONValue(userAgent), "X-Token values": JSONValue(tokens)]
    }

    @GET("/cookies/")
    func readCookies(@Cookie ads_id adsID: String? = nil) -> JSONValue {
        ["ads_id": JSONValue(adsID)]
    }
}
