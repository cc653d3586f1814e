import ArgumentParser
import Foundation
import Logging

/// The command-line options of an app's executable, each with an environment variable fallback:
/// `--host` (`HOST`), `--port` (`PORT`) and `--log-level` (`LOG_LEVEL`).
struct ServerOptions: ParsableArguments {
    @Option(help: "The address to listen on (environment: HOST).")
    var host: String = ProcessInfo.processInfo.environment["HOST"] ?? "127.0.0.1"

    @Option(help: "The port to listen on (environment: PORT).")
    var port: Int = ProcessInfo.processInfo.environment["PORT"].flatMap(Int.init) ?? 8000

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (environment: LOG_LEVEL).")
    var logLevelName: String = ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "info"

    var logLevel: Logger.Level { Logger.Level(rawValue: logLevelName.lowercased()) ?? .info }

    mutating func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("port must be between 0 and 65535") }
        guard Logger.Level(rawValue: logLevelName.lowercased()) != nil else {
            throw ValidationError("unknown log level '\(logLevelName)'")
        }
    }
}
