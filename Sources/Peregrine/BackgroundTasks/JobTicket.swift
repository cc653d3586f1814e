import Synchronization

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
            await Cleanup.runAll(job.cleanups, error: nil)
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
