import Logging
import NIOHTTP1

/// Turns everything a route throws into FastAPI's answers. It is the app router's outermost
/// middleware, so it also sees what Hummingbird middleware and routes throw.
///
/// - ``RequestValidationError``: 422 with every issue.
/// - ``HTTPException``: its status, headers and `{"detail": ...}`.
/// - Hummingbird's `HTTPError`: its status with `{"detail": message or reason phrase}`.
/// - An error with a registered handler: that handler's response.
/// - A body that breaks HTTP/1 framing: uvicorn's 400, and the connection closes.
/// - Anything else: logged with the request id, answered with a generic 500 that reveals nothing.
struct ExceptionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let handlers: ExceptionHandlers

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return try await respond(to: error, request: request, context: context)
        }
    }

    /// The response for an error thrown by a route or a middleware.
    func respond(to error: any Error, request: Request, context: AppRequestContext) async throws -> Response {
        do {
            if let response = try await handlers.response(for: error, request: request, context: context) {
                return response
            }
        } catch {
            // A failing exception handler is a server error like any other.
            return internalServerError(error, request: request, context: context)
        }
        switch error {
        case let error as RequestValidationError:
            return error.response
        case let error as HTTPException:
            return error.response
        case let error as HTTPError:
            var response = HTTPException(error.status, detail: error.body).response
            response.headers.append(contentsOf: error.headers)
            return response
        case is HTTPParserError:
            // The body broke HTTP/1 framing (a bad chunk size, a body shorter than its
            // Content-Length): the client's fault, and the connection cannot carry another request.
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; charset=utf-8"
            headers[.connection] = "close"
            return Response(
                status: .badRequest, headers: headers, body: .init(byteBuffer: ByteBuffer(string: ConnectionRejection.invalidRequest.message)))
        default:
            return internalServerError(error, request: request, context: context)
        }
    }

    private func internalServerError(_ error: any Error, request: Request, context: AppRequestContext) -> Response {
        context.logger.error(
            "Unhandled error in endpoint",
            metadata: [
                "error.type": .string(String(reflecting: type(of: error))),
                "error": .string(String(describing: error)),
                "http.method": .string(request.method.rawValue),
                "http.route": .string(context.endpointPath ?? request.uri.path),
            ])
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(
            status: .internalServerError, headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: "Internal Server Error")))
    }
}
