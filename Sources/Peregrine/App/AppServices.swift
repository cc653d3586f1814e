/// What every request of an app can reach, whatever its route: the app's state, its URL builder,
/// its body and form limits, its default response class, its background-task runner and its
/// dependency overrides. One instance per served app, built from the ``App`` when it starts.
final class AppServices: Sendable {
    let state: AppState
    let urls: URLBuilder
    let maxBodySize: Int
    let formLimits: FormLimits
    let defaultResponseClass: (any ResponseClass.Type)?
    let taskRunner: BackgroundTaskRunner
    let overrides: DependencyOverrides
    /// The path the app is served under (its root path, and for a mounted app its mount point):
    /// redirects point below it.
    let rootPath: String

    init(
        state: AppState, urls: URLBuilder, maxBodySize: Int, formLimits: FormLimits,
        defaultResponseClass: (any ResponseClass.Type)?, taskRunner: BackgroundTaskRunner, overrides: DependencyOverrides,
        rootPath: String = ""
    ) {
        self.rootPath = rootPath
        self.state = state
        self.urls = urls
        self.maxBodySize = maxBodySize
        self.formLimits = formLimits
        self.defaultResponseClass = defaultResponseClass
        self.taskRunner = taskRunner
        self.overrides = overrides
    }
}
