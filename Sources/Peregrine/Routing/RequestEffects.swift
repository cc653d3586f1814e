/// What a request asks of its response while its dependencies and endpoint run: the status and
/// headers set through ``ResponseHead``, the gates the response waits on, the background tasks (injected ones and those the
/// returned response carries), and the cleanups of scoped dependencies. The request pipeline
/// applies them once the endpoint has returned.
struct RequestEffects: Sendable {
    /// The response settings the endpoint asked for, if it did.
    var responseHead: ResponseHead?
    /// The request's background tasks, once an endpoint or dependency asked for them.
    var backgroundTasks: BackgroundTasks?
    /// Background tasks carried by the response the endpoint returned.
    var responseBackground: BackgroundTasks?
    /// Cleanups of the scoped dependencies solved so far, in setup order.
    var cleanups: [Cleanup] = []
    /// What the response waits on (durable jobs to commit), in the order it was asked for.
    var gates: [any ResponseGate] = []

    /// Every task to run after the response: the injected ones first, then the response's own.
    var allBackgroundTasks: [BackgroundTask] {
        (backgroundTasks?.all ?? []) + (responseBackground?.all ?? [])
    }
}
