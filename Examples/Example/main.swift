import ExampleApp
import Foundation
import Peregrine
import PeregrineJobs

// Serves the example app on 127.0.0.1:8000, or where --host/--port or HOST/PORT say, and runs
// its durable jobs. `--role server` serves without running jobs, `--role workers` runs jobs
// without serving (several processes may share the jobs store).
var arguments = Array(CommandLine.arguments.dropFirst())
let environment = ProcessInfo.processInfo.environment
guard let role = ExampleRole.take(from: &arguments, environment: environment) else {
    FileHandle.standardError.write(Data("Error: --role takes both, server or workers\n".utf8))
    exit(2)
}
let jobs = try makeExampleJobs(environment: environment)
switch role {
case .workers:
    try await jobs.runWorkers()
case .server, .both:
    try await makeExampleApp(environment: environment, jobs: jobs, runsWorkers: role == .both).run(arguments: arguments)
}
