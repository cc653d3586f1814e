import Foundation
import Peregrine

/// Response classes: HTML, plain text, redirects, streaming, and `jsonableEncoder` for the types
/// JSON has no word for.
@Routes
struct ResponseClasses {
    @GET("/html/", responseClass: HTMLResponse.self)
    func html() -> String {
        "<html><body><h1>Hello</h1></body></html>"
    }

    @GET("/plain/", responseClass: PlainTextResponse.self)
    func plain() -> String {
        "Hello plain"
    }

    @GET("/redirect/")
    func redirect() -> RedirectResponse {
        RedirectResponse("/users/me")
    }

    @GET("/stream/")
    func stream() -> StreamingResponse {
        StreamingResponse(mediaType: "text/plain") { write in
            for index in 0..<3 { try await write("chunk \(index)\n") }
        }
    }

    @GET("/encoded/")
    func encoded() -> JSONValue {
        jsonableEncoder([
            "when": DateComponents(year: 2024, month: 1, day: 2, hour: 3, minute: 4, second: 5),
            "day": DateComponents(year: 2024, month: 1, day: 2),
            "id": UUID(uuidString: "12345678-1234-5678-1234-567812345678")!,
            "price": Decimal(string: "1.50")!,
            "model": ModelName.lenet,
        ])
    }

    /// A file download with `Content-Disposition`, byte ranges and conditional requests.
    @GET("/download/")
    func download() -> FileResponse {
        FileResponse(ExampleResources.staticDirectory + "/hello.txt", filename: "hello.txt")
    }
}

/// Files the example app ships with, found through its resource bundle whatever the working
/// directory.
public enum ExampleResources {
    /// The folder served at `/static`: the same files as the FastAPI reference app's.
    public static var staticDirectory: String {
        Bundle.module.resourceURL!.appendingPathComponent("static").path
    }
}
