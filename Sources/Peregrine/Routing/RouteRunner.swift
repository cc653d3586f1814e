/// Runs one route for one request: reads the body as the route plans, runs the dependencies and
/// the endpoint, applies what the request asked of its response, and hands its background tasks
/// and request-scoped cleanups to the app's runner once the response has been written.
enum RouteRunner {
    /// Runs `shared`'s route for `request`. The route is read through its shared box, field by
    /// field: copying the whole route out of it cost every request a retain and a release per field.
    static func run(
        _ shared: Dispatcher.SharedRoute, parameters: [(name: String, value: String)], request: consuming Request,
        context: AppRequestContext, services: AppServices
    ) async throws -> Response {
        // Consumed, so that the request is copied once on its way into the route's input.
        var request = request
        context.coreContext.endpointPath.value = shared.route.path.description
        let body: RequestBodyValue =
            if shared.route.body.readsForm {
                .form(try await FormReader.read(&request, limits: services.formLimits, maxBodySize: services.maxBodySize))
            } else if shared.route.body.readsBody {
                try await BodyReader.read(&request, limit: services.maxBodySize)
            } else {
                .absent
            }
        var input = RequestInput(
            request: consume request, context: context, pathParameters: parameters, body: body,
            embedsBody: shared.route.body.embeds,
            services: services)
        let settings = RenderSettings(
            status: shared.route.status, responseClass: shared.route.responseClass ?? services.defaultResponseClass,
            serialization: shared.route.serialization)
        var response: Response
        do {
            for dependency in shared.route.dependencies { try await dependency.run(in: &input) }
            response = try await shared.route.handler(&input, settings)
            for gate in input.effects.gates { try await gate.passResponse() }
        } catch {
            // As in FastAPI, the error reaches every cleanup before it becomes a response, and no
            // background task runs.
            await Cleanup.runAll(input.effects.cleanups, error: error)
            throw error
        }
        await Cleanup.runAll(input.effects.cleanups.filter { $0.scope == .function }, error: nil)
        input.effects.responseHead?.apply(to: &response)
        return afterResponse(
            response, effects: input.effects, context: context, routePath: shared.route.path, services: services)
    }

    /// Arranges for the request's background tasks and request-scoped cleanups to start once the
    /// response's last byte has been handed to the connection: the tasks go to the app's runner,
    /// so the connection is free at once.
    static func afterResponse(
        _ response: Response, effects: RequestEffects, context: AppRequestContext, routePath: PathTemplate,
        services: AppServices
    ) -> Response {
        let tasks = effects.allBackgroundTasks
        let cleanups = effects.cleanups.filter { $0.scope == .request }
        guard !tasks.isEmpty || !cleanups.isEmpty else { return response }
        let ticket = JobTicket(
            // The request id is formatted only here: most requests schedule nothing.
            RequestJob(tasks: tasks, cleanups: cleanups, requestID: context.requestID, route: routePath.description),
            runner: services.taskRunner)
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
}

extension Cleanup {
    /// Runs `cleanups` last registered first.
    static func runAll(_ cleanups: [Cleanup], error: (any Error)?) async {
        for cleanup in cleanups.reversed() { await cleanup.run(error) }
    }
}
