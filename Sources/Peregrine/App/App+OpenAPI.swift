import Foundation
import Logging
import Metrics
import OpenAPIKit
import HummingbirdCore
import HummingbirdWebSocket
import ServiceLifecycle
import Synchronization

extension App {
    /// Documents webhooks: requests the API sends to its users, which it does not serve
    /// (FastAPI's `app.webhooks`). Each route's operation name names its webhook.
    public func includeWebhooks(_ collection: some RouteCollection) {
        setup.withLock { $0.webhooks.append(.collection(collection, RouterOptions())) }
    }

    /// Changes the document after it is built (FastAPI's overridden `app.openapi()`): `customize`
    /// receives the whole document as JSON and returns the one to serve.
    public func customizeOpenAPI(_ customize: @escaping @Sendable (JSONValue) -> JSONValue) {
        setup.withLock { $0.documentCustomization = customize }
    }

    /// The app's OpenAPI 3.1 document, built from its routes: what `openapiURL` serves.
    public var openAPIDocument: OpenAPI.Document {
        let data = openAPIDocumentJSON()
        do {
            return try JSONDecoder().decode(OpenAPI.Document.self, from: Data(data))
        } catch {
            preconditionFailure("the OpenAPI document does not decode: \(error)")
        }
    }

    /// The document as JSON, as served (with `rootPath` as its first server when there is one).
    public var openAPIJSON: JSONValue { openAPIJSON(rootPath: rootPath) }

    /// The document of `routes` (the app's routes when nil) served under `rootPath`.
    func openAPIJSON(rootPath: String, routes: [Route]? = nil) -> JSONValue {
        var servers = self.servers
        if !rootPath.isEmpty, !servers.contains(where: { $0.url == rootPath }) {
            servers.insert(OpenAPIServer(url: rootPath), at: 0)
        }
        let settings = OpenAPIDocumentSettings(
            title: title, version: version, summary: summary, description: description, termsOfService: termsOfService,
            contact: contact, license: license, servers: servers, tags: openapiTags, nullableStyle: openapiNullableStyle,
            integerFormats: openapiIntegerFormats, generateUniqueID: generateUniqueID)
        let (webhooks, customization) = setup.withLock { setup in
            (setup.webhooks.flatMap { entry -> [Route] in
                switch entry {
                case .route(let route): [route]
                case .collection(let collection, _): collection.routes
                }
            }, setup.documentCustomization)
        }
        let document = OpenAPIDocumentBuilder.documentJSON(settings: settings, routes: routes ?? self.routes, webhooks: webhooks)
        return customization.map { $0(document) } ?? document
    }

    /// The document as JSON text, keys sorted.
    func openAPIDocumentJSON(rootPath: String? = nil, routes: [Route]? = nil) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 1 << 16)
        openAPIJSON(rootPath: rootPath ?? self.rootPath, routes: routes).writeJSON(to: &writer)
        return writer.bytes
    }
}
