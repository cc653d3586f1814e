import HummingbirdCore
import Logging
import NIOCore
import Synchronization

/// Every route of an app in declaration order, and Starlette's matching algorithm over them.
///
/// Hummingbird's trie picks the candidate route for a request in constant time. The table decides
/// the cases where FastAPI's order-sensitive matching gives a different answer: a route declared
/// earlier that also matches, a path the trie normalised (trailing or doubled slashes), a known
/// path with another method (405 with `Allow`), and a path that matches once its trailing slash
/// is toggled (307 redirect).
final class RouteTable: Sendable {
    struct Entry: Sendable {
        let route: Route
        /// Routes declared earlier, with the same method, whose templates can match the same paths.
        let earlier: [Int]
    }

    enum Outcome {
        case dispatch(Route, [(name: String, value: String)])
        case mount(Mount, subpath: String)
        case methodNotAllowed([HTTPRequest.Method])
        case redirect(String)
        case notFound
    }

    let entries: [Entry]
    let mounts: [Mount]
    let urls: URLBuilder
    let maxBodySize: Int
    let formLimits: FormLimits
    let defaultResponseClass: (any ResponseClass.Type)?
    let appState: AppState
    let taskRunner: BackgroundTaskRunner
    let overrides: DependencyOverrides

    init(
        routes: [Route], mounts: [Mount] = [], maxBodySize: Int, formLimits: FormLimits = FormLimits(),
        defaultResponseClass: (any ResponseClass.Type)? = nil, appState: AppState = AppState(), taskRunner: BackgroundTaskRunner,
        overrides: DependencyOverrides
    ) {
        self.appState = appState
        self.defaultResponseClass = defaultResponseClass
        self.mounts = mounts
        self.urls = URLBuilder(routes: routes, mounts: mounts)
        self.maxBodySize = maxBodySize
        self.formLimits = formLimits
        self.taskRunner = taskRunner
        self.overrides = overrides
        var entries: [Entry] = []
        for (index, route) in routes.enumerated() {
            let earlier = routes[..<index].indices.filter {
                routes[$0].method == route.method && Self.overlap(routes[$0].path, route.path)
                    && routes[$0].path.trieKey != route.path.trieKey
            }
            entries.append(Entry(route: route, earlier: earlier))
        }
        self.entries = entries
    }

    /// Whether two templates can match a common path.
    static func overlap(_ first: PathTemplate, _ second: PathTemplate) -> Bool {
        var index = 0
        while index < first.segments.count && index < second.segments.count {
            switch (first.segments[index], second.segments[index]) {
            case (.remainder, _), (_, .remainder): return true
            case (.literal(let a), .literal(let b)) where a != b: return false
            case (.literal(let a), .parameter), (.parameter, .literal(let a)):
                if a.isEmpty { return false }
            default: break
            }
            index += 1
        }
        return first.segments.count == second.segments.count
    }

    /// FastAPI's answer for a request: the first route matching path and method; else the first
    /// mount whose prefix the path is under (mounts come after the routes, as they are usually
    /// declared); else 405 when routes match the path only; else a route or mount matching with
    /// the trailing slash toggled (307).
    ///
    /// The 405's `Allow` lists the methods of every route matching the path, where Starlette
    /// lists only the first one's: `Allow` is meant to name all the methods the resource
    /// supports (RFC 9110 §10.2.1), and the OpenAPI document lists them all for the path.
    func resolve(_ request: Request) -> Outcome {
        let method = request.method
        let rawPath = request.uri.path[...]
        var allowed: [HTTPRequest.Method] = []
        for entry in entries {
            guard let parameters = entry.route.path.match(rawPath) else { continue }
            if entry.route.method == method { return .dispatch(entry.route, parameters) }
            if !allowed.contains(entry.route.method) { allowed.append(entry.route.method) }
        }
        for mount in mounts {
            if let subpath = mount.subpath(of: rawPath) { return .mount(mount, subpath: subpath) }
        }
        if !allowed.isEmpty {
            return .methodNotAllowed(allowed)
        }
        if rawPath != "/" {
            let toggled = rawPath.hasSuffix("/") ? rawPath.dropLast() : rawPath + "/"
            if entries.contains(where: { $0.route.path.match(toggled[...]) != nil })
                || mounts.contains(where: { $0.subpath(of: toggled[...]) != nil })
            {
                return .redirect(request.absoluteURL(path: toggled, query: request.uri.query))
            }
        }
        return .notFound
    }

    /// The route an earlier declaration gives precedence to, if any.
    func precedingMatch(for index: Int, rawPath: Substring) -> (Route, [(name: String, value: String)])? {
        for earlier in entries[index].earlier {
            if let parameters = entries[earlier].route.path.match(rawPath) {
                return (entries[earlier].route, parameters)
            }
        }
        return nil
    }
}

/// The Hummingbird responder registered in the trie for one path shape and method. The shape can
/// cover several templates that differ in slashes only (`/items` and `/items/`).
struct RouteResponder: HTTPResponder {
    typealias Context = AppRequestContext

    let variants: [(index: Int, route: Route)]
    let table: RouteTable

    func respond(to request: Request, context: AppRequestContext) async throws -> Response {
        let rawPath = request.uri.path[...]
        for variant in variants {
            guard let parameters = variant.route.path.match(rawPath) else { continue }
            if let (earlier, earlierParameters) = table.precedingMatch(for: variant.index, rawPath: rawPath) {
                return try await RouteRunner.run(earlier, parameters: earlierParameters, request: request, context: context, table: table)
            }
            return try await RouteRunner.run(variant.route, parameters: parameters, request: request, context: context, table: table)
        }
        return try await RouteRunner.resolveAndRun(request: request, context: context, table: table)
    }
}

/// Runs one route for one request.
enum RouteRunner {
    static func run(
        _ route: Route, parameters: [(name: String, value: String)], request: Request, context: AppRequestContext,
        table: RouteTable
    ) async throws -> Response {
        var request = request
        context.coreContext.endpointPath.value = route.path.description
        let body: RequestBodyValue =
            if route.readsForm {
                .form(try await FormReader.read(&request, limits: table.formLimits, maxBodySize: table.maxBodySize))
            } else if route.readsBody {
                try await readBody(&request, limit: table.maxBodySize)
            } else {
                .absent
            }
        var input = RequestInput(
            request: request, context: context, pathParameters: parameters, body: body, embedsBody: route.embedsBody,
            overrides: table.overrides)
        input.responseClass = route.responseClass ?? table.defaultResponseClass
        input.table = table
        var response: Response
        do {
            for dependency in route.dependencies { try await dependency.run(in: &input) }
            response = try await route.handler(&input)
        } catch {
            // As in FastAPI, the error reaches every cleanup before it becomes a response, and no
            // background task runs.
            await runCleanups(input.cleanups, error: error)
            throw error
        }
        await runCleanups(input.cleanups.filter { $0.scope == .function }, error: nil)
        input.responseHead?.apply(to: &response)
        return afterResponse(response, input: input, route: route, table: table)
    }

    /// Cleanups run last registered first.
    static func runCleanups(_ cleanups: [Cleanup], error: (any Error)?) async {
        for cleanup in cleanups.reversed() { await cleanup.run(error) }
    }

    /// Arranges for the request's background tasks and request-scoped cleanups to start once the
    /// response's last byte has been handed to the connection: the tasks go to the app's runner,
    /// so the connection is free at once.
    static func afterResponse(_ response: Response, input: RequestInput, route: Route, table: RouteTable) -> Response {
        var tasks = input.backgroundTasks?.all ?? []
        tasks += input.responseBackground?.all ?? []
        let cleanups = input.cleanups.filter { $0.scope == .request }
        guard !tasks.isEmpty || !cleanups.isEmpty else { return response }
        let ticket = JobTicket(
            RequestJob(tasks: tasks, cleanups: cleanups, requestID: input.context.requestID, route: route.path.description),
            runner: table.taskRunner)
        var response = response
        let body = response.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            do {
                try await body.write(writer)
            } catch {
                // The endpoint's work is accepted even if the client has gone: the job still runs.
                await ticket.submit()
                throw error
            }
            await ticket.submit()
        }
        return response
    }

    /// Answers a request the trie could not place exactly, the way FastAPI's router would.
    static func resolveAndRun(request: Request, context: AppRequestContext, table: RouteTable) async throws -> Response {
        switch table.resolve(request) {
        case .dispatch(let route, let parameters):
            return try await run(route, parameters: parameters, request: request, context: context, table: table)
        case .mount(let mount, let subpath):
            context.coreContext.endpointPath.value = mount.prefix
            return try await mount.app.respond(to: request, path: subpath, context: context)
        case .methodNotAllowed(let methods):
            var response = JSONResponse(status: .methodNotAllowed, content: ["detail": "Method Not Allowed"] as JSONValue).response
            response.headers[.allow] = methods.map { $0.rawValue }.joined(separator: ", ")
            return response
        case .redirect(let location):
            var headers = HTTPFields()
            headers[.location] = location
            return Response(status: .temporaryRedirect, headers: headers)
        case .notFound:
            throw HTTPException(.notFound)
        }
    }

    /// Reads the body the way FastAPI does: JSON for `application/json` and `application/*+json`,
    /// text otherwise; an empty body counts as absent.
    static func readBody(_ request: inout Request, limit: Int) async throws -> RequestBodyValue {
        let buffer = try await collect(&request, limit: limit)
        guard buffer.readableBytes > 0 else { return .absent }
        guard isJSON(request.headers[.contentType]) else {
            return .text(String(buffer: buffer))
        }
        return .json(try parseJSON(buffer))
    }

    /// `buffer` parsed as JSON; a syntax error is FastAPI's 422 `json_invalid`, bytes that are not
    /// UTF-8 or nesting past the limit a 400.
    static func parseJSON(_ buffer: ByteBuffer) throws -> JSONValue {
        let result = buffer.withUnsafeReadableBytes { raw in
            JSONParser.parse(buffer: raw.assumingMemoryBound(to: UInt8.self))
        }
        switch result {
        case .success(let value):
            return value
        case .failure(.syntax(let message, let position)):
            throw RequestValidationError([
                ValidationIssue(
                    type: "json_invalid", location: ["body", .index(position)], message: "JSON decode error",
                    input: .object([:]), context: ["error": .string(message)])
            ])
        case .failure(.invalidUTF8):
            // FastAPI answers 400 "There was an error parsing the body" here, only because
            // Python's decoder raises another exception type than the JSON parser. Bytes that are
            // not UTF-8 are not JSON text (RFC 8259 §8.1): this is the documented 422, like every
            // other undecodable body, at the first character that cannot be read.
            let position = JSONParser.validUTF8Prefix(buffer.readableBytesView).characters
            throw RequestValidationError([
                ValidationIssue(
                    type: "json_invalid", location: ["body", .index(position)], message: "JSON decode error",
                    input: .object([:]), context: ["error": "Invalid UTF-8"])
            ])
        case .failure(.nestingTooDeep):
            throw HTTPException(.badRequest, detail: "There was an error parsing the body")
        }
    }

    /// The whole body, or 413 when it is larger than `limit`.
    static func collect(_ request: inout Request, limit: Int) async throws -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw HTTPException(.contentTooLarge, detail: "Content Too Large")
        }
        do {
            return try await request.collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw HTTPException(.contentTooLarge, detail: "Content Too Large")
        } catch is NIOTooManyBytesError {
            throw HTTPException(.contentTooLarge, detail: "Content Too Large")
        }
    }

    /// Whether a `Content-Type` names JSON, parsed as Python's `email.message` parses it.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        let parts = mediaType.trimmingWhitespace().lowercased().split(separator: "/", maxSplits: 1)
        guard parts.count == 2, parts[0] == "application" else { return false }
        return parts[1] == "json" || parts[1].hasSuffix("+json")
    }
}

/// A request's post-response job, announced to the runner when the response is built and
/// submitted once the response has been written. If the response is dropped without being
/// written, the job is submitted anyway: what the endpoint accepted is never lost.
final class JobTicket: Sendable {
    private let job: RequestJob
    private let runner: BackgroundTaskRunner
    private let pending = Mutex(true)

    init(_ job: RequestJob, runner: BackgroundTaskRunner) {
        self.job = job
        self.runner = runner
        runner.announce()
    }

    func submit() async {
        guard pending.withLock({ pending in defer { pending = false }; return pending }) else { return }
        await Self.submit(job, to: runner)
    }

    private static func submit(_ job: RequestJob, to runner: BackgroundTaskRunner) async {
        if job.tasks.isEmpty {
            // Cleanups alone are quick; they run here, before the connection reads its next request.
            await RouteRunner.runCleanups(job.cleanups, error: nil)
            runner.withdraw()
        } else {
            await runner.submit(job)
        }
    }

    deinit {
        guard pending.withLock({ $0 }) else { return }
        let (job, runner) = (self.job, self.runner)
        Task { await Self.submit(job, to: runner) }
    }
}
