import Foundation
import Peregrine
import PeregrineJobs

/// The example app: the endpoints of `shared/parity/reference_app.py`, section by section, each
/// answering exactly as the FastAPI original does.
///
/// `/docs` and `/redoc` load Swagger UI and ReDoc from a CDN, as FastAPI's do. Where the CDN is
/// out of reach, FastAPI's self-hosting recipe applies: set `DOCS_ASSETS` to a folder holding
/// `swagger-ui-bundle.js`, `swagger-ui.css` and `redoc.standalone.js` (the static folder of the
/// `fastapi-offline` package on PyPI has them), and the pages load them from `/docs-assets`.
///
/// Durable jobs go to `jobs` (by default ``makeExampleJobs(environment:)``: `jobs.sqlite` in the
/// working folder), run by this process when `runsWorkers` is true.
public func makeExampleApp(
    environment: [String: String] = ProcessInfo.processInfo.environment, jobs: JobSystem? = nil, runsWorkers: Bool = true
) -> App {
    let docsAssets = environment["DOCS_ASSETS"].flatMap { $0.isEmpty ? nil : $0 }
    // Uploads up to 2 GiB are accepted: files past 1 MiB are spooled to disk, never held in memory.
    // Optionals are written as `"type": [..., "null"]` rather than pydantic's anyOf, so that the
    // client swift-openapi-generator makes from the document keeps every optional field.
    let app = App(
        title: "Parity reference", version: "1.0.0",
        docs: DocsOptions(assets: docsAssets == nil ? .cdn : .selfHosted(at: "/docs-assets")),
        openapiNullableStyle: .typeArray, openapiIntegerFormats: true,
        formLimits: FormLimits(maxUploadSize: 2 << 30))
    if let docsAssets {
        app.mount("/docs-assets", StaticFiles(directory: docsAssets), name: "docs-assets")
    }
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
    app.include(OAuth2WithJWTRoutes())
    app.include(AppLifecycle())
    app.lifespan(AppLifecycle.lifespan)
    app.mount("/static", StaticFiles(directory: ExampleResources.staticDirectory, html: true), name: "static")
    installPortingSections(on: app)
    do {
        installDurableJobs(on: app, jobs: try jobs ?? makeExampleJobs(environment: environment), workers: runsWorkers)
    } catch {
        preconditionFailure("the example's jobs store does not open: \(error)")
    }
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
