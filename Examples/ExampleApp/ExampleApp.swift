import Peregrine

/// The example app: the endpoints of `shared/parity/reference_app.py`, section by section, each
/// answering exactly as the FastAPI original does.
public func makeExampleApp() -> App {
    let app = App(title: "Parity reference", version: "1.0.0")
    app.include(Notifications())
    app.include(PathAndQueryParameters())
    app.include(RequestBodies())
    app.include(HeadersAndCookies())
    app.include(ResponseModels())
    app.include(Errors())
    app.include(Dependencies())
    app.include(Responses())
    app.include(FormsAndFiles())
    app.include(ResponseClasses())
    do {
        app.include(Pages(templates: try Templates(directory: ExampleResources.templatesDirectory)))
    } catch {
        preconditionFailure("the example's templates do not load: \(error)")
    }
    app.mount("/static", StaticFiles(directory: ExampleResources.staticDirectory, html: true), name: "static")
    app.addMiddleware(
        CORSMiddleware(allowOrigins: ["https://example.com"], allowMethods: ["GET", "POST"], allowHeaders: ["X-Token"]))
    Errors.registerHandlers(on: app)
    return app
}
