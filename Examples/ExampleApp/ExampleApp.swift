import Foundation
import Peregrine

/// The example app: the endpoints of `shared/parity/reference_app.py`, section by section, each
/// answering exactly as the FastAPI original does.
public func makeExampleApp() -> App {
    // Uploads up to 2 GiB are accepted: files past 1 MiB are spooled to disk, never held in memory.
    let app = App(title: "Parity reference", version: "1.0.0", formLimits: FormLimits(maxUploadSize: 2 << 30))
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
    app.include(SecurityExamples())
    app.include(AppLifecycle())
    app.lifespan(AppLifecycle.lifespan)
    app.mount("/static", StaticFiles(directory: ExampleResources.staticDirectory, html: true), name: "static")
    // Middleware, outermost first: CORS as the reference app configures it, then the host check,
    // compression for large bodies, and a timing header from a middleware function.
    app.addMiddleware(
        CORSMiddleware(allowOrigins: ["https://example.com"], allowMethods: ["GET", "POST"], allowHeaders: ["X-Token"]))
    app.addMiddleware(TrustedHostMiddleware(allowedHosts: ["127.0.0.1", "localhost"]))
    app.addMiddleware(GZipMiddleware(minimumSize: 1000))
    app.middleware { request, next in
        let start = ContinuousClock.now
        var response = try await next(request)
        let elapsed = ContinuousClock.now - start
        response.headers[HTTPField.Name("X-Process-Time")!] = String(
            format: "%.6f", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        return response
    }
    Errors.registerHandlers(on: app)
    return app
}
