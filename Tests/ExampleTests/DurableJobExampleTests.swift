import ExampleApp
import Foundation
import Peregrine
import PeregrineJobs
import PeregrineTesting
import Testing

/// The example's durable jobs: the notification's exact contract, a job that fails twice then
/// succeeds, a unique job, a slow job cancelled while it runs, the status routes, the document.
@Suite("Example durable jobs", .serialized)
struct DurableJobExampleTests {
    /// Runs `body` with the example's store and files in a folder of its own.
    static func withFolder(_ body: (URL, JobSystem) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peregrine-durable-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (log, events) = (DurableFiles.log, DurableFiles.events)
        DurableFiles.log = folder.appendingPathComponent("durable-log.txt").path
        DurableFiles.events = folder.appendingPathComponent("durable-events.txt").path
        defer {
            (DurableFiles.log, DurableFiles.events) = (log, events)
            try? FileManager.default.removeItem(at: folder)
        }
        // A periodic digest that never falls due during a test: the 31st of February.
        let jobs = try makeExampleJobs(environment: [
            "JOBS_STORE": folder.appendingPathComponent("jobs.sqlite").path, "DIGEST_CRON": "0 0 31 2 *",
        ])
        try await body(folder, jobs)
    }

    static func status(_ client: TestClient, _ location: String, until state: String) async throws -> JSONValue {
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            let status = try await client.get(location).json()
            if status["state"] == .string(state) { return status }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("\(location) did not reach \(state)")
        return try await client.get(location).json()
    }

    @Test("the durable notification: 202, its id, a Location, and one line in durable-log.txt")
    func durableNotification() async throws {
        try await Self.withFolder { folder, jobs in
            try await makeExampleApp(jobs: jobs).test { client in
                let response = try await client.post("/durable/send-notification/foo@example.com")
                #expect(response.status == .accepted)
                guard case .string(let id)? = try response.json()["job_id"] else {
                    Issue.record("no job id")
                    return
                }
                #expect(try response.json() == ["job_id": .string(id)])
                #expect(response.header("location") == "/jobs/\(id)")
                let status = try await Self.status(client, "/jobs/\(id)", until: "succeeded")
                #expect(status["type"] == "DurableNotification")
                #expect(status["attempt"] == 1 && status["failures"] == 0 && status["errors"] == [])
            }
            #expect(
                try String(contentsOf: folder.appendingPathComponent("durable-log.txt"), encoding: .utf8)
                    == "notification for foo@example.com\n")
        }
    }

    @Test("a job that fails twice keeps both errors and succeeds on its third attempt")
    func flakyImport() async throws {
        try await Self.withFolder { folder, jobs in
            try await makeExampleApp(jobs: jobs).test { client in
                let response = try await client.post("/durable/flaky-import?source=crm")
                let location = try #require(response.header("location"))
                let status = try await Self.status(client, location, until: "succeeded")
                #expect(status["attempt"] == 3 && status["failures"] == 2 && status["max_attempts"] == 5)
                guard case .array(let errors)? = status["errors"] else {
                    Issue.record("no errors in \(status)")
                    return
                }
                #expect(errors.map { $0["error"] } == ["the source did not answer (attempt 1)", "the source did not answer (attempt 2)"])
                #expect(errors.map { $0["attempt"] } == [1, 2])
            }
            #expect(
                try String(contentsOf: folder.appendingPathComponent("durable-events.txt"), encoding: .utf8)
                    == "import of crm succeeded on attempt 3\n")
        }
    }

    @Test("a unique job answers the waiting or running one")
    func uniqueReport() async throws {
        try await Self.withFolder { _, jobs in
            // Enqueued with no workers running, so the first stays waiting.
            try await makeExampleApp(jobs: jobs, runsWorkers: false).test { client in
                let first = try await client.post("/durable/account-report/acme")
                let second = try await client.post("/durable/account-report/acme")
                #expect(first.status == .accepted && second.status == .accepted)
                #expect(try first.json()["existed"] == false && second.json()["existed"] == true)
                #expect(try first.json()["job_id"] == second.json()["job_id"])
                #expect(first.header("location") == second.header("location"))
                #expect(try await client.post("/durable/account-report/globex").json()["existed"] == false)
            }
        }
    }

    @Test("a slow job cancelled while it runs ends cancelled; its seconds are validated")
    func slowReportCancelled() async throws {
        try await Self.withFolder { folder, jobs in
            try await makeExampleApp(jobs: jobs).test { client in
                let invalid = try await client.post("/durable/slow-report?seconds=31")
                #expect(invalid.status == .unprocessableContent)
                #expect(try invalid.json()["detail"]?[0]?["type"] == "less_than_equal")
                let response = try await client.post("/durable/slow-report?seconds=20")
                let location = try #require(response.header("location"))
                _ = try await Self.status(client, location, until: "running")
                let cancel = try await client.post(location + "/cancel")
                #expect(cancel.status == .ok)
                #expect(try cancel.json()["cancel_requested"] == true)
                let status = try await Self.status(client, location, until: "cancelled")
                #expect(status["failures"] == 0)
            }
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("durable-events.txt").path))
        }
    }

    @Test("an unknown job is a 404 with FastAPI's detail")
    func unknownJob() async throws {
        try await Self.withFolder { _, jobs in
            try await makeExampleApp(jobs: jobs, runsWorkers: false).test { client in
                let response = try await client.get("/jobs/00000000-0000-0000-0000-000000000000")
                #expect(response.status == .notFound)
                #expect(try response.json() == ["detail": "Job not found"])
            }
        }
    }

    @Test("the document shows the 202 with its Location and the typed status")
    func document() async throws {
        try await Self.withFolder { _, jobs in
            try await makeExampleApp(jobs: jobs, runsWorkers: false).test { client in
                let document = try await client.get("/openapi.json").json()
                let accepted = document["paths"]?["/durable/send-notification/{email}"]?["post"]?["responses"]?["202"]
                #expect(accepted?["headers"]?["Location"] == ["description": "Where the work's status is read", "schema": ["type": "string"]])
                #expect(accepted?["content"]?["application/json"]?["schema"] == ["$ref": "#/components/schemas/JobAcceptance"])
                let status = document["paths"]?["/jobs/{job_id}"]?["get"]?["responses"]
                #expect(status?["200"]?["content"]?["application/json"]?["schema"] == ["$ref": "#/components/schemas/JobStatus"])
                #expect(status?["404"]?["description"] == "No such job")
                #expect(
                    document["components"]?["schemas"]?["JobState"]?["enum"]
                        == ["available", "running", "succeeded", "discarded", "cancelled"])
            }
        }
    }

    @Test("the example's role comes from --role or ROLE")
    func roles() {
        var arguments = ["--port", "8001", "--role", "workers"]
        #expect(ExampleRole.take(from: &arguments, environment: [:]) == .workers)
        #expect(arguments == ["--port", "8001"])
        arguments = ["--role=server"]
        #expect(ExampleRole.take(from: &arguments, environment: ["ROLE": "workers"]) == .server)
        arguments = []
        #expect(ExampleRole.take(from: &arguments, environment: ["ROLE": "workers"]) == .workers)
        #expect(ExampleRole.take(from: &arguments, environment: [:]) == .both)
        arguments = ["--role", "everything"]
        #expect(ExampleRole.take(from: &arguments, environment: [:]) == nil)
    }
}
