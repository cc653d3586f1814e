import Peregrine

/// The response parameter: an endpoint sets headers and cookies and still returns its body.
@Routes
struct Responses {
    @GET("/legacy/", status: .ok)
    func legacy(response: ResponseHead) -> JSONValue {
        response.headers[HTTPField.Name("X-Cat-Dog")!] = "alone in the world"
        response.setCookie("fakesession", "fake-cookie-session-value")
        return ["message": "Come to the dark side, we have cookies"]
    }
}
