import Foundation
import Peregrine

/// Server-rendered pages: templates from the example's `templates` folder, linking to its static
/// files with `url_for`.
@Routes
struct Pages {
    let templates: Templates

    @GET("/pages/items/{id}", responseClass: HTMLResponse.self, name: "read_item_page")
    func readItemPage(id: String, note: String = "<b>escaped</b>", connection: HTTPConnection) throws -> HTMLResponse {
        try templates.response(connection, "item.html", context: ["id": id, "note": note])
    }
}

extension ExampleResources {
    /// The folder of the example's Mustache templates.
    public static var templatesDirectory: String {
        Bundle.module.resourceURL!.appendingPathComponent("templates").path
    }
}
