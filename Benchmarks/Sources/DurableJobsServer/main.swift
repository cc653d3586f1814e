import BenchmarkSupport
import Foundation
import Peregrine
import PeregrineJobs

// The durable-jobs benchmark's Peregrine side (durable_jobs.py drives it):
//   POST /durable/{email}  enqueues a job appending `notification for {email}` to BENCH_LOG,
//                          committed before the 202 (group commit);
//   POST /memory/{email}   the same line from an in-memory background task;
//   POST /latency          enqueues a job that appends how long it waited, in microseconds, to
//                          BENCH_LATENCY (from the enqueue call to the job's start).
// Usage: DurableJobsServer [--port P] [--store PATH] [--role both|server|workers]
//        DurableJobsServer --fill N --store PATH     (enqueues N no-op jobs, then exits)

struct Notify: Job {
    var email: String
    func run(context: JobContext) async throws { try appendLine("notification for \(email)\n") }
}

struct NoOp: Job {
    func run(context: JobContext) async throws {}
}

struct Latency: Job {
    var enqueuedAt: Double
    func run(context: JobContext) async throws {
        let waited = Int((Date().timeIntervalSince1970 - enqueuedAt) * 1_000_000)
        let descriptor = open(ProcessInfo.processInfo.environment["BENCH_LATENCY"] ?? "latency.txt", O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let line = Array("\(waited)\n".utf8)
        _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }
}

@Model
struct Accepted {
    var job_id: String
}

@Model
struct Message {
    var message: String
}

@Routes
struct DurableEndpoints {
    @POST("/durable/{email}", status: 202)
    func durable(email: String, jobs: Jobs) throws -> Accepted {
        Accepted(job_id: try jobs.enqueue(Notify(email: email)).rawValue)
    }

    @POST("/memory/{email}", status: 202)
    func memory(email: String, backgroundTasks: BackgroundTasks) -> Message {
        backgroundTasks.addTask(appendLine, "notification for \(email)\n")
        return Message(message: "Notification sent in the background")
    }

    @POST("/latency", status: 202)
    func latency(jobs: Jobs) throws -> Accepted {
        Accepted(job_id: try jobs.enqueue(Latency(enqueuedAt: Date().timeIntervalSince1970)).rawValue)
    }
}

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

runBlocking {
    let durability: SQLiteJobStore.Durability = option("--synchronous") == "NORMAL" ? .processCrash : .powerLoss
    let jobs = try JobSystem.sqlite(
        path: option("--store") ?? "bench-jobs.sqlite", durability: durability,
        configuration: JobsConfiguration(queues: ["default": Int(option("--concurrency") ?? "") ?? 64]))
    jobs.register(Notify.self)
    jobs.register(NoOp.self)
    jobs.register(Latency.self)
    if let count = option("--fill").flatMap(Int.init) {
        var left = count
        while left > 0 {
            let batch = min(left, 1000)
            try await jobs.enqueue(contentsOf: Array(repeating: NoOp(), count: batch))
            left -= batch
        }
        return
    }
    switch option("--role") ?? "both" {
    case "workers":
        try await jobs.runWorkers()
    case let role:
        let app = App(title: "Peregrine durable-jobs benchmark")
        app.useJobs(jobs, workers: role == "both")
        app.include(DurableEndpoints())
        var arguments: [String] = []
        if let port = option("--port") { arguments += ["--port", port] }
        arguments += ["--log-level", "warning"]
        try await app.run(arguments: arguments)
    }
}
